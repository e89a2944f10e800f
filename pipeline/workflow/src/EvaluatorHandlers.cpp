#include "SubmissionHandlers.h"

#include <functional>

#include "cqp/ingest/ScanReader.h"
#include "cqp/outbox/Letters.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/workflow/FormDocuments.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/repositories/SubmissionRepository.h"
#include "cqp/rules/Accounts.h"
#include "cqp/rules/Dossiers.h"
#include "cqp/rules/Eligibility.h"
#include "cqp/rules/JuryPlacement.h"
#include "cqp/rules/Outcome.h"
#include "cqp/rules/Siret.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cctype>

namespace cqp::pipeline::detail {

using ingest::SubmissionKind;
using rules::CandidatureStatus;

// ---- the évaluateur habilité ----------------------------------------------------------

void applyMetierInvitation(HandlerContext& ctx, const ingest::MetierInvitation& s)
{
    Candidature c = evaluatorsCandidature(ctx, s.candidature);
    // Possible whenever the observations are still missing; a new invitation replaces the last.
    if (!rules::metierObservationsNeeded(c.status, !ctx.store().candidatures().metierObservations(c.id).empty()))
        ctx.refuse("candidature", "la candidature n°" + std::to_string(c.id) + " est au statut « " +
                                      std::string{rules::statusLabel(c.status)} +
                                      " » : l'invitation n'est possible que tant que les observations de l'évaluateur "
                                      "métier manquent, avant l'inscription au jury.");
    const auto today = ctx.workflow.today();
    ctx.store().submissions().replaceInvitations(c.id, "metier");
    c.metierEmail = s.metier.courriel;
    c.metierName = s.metier.prenom + " " + s.metier.nom;
    c.metierInvitedOn = today;
    ctx.store().candidatures().updateCandidature(c);
    const std::string token = newToken();
    ctx.store().submissions().addInvitation({token, "metier", std::nullopt, c.id, s.metier.courriel, today,
                                             today.plusDays(invitationDays), std::nullopt});
    const auto evaluator = ctx.store().evaluators().evaluator(*ctx.account->evaluatorId);
    const Id mail = ctx.workflow.queue("metier_invitation", c.id, s.metier.courriel,
                                       outbox::metierInvitation(ctx.workflow.dossierLine(c), evaluator->prenom + " " + evaluator->nom,
                                                                token, today.plusDays(invitationDays).french()));
    ctx.store().mail().attachFillableForm(mail, "observationsMetier", c.id, token);
    ctx.outcome.candidatureId = c.id;
    ctx.outcome.candidateId = c.candidateId;
    ctx.done("Évaluateur métier " + s.metier.prenom + " " + s.metier.nom + " invité pour la candidature n°" +
             std::to_string(c.id) + " (" + s.metier.courriel + ").");
}

namespace {

// Results read from a scanned outil n°4 came before these: where they differ, the dossier is
// held for the secretariat and the évaluateur habilité is told.
void holdOnDisagreement(HandlerContext& ctx, const Candidature& c, const Evaluation& paper, const Evaluation& sent)
{
    std::vector<std::string> disagreements;
    const auto* certificate = ctx.workflow.referential().certificate(c.certificateCode);
    for (const auto& p : paper.results)
        for (const auto& r : sent.results)
            if (p.competenceCode == r.competenceCode && p.acquired != r.acquired)
                disagreements.push_back(rules::resultsDisagreement(certificate, r.competenceCode, p.acquired, r.acquired));
    if (disagreements.empty())
        return;
    std::string reason;
    for (const auto& d : disagreements)
        reason += (reason.empty() ? "" : " ; ") + d;
    ctx.store().mail().addReview({0, c.id, *paper.outil4DocumentId, 0,
                                  "Outil n°4 de la candidature n°" + std::to_string(c.id) + " à vérifier : " + reason + ".",
                                  ReviewState::Open, "", ctx.workflow.today(), std::nullopt});
    if (const auto evaluator = c.evaluatorId ? ctx.store().evaluators().evaluator(*c.evaluatorId) : std::nullopt)
        ctx.workflow.queue("scan_disagreement", c.id, evaluator->email,
                           outbox::scanDisagreement(ctx.workflow.dossierLine(c), disagreements));
    ctx.done("Ces résultats contredisent l'outil n°4 reçu (" + reason +
             ") : le dossier est retenu jusqu'à la vérification du secrétariat.");
}

}  // namespace

void applyResults(HandlerContext& ctx, const ingest::EvaluationResults& s)
{
    const Candidature c = evaluatorsCandidature(ctx, s.candidature);
    if (c.status != CandidatureStatus::EnAttenteEvaluation)
        ctx.refuse("candidature", "la candidature n°" + std::to_string(c.id) + " est au statut « " +
                                      std::string{rules::statusLabel(c.status)} +
                                      " » : les résultats ne sont acceptés qu'en attente d'évaluation (dossier complet, "
                                      "évaluateur confirmé).");
    if (!c.metierInvitedOn)
        ctx.refuse("candidature", "invitez d'abord l'évaluateur métier (invitationEvaluateurMetier) : c'est la première étape "
                                  "de l'évaluation.");
    const auto today = ctx.workflow.today();
    const auto late = rules::checkResultsDate(s.evaluationDate, today, ctx.workflow.deadlines());
    if (!late.empty())
        ctx.refuse(late, "dateEvaluation");
    std::vector<std::string> reasons;
    for (std::size_t i = 0; i < s.results.size(); ++i)
        if (std::find(c.competences.begin(), c.competences.end(), s.results[i].competence) == c.competences.end())
            reasons.push_back(ctx.submission.locate("resultat", "la compétence « " + s.results[i].competence +
                                                                " » ne fait pas partie de la candidature.", static_cast<int>(i)));
    for (const auto& code : c.competences)
        if (std::none_of(s.results.begin(), s.results.end(), [&](const ingest::ResultLine& r) { return r.competence == code; }))
            reasons.push_back(ctx.submission.locate("resultatsEvaluation", "le résultat de la compétence « " + code + " » manque."));
    if (!reasons.empty())
        throw Refused(reasons);
    const auto earlier = ctx.store().candidatures().evaluation(c.id);
    Evaluation e{c.id, s.evaluationDate, today, s.candidateObservations, earlier ? earlier->outil4DocumentId : std::nullopt, {}};
    for (const auto& r : s.results)
        e.results.push_back({r.competence, r.acquired, r.comment});
    if (s.outil4File.empty()) {
        // Only then is it asked whether the paper came first.
        const bool outil4Before = !ctx.store().documents().candidatureDocuments(c.id, DocumentKind::Outil4).empty();
        const bool scanJoined = std::any_of(ctx.received.attachments.begin(), ctx.received.attachments.end(),
                                            [](const Attachment& a) { return a.mediaType.rfind("image/", 0) == 0 || a.mediaType == "application/pdf"; });
        ctx.done(outil4Before ? std::string{"Guide d'évaluation (outil n°4) déjà reçu : les résultats le complètent."}
                 : scanJoined ? std::string{"Les scans joints sont lus ci-dessous : la candidature avance quand l'outil n°4 signé y "
                                            "est reconnu."}
                              : std::string{"Le scan de l'outil n°4 signé reste à envoyer : la candidature l'attend pour avancer."});
    } else if (const auto doc = ctx.formAttachment(s.outil4File, "outil4", "l'outil n°4")) {
        e.outil4DocumentId = doc;
        ctx.store().documents().attachToCandidature(c.id, *doc, DocumentKind::Outil4, today);
        ctx.done("Guide d'évaluation (outil n°4) « " + s.outil4File + " » enregistré.");
    } else {
        ctx.done("Le scan de l'outil n°4 « " + s.outil4File + " » n'était pas joint : la candidature l'attend pour avancer.");
    }
    if (earlier && earlier->outil4DocumentId)
        holdOnDisagreement(ctx, c, *earlier, e);
    ctx.store().candidatures().saveEvaluation(e);
    ctx.outcome.candidatureId = c.id;
    ctx.outcome.candidateId = c.candidateId;
    const auto acquired = std::count_if(s.results.begin(), s.results.end(), [](const auto& r) { return r.acquired; });
    ctx.done("Résultats enregistrés pour la candidature n°" + std::to_string(c.id) + " : " + std::to_string(acquired) + " sur " +
             std::to_string(s.results.size()) + " compétences acquises.");
    ctx.workflow.advance(c.id, ctx.accountActor(), ctx.documentId);
    ctx.done(statusSentence(ctx.store(), c.id));
}

// ---- invited persons (token) -----------------------------------------------------------


namespace {

// `stillNeeded`: what the invitation asks for is still missing — it is valid whatever its age.
Invitation validInvitation(HandlerContext& ctx, const std::string& token, const std::string& kind,
                           const std::function<bool(const Invitation&)>& stillNeeded = {})
{
    const auto invitation = ctx.store().submissions().invitation(token);
    if (!invitation || invitation->kind != kind)
        ctx.refuse("jeton", "ce jeton d'invitation est inconnu.");
    if (invitation->usedOn)
        ctx.refuse("jeton", "ce jeton d'invitation a déjà servi le " + invitation->usedOn->french() + ".");
    if (invitation->replaced())
        ctx.refuse("jeton", "ce jeton d'invitation a été remplacé par une invitation plus récente : utilisez celle-ci.");
    if (invitation->expiresOn < ctx.workflow.today() && !(stillNeeded && stillNeeded(*invitation)))
        ctx.refuse("jeton", "ce jeton d'invitation a expiré le " + invitation->expiresOn.french() + ".");
    return *invitation;
}

}  // namespace

void applyMetierObservations(HandlerContext& ctx, const ingest::MetierObservations& s)
{
    // A métier's token lives as long as the candidature needs the observations (a newer
    // invitation replaces it).
    const auto invitation = validInvitation(ctx, s.token, "metier", [&](const Invitation& i) {
        const auto c = i.candidatureId ? ctx.store().candidatures().candidature(*i.candidatureId) : std::nullopt;
        return c && rules::metierObservationsNeeded(c->status, !ctx.store().candidatures().metierObservations(c->id).empty());
    });
    if (invitation.candidatureId != s.candidature)
        ctx.refuse("candidature", "ce jeton d'invitation ne concerne pas la candidature n°" + std::to_string(s.candidature) + ".");
    const auto c = ctx.store().candidatures().candidature(s.candidature);
    if (c->status != CandidatureStatus::EnAttenteEvaluation && c->status != CandidatureStatus::ValidationEvaluation)
        ctx.refuse("candidature", "la candidature n°" + std::to_string(c->id) + " est au statut « " +
                                      std::string{rules::statusLabel(c->status)} + " » : les observations ne sont plus acceptées.");
    const auto today = ctx.workflow.today();
    ctx.store().candidatures().addMetierObservation({0, c->id, today, invitation.email, s.observations});
    ctx.store().submissions().markInvitationUsed(s.token, today);
    ctx.outcome.candidatureId = c->id;
    ctx.outcome.candidateId = c->candidateId;
    ctx.ackRecipients = invitation.email;
    ctx.done("Observations de l'évaluateur métier enregistrées pour la candidature n°" + std::to_string(c->id) + ".");
    ctx.workflow.advance(c->id, ctx.actor(invitation.email), ctx.documentId);
}

void applySelfEntry(HandlerContext& ctx, const ingest::CandidateSelfEntry& s)
{
    const auto invitation = validInvitation(ctx, s.token, "candidat");
    if (const auto refusals = rules::checkBirthDate(s.civil.dateNaissance, ctx.workflow.today()); !refusals.empty())
        ctx.refuse(refusals, "dateNaissance");
    auto candidate = *ctx.store().candidatures().candidate(*invitation.candidateId);
    copyCivil(candidate, s.civil);
    if (!s.email.empty())
        candidate.email = s.email;
    ctx.store().candidatures().updateCandidate(candidate);
    ctx.store().submissions().markInvitationUsed(s.token, ctx.workflow.today());
    ctx.outcome.candidateId = candidate.id;
    ctx.ackRecipients = invitation.email;
    ctx.done("Votre état civil est enregistré dans le dossier de candidat n°" + std::to_string(candidate.id) + ".");
    for (const Id id : ctx.store().candidatures().candidaturesOfCandidate(candidate.id))
        ctx.workflow.advance(id, ctx.actor(invitation.email), ctx.documentId);
}


// ---- the secretariat ------------------------------------------------------------------

void applyDecisions(HandlerContext& ctx, const ingest::JuryDecisions& s)
{
    const auto jury = ctx.store().juries().jury(s.jury);
    const auto today = ctx.workflow.today();
    if (!jury)
        ctx.refuse("jury", "le jury n°" + std::to_string(s.jury) + " n'existe pas.");
    if (jury->date > today)
        ctx.refuse("jury", "le jury du " + jury->date.french() + " ne s'est pas encore réuni.");
    std::vector<std::string> reasons;
    for (std::size_t i = 0; i < s.decisions.size(); ++i) {
        const auto& d = s.decisions[i];
        const auto where = [&](const std::string& message) {
            return ctx.submission.locate("decision", message, static_cast<int>(i));
        };
        const auto c = ctx.store().candidatures().candidature(d.candidature);
        const auto registration = c ? ctx.store().juries().registrationOf(c->id) : std::nullopt;
        if (!c || !registration || registration->placedJuryId != s.jury) {
            reasons.push_back(where("la candidature n°" + std::to_string(d.candidature) + " n'est pas inscrite à ce jury."));
            continue;
        }
        if (c->status != CandidatureStatus::InscriptionJury) {
            reasons.push_back(where("la candidature n°" + std::to_string(c->id) + " est au statut « " +
                                    std::string{rules::statusLabel(c->status)} + " »."));
            continue;
        }
        std::vector<rules::CompetenceDecision> perCompetence;
        for (const auto& [code, valid] : d.competences)
            perCompetence.push_back({code, valid});
        const auto result = rules::decideOutcome(*ctx.workflow.referential().certificate(c->certificateCode), c->competences,
                                                 perCompetence, {}, today, ctx.workflow.deadlines());
        for (const auto& p : result.problems)
            reasons.push_back(where("candidature n°" + std::to_string(c->id) + " : " + p.sentence));
    }
    if (!reasons.empty())
        throw Refused(reasons);
    for (const auto& d : s.decisions) {
        std::vector<Decision> decisions;
        for (const auto& [code, valid] : d.competences)
            decisions.push_back({d.candidature, code, valid, s.jury, today});
        ctx.store().juries().saveDecisions(d.candidature, decisions);
        ctx.workflow.advance(d.candidature, ctx.received.actor.empty() ? "secretariat" : ctx.received.actor, ctx.documentId);
        ctx.done(statusSentence(ctx.store(), d.candidature));
    }
    ctx.done("Décisions du jury du " + jury->date.french() + " enregistrées pour " + std::to_string(s.decisions.size()) +
             " candidature(s).");
}

}  // namespace cqp::pipeline::detail
