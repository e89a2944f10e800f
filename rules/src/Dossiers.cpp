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

std::optional<Refusal> checkCompanyCorrection(const std::vector<CorrectedCandidature>& candidatures)
{
    for (const auto& c : candidatures) {
        const std::string which = "la candidature n°" + std::to_string(c.id);
        if (isFinal(c.status))
            return Refusal{"correction_closed", which + " a reçu la décision du jury (« " + std::string{statusLabel(c.status)} +
                                                    " ») : le dossier ne peut plus être corrigé par envoi ; écrivez au "
                                                    "secrétariat des CQP."};
        if (c.onFrozenList)
            return Refusal{"correction_closed", which + " est sur la liste arrêtée de son jury : le dossier ne peut plus être "
                                                    "corrigé par envoi ; écrivez au secrétariat des CQP, qui informera le jury."};
    }
    return std::nullopt;
}

std::string resultsDisagreement(const Certificate* certificate, const std::string& code, bool onPaper, bool sent)
{
    const auto* competence = certificate ? certificate->competence(code) : nullptr;
    const auto said = [](bool acquired) { return acquired ? "acquis" : "non acquis"; };
    return "compétence " + code + (competence ? " « " + competence->title + " »" : std::string{}) + " : « " + said(onPaper) +
           " » sur l'outil n°4, « " + said(sent) + " » dans les résultats envoyés";
}

namespace {

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

std::vector<FieldChange> changedFields(const std::vector<FieldChange>& fields)
{
    std::vector<FieldChange> out;
    for (const auto& f : fields)
        if (trimmed(f.before) != trimmed(f.after))
            out.push_back({f.label, trimmed(f.before), trimmed(f.after)});
    return out;
}

std::string describeChanges(const std::vector<FieldChange>& changes)
{
    std::string out;
    for (const auto& c : changes)
        out += (out.empty() ? "" : " ; ") + c.label + " : " + (c.before.empty() ? "(vide)" : c.before) + " → " +
               (c.after.empty() ? "(vide)" : c.after);
    return out;
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
