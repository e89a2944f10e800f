// A company corrects its own candidate or candidature by sending it again, signed, with the same
// reference: allowed until a jury's list holding the dossier is frozen (rules::checkCompanyCorrection),
// every changed field kept in the history as « avant → après ».

#include "SubmissionHandlers.h"

#include "cqp/outbox/Letters.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/rules/Dossiers.h"
#include "cqp/rules/Eligibility.h"
#include "cqp/rules/Statistics.h"

#include <algorithm>

#include "cqp/rules/FrenchText.h"

namespace cqp::pipeline::detail {

namespace {

std::string dateText(const std::optional<rules::Date>& date) { return date ? date->french() : ""; }


// Refuses the correction when one of these candidatures is past the point of correction.
void checkCorrectable(HandlerContext& ctx, const std::vector<Id>& candidatures, std::string_view element)
{
    std::vector<rules::CorrectedCandidature> facts;
    for (const Id id : candidatures) {
        const auto c = ctx.store().candidatures().candidature(id);
        bool frozen = false;
        if (const auto registration = ctx.store().juries().registrationOf(id); registration && registration->placedJuryId)
            if (const auto jury = ctx.store().juries().jury(*registration->placedJuryId))
                frozen = jury->frozenOn.has_value();
        facts.push_back({id, c->status, frozen});
    }
    if (const auto refusal = rules::checkCompanyCorrection(facts))
        ctx.refuse({*refusal}, element);
}

// One history line per candidature: the status stays, the changes are the reason.
void recordCorrection(HandlerContext& ctx, const std::vector<Id>& candidatures, const std::string& rule,
                      const std::string& changes)
{
    for (const Id id : candidatures) {
        const auto c = ctx.store().candidatures().candidature(id);
        ctx.store().candidatures().recordEvent(id, StatusChange{c->status, c->status, ctx.workflow.today(),
                                                                ctx.accountActor(), rule,
                                                                ctx.documentId, changes});
    }
}

}  // namespace

void correctCandidate(HandlerContext& ctx, const Candidate& existing, const ingest::CandidateSubmission& s)
{
    auto& repo = ctx.store().candidatures();
    const auto candidatures = repo.candidaturesOfCandidate(existing.id);
    checkCorrectable(ctx, candidatures, "candidat");
    Candidate corrected = existing;
    copyCivil(corrected, s.civil);
    corrected.email = s.email;
    const auto changes = rules::changedFields({
        {"Nom de naissance", existing.nomNaissance, corrected.nomNaissance},
        {"Nom d'usage", existing.nomUsage, corrected.nomUsage},
        {"Prénoms", existing.prenoms, corrected.prenoms},
        {"Sexe", existing.sexe, corrected.sexe},
        {"Date de naissance", dateText(existing.dateNaissance), dateText(corrected.dateNaissance)},
        {"Commune de naissance", existing.communeNaissance, corrected.communeNaissance},
        {"Pays de naissance", existing.paysNaissance, corrected.paysNaissance},
        {"Code INSEE", existing.codeInsee, corrected.codeInsee},
        {"Courriel", existing.email, corrected.email},
    });
    ctx.outcome.candidateId = existing.id;
    if (changes.empty()) {
        ctx.done("Candidat n°" + std::to_string(existing.id) + " (votre référence « " + *s.reference +
                 " ») : rien à corriger, le dossier dit déjà cela.");
        fileCandidatePapers(ctx, existing.id, s);
        return;
    }
    std::vector<rules::KnownCandidate> bornSameDay;
    for (const auto& other : repo.candidatesBornOn(ctx.account->id, s.civil.dateNaissance))
        if (other.id != existing.id)
            bornSameDay.push_back({other.id, other.nomNaissance, other.prenoms});
    if (const auto refusal = rules::checkDuplicateCandidate(s.civil.nomNaissance, s.civil.prenoms, bornSameDay))
        ctx.refuse({*refusal}, "etatCivil");
    repo.updateCandidate(corrected);
    const std::string described = rules::describeChanges(changes);
    recordCorrection(ctx, candidatures, "correction_candidat", "Candidat corrigé par l'entreprise : " + described);
    ctx.done("Candidat n°" + std::to_string(existing.id) + " corrigé (votre référence « " + *s.reference + " ») : " + described +
             ".");
    fileCandidatePapers(ctx, existing.id, s);
    if (!candidatures.empty() && s.outil6File.empty())
        ctx.done("Si l'outil n°6 signé portait les anciennes valeurs, renvoyez-le corrigé et signé.");
}

void correctCandidature(HandlerContext& ctx, const Candidature& existing, const ingest::CandidatureSubmission& s)
{
    checkCorrectable(ctx, {existing.id}, "candidature");
    if (s.certificateCode != existing.certificateCode)
        ctx.refuse("cqp", "une candidature ne change pas de CQP (« " + existing.certificateCode + " » → « " + s.certificateCode +
                              " ») : envoyez une nouvelle candidature avec une autre référence.");
    const Candidate candidate = resolveCandidate(ctx, s.candidate, "candidat");
    if (candidate.id != existing.candidateId)
        ctx.refuse("candidat", "la candidature de référence « " + *s.reference + " » est celle d'un autre candidat (n°" +
                                   std::to_string(existing.candidateId) + ").");
    const bool evaluated = ctx.store().candidatures().evaluation(existing.id).has_value();
    const auto etablissement = accountsEtablissement(ctx, s.siret);
    if (s.competences != existing.competences) {
        if (evaluated)
            ctx.refuse("competence", "les résultats de l'évaluation sont reçus : les compétences visées ne changent plus.");
        if (const auto* certificate = ctx.workflow.referential().certificate(s.certificateCode))
            checkAimedCompetences(ctx, existing.candidateId, *certificate, s.competences);
    }
    const auto before = existing.evaluatorId ? ctx.store().evaluators().evaluator(*existing.evaluatorId) : std::nullopt;
    const bool evaluatorChanged = !before || before->registryNumber != s.evaluatorNumber;
    if (evaluatorChanged && evaluated)
        ctx.refuse("evaluateurHabilite", "les résultats de l'évaluation sont reçus : l'évaluateur habilité ne change plus.");
    // A new évaluateur or a new date is checked as at creation; else what was checked stands.
    const Evaluator evaluator = evaluatorChanged || s.plannedEvaluation != existing.plannedEvaluationDate
                                    ? eligibleEvaluator(ctx, s, etablissement.siret)
                                    : *before;
    Candidature corrected = existing;
    corrected.parcours = s.parcours;
    corrected.dispositif = s.dispositif;
    corrected.organismeFormation = s.organismeName + (s.organismeSiret.empty() ? "" : " (SIRET " + s.organismeSiret + ")");
    corrected.competences = s.competences;
    corrected.plannedEvaluationDate = s.plannedEvaluation;
    corrected.evaluatorId = evaluator.id;
    if (evaluatorChanged)
        corrected.evaluatorConfirmedOn = ctx.workflow.today();
    const auto changes = rules::changedFields({
        {"Parcours", existing.parcours, corrected.parcours},
        {"Dispositif", rules::dispositifLabel(existing.dispositif), rules::dispositifLabel(corrected.dispositif)},
        {"Organisme de formation", existing.organismeFormation, corrected.organismeFormation},
        {"Compétences visées", rules::joined(existing.competences, ", "), rules::joined(corrected.competences, ", ")},
        {"Évaluateur habilité", before ? before->prenom + " " + before->nom : "", evaluator.prenom + " " + evaluator.nom},
        {"Date d'évaluation prévue", dateText(existing.plannedEvaluationDate), dateText(corrected.plannedEvaluationDate)},
    });
    ctx.outcome.candidateId = existing.candidateId;
    ctx.outcome.candidatureId = existing.id;
    if (changes.empty()) {
        ctx.done("Candidature n°" + std::to_string(existing.id) + " (votre référence « " + *s.reference +
                 " ») : rien à corriger, le dossier dit déjà cela.");
        return;
    }
    ctx.store().candidatures().updateCandidature(corrected);
    const std::string described = rules::describeChanges(changes);
    recordCorrection(ctx, {existing.id}, "correction_candidature", "Candidature corrigée par l'entreprise : " + described);
    ctx.done("Candidature n°" + std::to_string(existing.id) + " corrigée (votre référence « " + *s.reference + " ») : " +
             described + ".");
    if (evaluatorChanged) {
        // With its forms (outil n°4, métier invitation), rendered when the mail goes.
        ctx.workflow.queue("evaluator_confirmed", existing.id, evaluator.email,
                           outbox::evaluatorConfirmed(ctx.workflow.dossierLine(corrected), ctx.account->displayName,
                                                      s.plannedEvaluation.french()));
        ctx.done("L'évaluateur habilité " + evaluator.prenom + " " + evaluator.nom + " est informé de votre choix.");
    }
    ctx.workflow.advance(existing.id, ctx.accountActor(), ctx.documentId);
    ctx.done(statusSentence(ctx.store(), existing.id));
}

}  // namespace cqp::pipeline::detail
