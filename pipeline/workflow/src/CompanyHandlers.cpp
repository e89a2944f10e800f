#include "SubmissionHandlers.h"

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

namespace {

bool existingAccount(HandlerContext& ctx, const std::optional<Account>& existing, std::string_view element,
                     const std::string& what)
{
    std::vector<std::string> requestedBy;
    if (existing) {
        const auto requester = ctx.store().submissions().accountRequester(existing->id);
        requestedBy = requester ? std::vector<std::string>{*requester} : existing->addresses;
    }
    switch (rules::judgeAccountRequest(existing.has_value(), requestedBy, ctx.received.sender)) {
    case rules::AccountRequestVerdict::Create:
        return false;
    case rules::AccountRequestVerdict::AlreadyExists:
        ctx.refuse(element, "un compte existe déjà pour " + what + " (compte n°" + std::to_string(existing->id) +
                                "). Pour changer de clé, envoyez un changement de clé signé avec l'ancienne.");
        break;
    case rules::AccountRequestVerdict::ToReview:
        ctx.store().mail().addReview({0, std::nullopt, ctx.documentId, 0,
                                      "Demande de compte pour " + what + " envoyée par " +
                                          (ctx.received.sender.empty() ? std::string{"?"} : ctx.received.sender) +
                                          ", alors que le compte n°" + std::to_string(existing->id) +
                                          " existe déjà pour d'autres adresses : à examiner (compte réservé par un tiers ?).",
                                      ReviewState::Open, "", ctx.workflow.today(), std::nullopt});
        ctx.ackRecipients.clear();
        ctx.done("Un compte existe déjà pour " + what + " : votre demande est transmise au secrétariat, qui vous "
                 "répondra après vérification.");
        return true;
    }
    return true;
}

}  // namespace

void applyAccountRequest(HandlerContext& ctx, const ingest::AccountRequest& r)
{
    auto& accounts = ctx.store().accounts();
    Account account;
    account.status = AccountStatus::Pending;
    account.publicKeyPem = r.publicKeyPem;
    account.createdOn = ctx.workflow.today();
    for (const auto& contact : r.contacts)
        if (std::find(account.addresses.begin(), account.addresses.end(), contact.courriel) == account.addresses.end())
            account.addresses.push_back(contact.courriel);
    if (r.evaluatorNumber) {
        const auto evaluator = ctx.store().evaluators().byRegistryNumber(*r.evaluatorNumber);
        if (!evaluator)
            ctx.refuse("evaluateurHabilite", "aucun évaluateur habilité n°" + *r.evaluatorNumber + " dans le registre de la CPNE.");
        if (existingAccount(ctx, ctx.store().accounts().accountOfEvaluator(evaluator->id), "evaluateurHabilite",
                            "l'évaluateur habilité " + evaluator->registryNumber))
            return;
        account.role = AccountRole::Evaluateur;
        account.evaluatorId = evaluator->id;
        account.displayName = evaluator->prenom + " " + evaluator->nom + " (évaluateur habilité " + evaluator->registryNumber + ")";
        // The registry's address is always one of the account's: the real evaluator hears of it.
        account.addresses = rules::evaluatorAccountAddresses(evaluator->email, account.addresses);
    } else {
        const auto etablissement = accounts.etablissementBySiret(r.siret);
        if (existingAccount(ctx, etablissement ? accounts.accountOfEtablissement(etablissement->id) : std::nullopt, "siret",
                            "l'établissement " + r.siret))
            return;
        const std::string siren = rules::sirenOf(r.siret);
        const auto company = accounts.companyBySiren(siren);
        const Id companyId = company ? company->id : accounts.addCompany({0, siren, r.raisonSociale});
        account.etablissementId = etablissement ? etablissement->id
                                                : accounts.addEtablissement({0, companyId, r.siret, r.etablissementName,
                                                                             {r.addressLine1, r.addressLine2, r.postcode, r.city}});
        account.role = AccountRole::Entreprise;
        account.displayName = r.raisonSociale + " — " + r.etablissementName;
    }
    const Id id = accounts.addAccount(account);
    ctx.outcome.accountId = id;
    ctx.done("Demande de compte n°" + std::to_string(id) + " enregistrée pour " + account.displayName +
             " ; elle attend la validation du secrétariat.");
    std::string recipients;
    for (const auto& address : account.addresses)
        recipients += (recipients.empty() ? "" : ", ") + address;
    ctx.ackRecipients.clear();  // the letter below says it all
    ctx.workflow.queue("account_requested", std::nullopt, recipients, outbox::accountRequested(id, account.displayName));
}

