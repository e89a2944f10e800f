#pragma once

#include "cqp/repositories/Id.h"
#include "cqp/stages/Stage.h"

#include <string>

namespace cqp::pipeline {

struct ParchmentSettings;

/// render: gives every validé candidature its parchment and every partiel one its attestation
/// (numbered per year, verification code computed with the secretariat's key), then makes one
/// print batch per jury with what is not printed yet — packing sheet per company, parchments
/// then attestations, by company then name — written to the print folder, kept in the store
/// and mailed to the secretariat. Each step is one transaction: a rerun does nothing twice.
class RenderStage : public Stage {
public:
    explicit RenderStage(const ParchmentSettings& settings) : settings_{settings} {}
    std::string name() const override { return "render"; }
    StageReport run(StageContext& context) override;

private:
    void number(StageContext& context, StageReport& report);
    void printBatches(StageContext& context, StageReport& report);
    const ParchmentSettings& settings_;
};

/// The code printed on a parchment: HMAC-SHA256 with the secretariat's key over the
/// parchment's facts, 80 bits in base 32, "XXXX-XXXX-XXXX-XXXX". Without the key nobody
/// can make a code that `cqp verify` accepts.
std::string verificationCode(const std::string& key, const std::string& facts);

/// The secretariat's key, created (32 random bytes, owner-only file) when missing.
std::string parchmentKey(const ParchmentSettings& settings, bool create);

}  // namespace cqp::pipeline
