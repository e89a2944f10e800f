#pragma once

// Plain records of the store (evaluator). Dates are rules::Date (logical dates); `...At`
// fields are wall-clock timestamps (ISO 8601, UTC) kept for audit only.

#include "cqp/repositories/Id.h"
#include "cqp/rules/Date.h"
#include "cqp/rules/Eligibility.h"

#include <optional>
#include <string>
#include <vector>

namespace cqp::pipeline {

struct Evaluator {
    Id id = 0;
    std::string registryNumber;
    std::string nom;
    std::string prenom;
    std::string email;
    rules::Date registryDate;
    std::vector<std::string> employerSirens;
    std::vector<rules::Habilitation> habilitations;

    rules::EvaluatorProfile profile() const;
};

}  // namespace cqp::pipeline