void applyKeyChange(HandlerContext& ctx, const ingest::KeyChange& k)
{
    // Signed with the account's current key (checked before): its holder replaces it.
    auto& accounts = ctx.store().accounts();
    accounts.setPublicKey(ctx.account->id, k.newPublicKeyPem);
    accounts.addEvent(ctx.account->id, ctx.workflow.today(), "key_changed",
                      "changement de clé signé avec l'ancienne (envoyé par " + ctx.received.sender + ")");
    ctx.outcome.accountId = ctx.account->id;
    ctx.done("La clé du compte n°" + std::to_string(ctx.account->id) + " est remplacée : signez désormais vos envois avec la "
             "nouvelle clé.");
    std::string recipients;
    for (const auto& address : ctx.account->addresses)
        recipients += (recipients.empty() ? "" : ", ") + address;
    ctx.ackRecipients = recipients;  // every address of the account hears of it
}

void fileCandidatePapers(HandlerContext& ctx, Id id, const ingest::CandidateSubmission& s)
{
    const auto today = ctx.workflow.today();
    if (!s.outil6File.empty()) {
        if (const auto doc = ctx.formAttachment(s.outil6File, "outil6", "l'outil n°6")) {
            ctx.store().documents().attachToCandidate(id, *doc, DocumentKind::Outil6, today);
            ctx.done("Dossier de candidature (outil n°6) « " + s.outil6File + " » enregistré.");
        } else {
            ctx.done("Le fichier de l'outil n°6 « " + s.outil6File + " » n'était pas joint : envoyez-le pour compléter le dossier.");
        }
    }
    for (const auto& diploma : s.diplomas) {
        if (diploma.file.empty())
            continue;
        if (const auto doc = ctx.attachment(diploma.file)) {
            ctx.store().documents().attachToCandidate(id, *doc, DocumentKind::Diplome, today);
            ctx.done("Diplôme « " + diploma.title + " » enregistré.");
        } else {
            ctx.done("Le fichier du diplôme « " + diploma.title + " » (" + diploma.file + ") n'était pas joint.");
        }
    }
    if (s.inviteCandidate) {
        const std::string token = newToken();
        ctx.store().submissions().addInvitation({token, "candidat", id, std::nullopt, s.email, today,
                                                 today.plusDays(invitationDays), std::nullopt});
        const Id mail = ctx.workflow.queue("candidate_invitation", std::nullopt, s.email,
                                           outbox::candidateInvitation(ctx.account->displayName, id, token,
                                                                       today.plusDays(invitationDays).french()));
        ctx.store().mail().attachFillableForm(mail, "saisieCandidat", id, token);
        ctx.done("Invitation envoyée au candidat à l'adresse " + s.email + ".");
    }
}

void applyCandidate(HandlerContext& ctx, const ingest::CandidateSubmission& s)
{
    if (const auto refusals = rules::checkBirthDate(s.civil.dateNaissance, ctx.workflow.today()); !refusals.empty())
        ctx.refuse(refusals, "dateNaissance");
    auto& repo = ctx.store().candidatures();
    if (s.reference)
        if (const auto existing = repo.candidateByReference(ctx.account->id, *s.reference))
            return correctCandidate(ctx, *existing, s);
    std::vector<rules::KnownCandidate> bornSameDay;
    for (const auto& other : repo.candidatesBornOn(ctx.account->id, s.civil.dateNaissance))
        bornSameDay.push_back({other.id, other.nomNaissance, other.prenoms});
    if (const auto refusal = rules::checkDuplicateCandidate(s.civil.nomNaissance, s.civil.prenoms, bornSameDay))
        ctx.refuse({*refusal}, "etatCivil");
    Candidate candidate;
    candidate.accountId = ctx.account->id;
    candidate.externalRef = s.reference;
    copyCivil(candidate, s.civil);
    candidate.email = s.email;
    const Id id = repo.addCandidate(candidate);
    ctx.outcome.candidateId = id;
    ctx.done("Candidat n°" + std::to_string(id) + " créé" + (s.reference ? " (votre référence « " + *s.reference + " »)" : "") + ".");
    fileCandidatePapers(ctx, id, s);
}

namespace {

// The competences of `certificate` the candidate has not acquired by a decision still valid.
std::vector<std::string> stillToEvaluate(HandlerContext& ctx, Id candidateId, const rules::Certificate& certificate)
{
    std::vector<rules::Acquisition> earlier;
    for (const auto& a : ctx.store().juries().acquisitions(candidateId, certificate.code))
        earlier.push_back({a.competenceCode, a.acquiredOn, a.validUntil});
    return rules::competencesToEvaluate(certificate, earlier, ctx.workflow.today());
}

}  // namespace

