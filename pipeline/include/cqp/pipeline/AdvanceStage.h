#pragma once

#include "cqp/pipeline/Stage.h"

namespace cqp::pipeline {

/// Moves every candidature that is not final as far as the rules allow on the logical date,
/// one status at a time, each move in its own transaction with its history line. A partial
/// outcome records the competences it leaves acquired.
class AdvanceStage : public Stage {
public:
    std::string name() const override { return "advance"; }
    StageReport run(StageContext& context) override;
};

}  // namespace cqp::pipeline
