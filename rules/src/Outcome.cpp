#include "cqp/rules/Outcome.h"

#include <algorithm>
#include <map>
#include <set>

namespace cqp::rules {

CandidatureStatus statusOf(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Valide: return CandidatureStatus::Valide;
    case Outcome::Partiel: return CandidatureStatus::Partiel;
    case Outcome::NonValide: return CandidatureStatus::NonValide;
    }
    return CandidatureStatus::NonValide;
}

std::string_view outcomeLabel(Outcome outcome) { return statusLabel(statusOf(outcome)); }

namespace {

std::set<std::string> stillValid(const std::vector<Acquisition>& earlier, Date on)
{
    std::set<std::string> codes;
    for (const auto& a : earlier)
        if (a.acquiredOn <= on && on < a.validUntil)
            codes.insert(a.competenceCode);
    return codes;
}

}  // namespace

OutcomeResult decideOutcome(const Certificate& certificate, const std::vector<std::string>& chosen,
                            const std::vector<CompetenceDecision>& decisions,
                            const std::vector<Acquisition>& earlier, Date decidedOn, const Deadlines& deadlines)
{
    OutcomeResult result;
    const std::set<std::string> chosenSet(chosen.begin(), chosen.end());
    std::map<std::string, bool> decided;
    for (const auto& d : decisions) {
        if (!certificate.competence(d.competenceCode)) {
            result.problems.push_back({"decision_unknown_competence",
                                       "La compétence " + d.competenceCode + " n'appartient pas au " +
                                           std::string{kindCode(certificate.kind)} + " « " + certificate.title + " »."});
        } else if (!chosenSet.count(d.competenceCode)) {
            result.problems.push_back({"decision_competence_not_chosen",
                                       "La compétence " + d.competenceCode +
                                           " ne fait pas partie des compétences choisies pour cette candidature."});
        } else if (!decided.emplace(d.competenceCode, d.validated).second) {
            result.problems.push_back({"decision_duplicate",
                                       "La compétence " + d.competenceCode + " a reçu plusieurs décisions."});
        }
    }
    for (const auto& code : chosen)
        if (!decided.count(code))
            result.problems.push_back({"decision_missing",
                                       "La décision du jury manque pour la compétence " + code + "."});
    if (!result.ok())
        return result;

    const auto acquired = stillValid(earlier, decidedOn);
    for (const auto& comp : certificate.competences) {
        const auto it = decided.find(comp.code);
        if (it != decided.end() && it->second)
            result.validatedNow.push_back(comp.code);
        else if (acquired.count(comp.code))
            result.stillAcquired.push_back(comp.code);
        else
            result.remaining.push_back(comp.code);
    }
    if (result.remaining.empty())
        result.outcome = Outcome::Valide;
    else if (!result.validatedNow.empty())
        result.outcome = Outcome::Partiel;
    else
        result.outcome = Outcome::NonValide;

    if (result.outcome == Outcome::Partiel) {
        const Date until = decidedOn.plusYears(deadlines.acquiredValidityYears);
        for (const auto& code : result.validatedNow)
            result.newAcquisitions.push_back({code, decidedOn, until});
    }
    return result;
}

std::vector<std::string> competencesToEvaluate(const Certificate& certificate,
                                               const std::vector<Acquisition>& earlier, Date on)
{
    const auto acquired = stillValid(earlier, on);
    std::vector<std::string> codes;
    for (const auto& comp : certificate.competences)
        if (!acquired.count(comp.code))
            codes.push_back(comp.code);
    return codes;
}

}  // namespace cqp::rules
