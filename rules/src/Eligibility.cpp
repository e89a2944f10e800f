#include "cqp/rules/Eligibility.h"

#include "cqp/rules/Siret.h"

#include <algorithm>

namespace cqp::rules {

Refusals checkEvaluatorEligibility(const EvaluatorProfile& evaluator, std::string_view certificateCode,
                                   Date evaluationDate, std::string_view companySiret)
{
    Refusals refusals;
    const bool habilitated = std::any_of(
        evaluator.habilitations.begin(), evaluator.habilitations.end(), [&](const Habilitation& h) {
            return h.certificateCode == certificateCode && h.validFrom <= evaluationDate &&
                   (!h.validUntil || evaluationDate <= *h.validUntil);
        });
    if (!habilitated)
        refusals.push_back({"evaluator_not_habilitated",
                            "L'évaluateur " + evaluator.displayName + " (n°" + evaluator.registryNumber +
                                ") n'est pas habilité pour le CQP " + std::string{certificateCode} + " au " +
                                evaluationDate.french() + "."});
    const std::string siren = sirenOf(companySiret);
    if (!siren.empty() &&
        std::find(evaluator.employerSirens.begin(), evaluator.employerSirens.end(), siren) != evaluator.employerSirens.end())
        refusals.push_back({"evaluator_employed_by_company",
                            "L'évaluateur " + evaluator.displayName + " (n°" + evaluator.registryNumber +
                                ") est salarié de l'entreprise du candidat (SIREN " + siren +
                                ") : il doit en être indépendant."});
    return refusals;
}

Refusals checkBirthDate(Date born, Date today, int minimumAge)
{
    if (born > today)
        return {{"birth_date_future", "La date de naissance (" + born.french() + ") est postérieure à la date de réception (" +
                                          today.french() + ") : vérifiez-la."}};
    if (born.plusYears(minimumAge) > today)
        return {{"candidate_too_young", "Avec une date de naissance le " + born.french() + ", le candidat aurait moins de " +
                                            std::to_string(minimumAge) + " ans : vérifiez la date."}};
    return {};
}

}  // namespace cqp::rules
