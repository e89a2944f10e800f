#pragma once

#include "cqp/pipeline/Stage.h"

#include <string>

namespace cqp::pipeline {

/// ingest: reads the queued scans (the XML of a message is applied by fetch, in the message's
/// own transaction). A page
/// of one of the branch's forms is identified by its QR code and filed with its candidature
/// (outil n°4 with the candidature, outil n°6 with the candidate). An outil n°4 read with
/// certainty — one box per competence, the evaluator's signature — gives the results when no
/// XML gave them yet, under the same rules; anything ambiguous, unsigned or in conflict with
/// the XML opens a review for the secretariat. Nothing is guessed.
class ScanStage : public Stage {
public:
    std::string name() const override { return "ingest"; }
    StageReport run(StageContext& context) override;
};

}  // namespace cqp::pipeline