void checkAimedCompetences(HandlerContext& ctx, Id candidateId, const rules::Certificate& certificate,
                           const std::vector<std::string>& aimed)
{
    const auto toEvaluate = stillToEvaluate(ctx, candidateId, certificate);
    std::vector<std::string> reasons;
    for (const auto& r : rules::checkCompetencesAimed(certificate, aimed, toEvaluate))
        reasons.push_back(ctx.submission.locate("competence", r.refusal.sentence, r.index));
    if (!reasons.empty())
        throw Refused(reasons);
}

Etablissement accountsEtablissement(HandlerContext& ctx, const std::string& siret)
{
    const auto etablissement = ctx.store().accounts().etablissementBySiret(siret);
    if (!etablissement || !ctx.account->etablissementId || etablissement->id != *ctx.account->etablissementId)
        ctx.refuse("siret", "le SIRET " + siret + " n'est pas celui de l'établissement de votre compte.");
    return *etablissement;
}

Evaluator eligibleEvaluator(HandlerContext& ctx, const ingest::CandidatureSubmission& s, const std::string& siret)
{
    const auto evaluator = ctx.store().evaluators().byRegistryNumber(s.evaluatorNumber);
    if (!evaluator)
        ctx.refuse("evaluateurHabilite", "aucun évaluateur habilité n°" + s.evaluatorNumber + " dans le registre de la CPNE.");
    if (s.plannedEvaluation < ctx.workflow.today())
        ctx.refuse("dateEvaluationPrevue", "la date d'évaluation prévue (" + s.plannedEvaluation.french() + ") est passée.");
    const auto ineligible = rules::checkEvaluatorEligibility(evaluator->profile(), s.certificateCode, s.plannedEvaluation, siret);
    if (!ineligible.empty())
        ctx.refuse(ineligible, "evaluateurHabilite");
    return *evaluator;
}

void applyCandidature(HandlerContext& ctx, const ingest::CandidatureSubmission& s)
{
    auto& repo = ctx.store().candidatures();
    const auto today = ctx.workflow.today();
    if (s.reference)
        if (const auto existing = repo.candidatureByReference(ctx.account->id, *s.reference))
            return correctCandidature(ctx, *existing, s);
    const Candidate candidate = resolveCandidate(ctx, s.candidate, "candidat");
    const auto* certificate = ctx.workflow.referential().certificate(s.certificateCode);
    if (!certificate)
        ctx.refuse("cqp", "le CQP « " + s.certificateCode + " » n'existe pas dans le référentiel de la branche.");
    checkAimedCompetences(ctx, candidate.id, *certificate, s.competences);
    std::vector<rules::OtherCandidature> others;
    for (const Id other : repo.candidaturesOfCandidate(candidate.id)) {
        const auto c = repo.candidature(other);
        others.push_back({other, c->certificateCode, c->status});
    }
    if (const auto refusal = rules::checkOneOpenCandidature(s.certificateCode, others))
        ctx.refuse({*refusal}, "cqp");
    const auto etablissement = accountsEtablissement(ctx, s.siret);
    const auto evaluator = eligibleEvaluator(ctx, s, etablissement.siret);

    Candidature c;
    c.candidateId = candidate.id;
    c.etablissementId = etablissement.id;
    c.certificateCode = s.certificateCode;
    c.parcours = s.parcours;
    c.dispositif = s.dispositif;
    c.organismeFormation = s.organismeName + (s.organismeSiret.empty() ? "" : " (SIRET " + s.organismeSiret + ")");
    c.evaluatorId = evaluator.id;
    c.evaluatorConfirmedOn = today;
    c.plannedEvaluationDate = s.plannedEvaluation;
    c.createdOn = today;
    c.externalRef = s.reference;
    c.competences = s.competences;
    const Id id = repo.addCandidature(c, ctx.accountActor());
    ctx.outcome.candidateId = candidate.id;
    ctx.outcome.candidatureId = id;
    ctx.done("Candidature n°" + std::to_string(id) + " créée pour le candidat n°" + std::to_string(candidate.id) + " au CQP « " +
             certificate->title + " »" + (s.reference ? " (votre référence « " + *s.reference + " »)" : "") + ".");
    c.id = id;
    // The forms the next steps need, rendered when the mails go: outil n°4 and the métier
    // invitation for the evaluator (rules::fillable::formsMailedWith), outil n°6 for the company.
    ctx.workflow.queue("evaluator_confirmed", id, evaluator.email,
                       outbox::evaluatorConfirmed(ctx.workflow.dossierLine(c), ctx.account->displayName, s.plannedEvaluation.french()));
    const Id toCompany = ctx.workflow.queue("dossier_form", id, ctx.workflow.companyAddresses(candidate.id),
                                            outbox::dossierForm(ctx.workflow.dossierLine(c)));
    ctx.store().mail().attachForm(toCompany, id, 6);
    ctx.done("L'évaluateur habilité " + evaluator.prenom + " " + evaluator.nom + " est informé de votre choix.");
    ctx.workflow.advance(id, ctx.accountActor(), ctx.documentId);
    ctx.done(statusSentence(ctx.store(), id));
}

