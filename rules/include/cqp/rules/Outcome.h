#pragma once

#include "cqp/rules/Date.h"
#include "cqp/rules/Deadlines.h"
#include "cqp/rules/Referential.h"
#include "cqp/rules/Refusal.h"
#include "cqp/rules/Status.h"

#include <string>
#include <vector>

namespace cqp::rules {

/// What the jury paritaire national decides for a candidature.
enum class Outcome { Valide, Partiel, NonValide };

CandidatureStatus statusOf(Outcome outcome);
std::string_view outcomeLabel(Outcome outcome);  // "validé", "partiel", "non validé"

/// The jury's decision for one competence of the candidature.
struct CompetenceDecision {
    std::string competenceCode;
    bool validated = false;
};

/// A competence validated by an earlier partial outcome, acquired until `validUntil` (excluded).
struct Acquisition {
    std::string competenceCode;
    Date acquiredOn;
    Date validUntil;
};

struct OutcomeResult {
    Outcome outcome = Outcome::NonValide;
    std::vector<std::string> validatedNow;        ///< validated by this decision
    std::vector<std::string> stillAcquired;       ///< from earlier outcomes, still valid
    std::vector<std::string> remaining;           ///< competences of the CQP not validated
    std::vector<Acquisition> newAcquisitions;     ///< what a partial outcome leaves acquired
    Refusals problems;                            ///< decisions that cannot be applied

    bool ok() const { return problems.empty(); }
};

/// Applies the jury's per-competence decisions: validé when every competence of the CQP is
/// validated (counting competences still acquired from earlier outcomes), partiel when this
/// decision validates some, non validé when it validates none. Decisions must cover every
/// chosen competence exactly once and nothing else.
OutcomeResult decideOutcome(const Certificate& certificate, const std::vector<std::string>& chosen,
                            const std::vector<CompetenceDecision>& decisions,
                            const std::vector<Acquisition>& earlier, Date decidedOn, const Deadlines& deadlines);

/// Competences of the CQP a new candidature still has to pass on `on`, given earlier acquisitions.
std::vector<std::string> competencesToEvaluate(const Certificate& certificate,
                                               const std::vector<Acquisition>& earlier, Date on);

}  // namespace cqp::rules
