#pragma once

#include "cqp/stages/ParchmentSettings.h"
#include "cqp/stages/Stage.h"

namespace cqp::pipeline {

class Workflow;

/// advance: what the date alone changes, each item in its own transaction.
///  - Statuses: every candidature that is not final goes as far as the rules allow on the logical
///    date, one status at a time, with its history lines and mails; a partial outcome records the
///    competences it leaves acquired.
///  - Reminders, each mailed once (table `reminders`): the results window of an evaluation
///    closing (evaluator and company), a jury's registration cut-off near for a candidature in
///    validation de l'évaluation (company), the évaluateur métier silent before that cut-off
///    (company and évaluateur habilité), jury decisions late (secretariat and jury members).
class AdvanceStage : public Stage {
public:
    explicit AdvanceStage(ParchmentSettings settings = {}) : settings_{std::move(settings)} {}
    std::string name() const override { return "advance"; }
    StageReport run(StageContext& context) override;

private:
    void advanceStatuses(StageContext& context, Workflow& workflow, StageReport& report);
    void remindResults(StageContext& context, Workflow& workflow, StageReport& report);
    void remindRegistrations(StageContext& context, Workflow& workflow, StageReport& report);
    void remindMetierObservations(StageContext& context, Workflow& workflow, StageReport& report);
    void remindLateDecisions(StageContext& context, Workflow& workflow, StageReport& report);
    ParchmentSettings settings_;
};

}  // namespace cqp::pipeline
