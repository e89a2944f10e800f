#pragma once

#include "cqp/rules/Date.h"
#include "cqp/rules/Refusal.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cqp::rules {

/// An habilitation of the CPNE for one CQP, valid from `validFrom` to `validUntil` (inclusive).
struct Habilitation {
    std::string certificateCode;
    Date validFrom;
    std::optional<Date> validUntil;
};

/// What the registry of évaluateurs habilités says of one evaluator.
struct EvaluatorProfile {
    std::string registryNumber;
    std::string displayName;
    std::vector<Habilitation> habilitations;
    std::vector<std::string> employerSirens;  ///< companies (SIREN) the evaluator works for
};

/// An évaluateur habilité may evaluate a candidature when habilitated for its CQP on the
/// evaluation date and not employed by the candidate's company (same SIREN as the
/// établissement's SIRET). Empty when eligible.
Refusals checkEvaluatorEligibility(const EvaluatorProfile& evaluator, std::string_view certificateCode,
                                   Date evaluationDate, std::string_view companySiret);

/// A candidate's birth date, received on `today`: not in the future, and the candidate at least
/// `minimumAge` years old (working age: 16). Empty when plausible.
Refusals checkBirthDate(Date born, Date today, int minimumAge = 16);

}  // namespace cqp::rules
