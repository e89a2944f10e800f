#include "cqp/rules/Dossiers.h"

#include "cqp/rules/PaperText.h"

#include <algorithm>
#include <cctype>

namespace cqp::rules {

namespace {

bool sameAddress(const std::string& a, const std::string& b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

std::optional<Refusal> checkReference(const std::optional<std::string>& reference, std::optional<std::int64_t> holder,
                                      const std::string& what)
{
    if (!reference || !holder)
        return std::nullopt;
    return Refusal{"reference_taken",
                   "la référence « " + *reference + " » désigne déjà " + what + " n°" + std::to_string(*holder) + "."};
}

std::optional<Refusal> checkDuplicateCandidate(const std::string& nomNaissance, const std::string& prenoms,
                                               const std::vector<KnownCandidate>& bornSameDay)
{
    const std::string nom = foldedForComparison(nomNaissance);
    const std::string given = foldedForComparison(prenoms);
    for (const auto& other : bornSameDay)
        if (foldedForComparison(other.nomNaissance) == nom && foldedForComparison(other.prenoms) == given)
            return Refusal{"candidate_exists", "ce candidat existe déjà dans votre compte (candidat n°" + std::to_string(other.id) +
                                                   ", même nom de naissance, prénoms et date de naissance)."};
    return std::nullopt;
}

std::vector<IndexedRefusal> checkCompetencesAimed(const Certificate& certificate, const std::vector<std::string>& aimed,
                                                  const std::vector<std::string>& toEvaluate)
{
    std::vector<IndexedRefusal> out;
    for (std::size_t i = 0; i < aimed.size(); ++i) {
        const auto& code = aimed[i];
        if (!certificate.competence(code))
            out.push_back({static_cast<int>(i),
                           {"competence_unknown",
                            "la compétence « " + code + " » n'appartient pas au CQP « " + certificate.title + " »."}});
        else if (std::find(toEvaluate.begin(), toEvaluate.end(), code) == toEvaluate.end())
            out.push_back({static_cast<int>(i),
                           {"competence_acquired", "la compétence « " + code +
                                                       " » est déjà acquise par ce candidat (décision d'un jury précédent "
                                                       "encore valide)."}});
    }
    return out;
}

std::optional<Refusal> checkOneOpenCandidature(const std::string& certificateCode, const std::vector<OtherCandidature>& others)
{
    for (const auto& other : others)
        if (other.certificateCode == certificateCode && !isFinal(other.status))
            return Refusal{"candidature_open", "le candidat a déjà une candidature en cours pour ce CQP (candidature n°" +
                                                   std::to_string(other.id) + ")."};
    return std::nullopt;
}

bool metierObservationsNeeded(CandidatureStatus status, bool observationsGiven)
{
    return !observationsGiven &&
           (status == CandidatureStatus::EnAttenteEvaluation || status == CandidatureStatus::ValidationEvaluation);
}

bool mayFilePaper(const std::string& sender, const std::vector<SenderAccount>& accounts, const DossierHolders& dossier)
{
    if (sender.empty())
        return true;
    for (const auto& account : accounts) {
        if (account.status != AccountStatus::Active)
            continue;
        if (account.role == AccountRole::Secretariat ||
            (account.role == AccountRole::Entreprise && account.id == dossier.companyAccountId) ||
            (account.role == AccountRole::Evaluateur && account.evaluatorId && account.evaluatorId == dossier.evaluatorId))
            return true;
    }
    return dossier.evaluatorId && sameAddress(dossier.evaluatorAddress, sender);
}

}  // namespace cqp::rules
