#pragma once

// Plain records of the store (parchment). Dates are rules::Date (logical dates); `...At`
// fields are wall-clock timestamps (ISO 8601, UTC) kept for audit only.

#include "cqp/repositories/Codes.h"
#include "cqp/repositories/Id.h"
#include "cqp/rules/Date.h"

#include <optional>
#include <string>
#include <vector>

namespace cqp::pipeline {

/// A parchment for a candidature validé, an attestation for a partiel one.
enum class ParchmentKind { Parchemin, Attestation };

template <>
struct CodeTable<ParchmentKind> {
    static constexpr std::array<std::pair<ParchmentKind, std::string_view>, 2> codes{{
        {ParchmentKind::Parchemin, "parchemin"},
        {ParchmentKind::Attestation, "attestation"},
    }};
};

/// A parchment (validé) or an attestation (partiel), numbered per year: "2027-0001".
struct Parchment {
    Id id = 0;
    Id candidatureId = 0;
    int year = 0;
    int number = 0;
    rules::Date issuedOn;
    std::string verificationCode;
    std::optional<rules::Date> revokedOn;
    std::string revokeReason;
    ParchmentKind kind = ParchmentKind::Parchemin;
    std::optional<Id> printBatchId;
    bool reissue = false;            ///< revoked to be replaced by a new number and code
    std::optional<Id> replacesId = std::nullopt;  ///< the revoked parchment this one replaces

    std::string label() const;  ///< "2027-0001"
};

}  // namespace cqp::pipeline
