#pragma once

// Plain records of the store (jury). Dates are rules::Date (logical dates); `...At`
// fields are wall-clock timestamps (ISO 8601, UTC) kept for audit only.

#include "cqp/repositories/Id.h"
#include "cqp/rules/Date.h"

#include <optional>
#include <string>
#include <vector>

namespace cqp::pipeline {

struct Jury {
    Id id = 0;
    rules::Date date;
    int capacity = 0;
    std::optional<std::string> certificateCode;
    std::optional<rules::Date> frozenOn;
    rules::Date createdOn;
    int placed = 0;  ///< read-only: candidatures currently placed in it
};

struct Registration {
    Id id = 0;
    Id candidatureId = 0;
    Id requestedJuryId = 0;
    std::optional<Id> placedJuryId;
    rules::Date receivedOn;
    bool moved = false;
};

struct Decision {
    Id candidatureId = 0;
    std::string competenceCode;
    bool validated = false;
    Id juryId = 0;
    rules::Date decidedOn;
};

struct AcquiredCompetence {
    Id candidateId = 0;
    std::string certificateCode;
    std::string competenceCode;
    rules::Date acquiredOn;
    rules::Date validUntil;
    Id candidatureId = 0;
};

}  // namespace cqp::pipeline
