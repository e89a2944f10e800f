#pragma once

#include "cqp/stages/ParchmentSettings.h"
#include "cqp/stages/Stage.h"

namespace cqp::pipeline {

/// report: once a month, the statistics of the month before (PDF and CSV, as `cqp stats`
/// writes them) mailed to the secretariat — once (table `reminders`), and only for a month in
/// which something happened.
class ReportStage : public Stage {
public:
    explicit ReportStage(ParchmentSettings settings = {}) : settings_{std::move(settings)} {}
    std::string name() const override { return "report"; }
    StageReport run(StageContext& context) override;

private:
    ParchmentSettings settings_;
};

}  // namespace cqp::pipeline