void applyDossier(HandlerContext& ctx, const ingest::DossierSubmission& d)
{
    // A candidate of the account already known by name and birth date (a second CQP) is the same
    // person: the form names them again rather than creating them twice.
    std::optional<Id> known;
    if (!d.candidate.reference)
        for (const auto& other : ctx.store().candidatures().candidatesBornOn(ctx.account->id, d.candidate.civil.dateNaissance))
            if (rules::checkDuplicateCandidate(d.candidate.civil.nomNaissance, d.candidate.civil.prenoms,
                                               {{other.id, other.nomNaissance, other.prenoms}}))
                known = other.id;
    if (known) {
        ctx.outcome.candidateId = *known;
        ctx.done("Candidat n°" + std::to_string(*known) + " déjà connu : la candidature s'y rattache.");
    } else {
        applyCandidate(ctx, d.candidate);
    }
    auto candidature = d.candidature;
    candidature.candidate = ingest::DossierRef{*ctx.outcome.candidateId, std::nullopt};
    if (const auto* certificate = ctx.workflow.referential().certificate(candidature.certificateCode);
        certificate && candidature.competences.empty())
        candidature.competences = stillToEvaluate(ctx, *ctx.outcome.candidateId, *certificate);
    applyCandidature(ctx, candidature);
    ctx.ackForm = {rules::fillable::FormKind::DossierCandidature, ctx.account->id};
    ctx.done("Pour présenter un autre candidat : un nouveau formulaire, vierge, est joint à notre réponse (un formulaire par "
             "candidat).");
}

// ---- jury ------------------------------------------------------------------------------

void applyRegistration(HandlerContext& ctx, const ingest::JuryRegistrationSubmission& s)
{
    const Candidature c = resolveCandidature(ctx, s.candidature, "candidature");
    if (c.status != CandidatureStatus::ValidationEvaluation)
        ctx.refuse("candidature", "la candidature n°" + std::to_string(c.id) + " est au statut « " +
                                      std::string{rules::statusLabel(c.status)} +
                                      " » : l'inscription au jury n'est possible qu'en validation de l'évaluation.");
    if (ctx.store().candidatures().metierObservations(c.id).empty())
        ctx.refuse("candidature", "l'évaluateur métier n'a pas encore saisi ses observations : l'inscription au jury attend "
                                  "les commentaires des deux évaluateurs.");
    const auto today = ctx.workflow.today();
    rules::JuryPlanner planner{ctx.store().juries().sessions(), ctx.workflow.deadlines()};
    const auto placement = planner.place({c.id, c.certificateCode, s.jury, today});
    if (!placement.juryId) {
        rules::Refusals reasons = placement.reasons;
        ctx.refuse(reasons, "jury");
    }
    const auto requested = ctx.store().juries().jury(s.jury);
    ctx.store().juries().addRegistration({0, c.id, s.jury, placement.juryId, today, placement.moved});
    std::vector<std::string> why;
    for (const auto& r : placement.reasons)
        why.push_back(r.sentence);
    ctx.workflow.queue(placement.moved ? "jury_registration_moved" : "jury_registration_confirmed", c.id,
                       ctx.workflow.companyAddresses(c.candidateId),
                       outbox::juryRegistered(ctx.workflow.dossierLine(c), placement.juryDate->french(), placement.moved,
                                              requested->date.french(), why));
    ctx.outcome.candidatureId = c.id;
    ctx.outcome.candidateId = c.candidateId;
    ctx.done(placement.moved ? "Le jury demandé ne pouvait pas recevoir la candidature n°" + std::to_string(c.id) +
                                   " : elle est inscrite au jury suivant, le " + placement.juryDate->french() + "."
                             : "Candidature n°" + std::to_string(c.id) + " inscrite au jury du " + placement.juryDate->french() + ".");
    ctx.workflow.advance(c.id, ctx.accountActor(), ctx.documentId);
    ctx.done(statusSentence(ctx.store(), c.id));
}

}  // namespace cqp::pipeline::detail
