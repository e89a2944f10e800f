#pragma once

#include "cqp/stages/Stage.h"

#include <cstddef>
#include <string>

namespace cqp::pipeline {

struct ParchmentSettings;
struct Jury;
class Workflow;

/// jury: every night, each jury whose registration cut-off has passed is frozen — from then
/// on only a secretariat command with a reason changes its list — and gets its jury list
/// (per CQP: candidatures, companies, the evaluator's result per competence) and its jury file
/// (per candidature: summary, results and comments, both evaluators' and the candidate's
/// observations, then the scans of outils n°4 and n°6), kept in the store, written to the jury
/// folder and mailed to the jury members and the secretariat. One transaction per jury.
class JuryStage : public Stage {
public:
    explicit JuryStage(const ParchmentSettings& settings) : settings_{settings} {}
    std::string name() const override { return "jury"; }
    StageReport run(StageContext& context) override;

private:
    void prepare(StageContext& context, Workflow& workflow, const Jury& jury, const std::string& listPdf,
                 const std::string& filePdf, std::size_t count);
    const ParchmentSettings& settings_;
};

}  // namespace cqp::pipeline
