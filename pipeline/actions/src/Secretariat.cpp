#include "cqp/actions/Secretariat.h"

#include "cqp/actions/Labels.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/ConsoleRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/ParchmentRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/store/Clock.h"
#include "cqp/workflow/SubmissionProcessor.h"
#include "cqp/workflow/Workflow.h"

namespace cqp::pipeline {

namespace {

std::string number(Id id) { return std::to_string(id); }

}  // namespace

Secretariat::Secretariat(Store& store, const rules::Referential& referential, rules::Deadlines deadlines, rules::Date today,
                         Actor actor)
    : store_{store}, referential_{referential}, deadlines_{deadlines}, today_{today}, actor_{std::move(actor)}
{
}

void Secretariat::log(const std::string& action, const std::string& object, const std::string& detail)
{
    store_.console().logAction({0, utcTimestamp(), actor_.label(), actor_.channel, action, object, detail});
}

ActionOutcome Secretariat::resolveReview(Id reviewId, const std::string& reason)
{
    const auto review = store_.mail().review(reviewId);
    if (!review || review->state != ReviewState::Open)
        throw NoSuchItem("aucune vérification ouverte n°" + number(reviewId));
    store_.transaction([&] {
        store_.mail().resolveReview(reviewId, reason, today_);
        if (review->candidatureId) {
            const auto c = store_.candidatures().candidature(*review->candidatureId);
            store_.candidatures().recordEvent(c->id, StatusChange{c->status, c->status, today_, actor_.label(), "review_resolved",
                                                                  review->documentId,
                                                                  "vérification n°" + number(reviewId) + " tranchée : " + reason});
            Workflow{store_, referential_, deadlines_, today_}.advance(c->id, actor_.label());
        }
        log("review.resolve", "vérification " + number(reviewId), reason);
    });
    return {true, "vérification n°" + number(reviewId) + " tranchée : " + reason};
}

ActionOutcome Secretariat::approveAccount(Id accountId)
{
    const auto account = store_.accounts().account(accountId);
    if (!account)
        throw NoSuchItem("aucun compte n°" + number(accountId));
    if (account->status != AccountStatus::Pending)
        return {false, "compte n°" + number(accountId) + " " + accountStatusLabel(account->status) + " : rien à approuver"};
    store_.transaction([&] {
        Workflow{store_, referential_, deadlines_, today_}.approveAccount(*account);
        if (actor_.channel != "cli")
            store_.accounts().addEvent(accountId, today_, "approved_by", actor_.label());
        log("account.approve", "compte " + number(accountId), account->displayName);
    });
    return {true, "compte n°" + number(accountId) + " (" + account->displayName + ") approuvé"};
}

ActionOutcome Secretariat::changeAccountStatus(Id accountId, bool suspend, const std::string& reason)
{
    const auto account = store_.accounts().account(accountId);
    if (!account)
        throw NoSuchItem("aucun compte n°" + number(accountId));
    const auto from = suspend ? AccountStatus::Active : AccountStatus::Suspended;
    if (account->status != from)
        return {false, "compte n°" + number(accountId) + " " + accountStatusLabel(account->status) + " : rien à faire"};
    store_.transaction([&] {
        store_.accounts().setStatus(accountId, suspend ? AccountStatus::Suspended : AccountStatus::Active, account->approvedOn);
        store_.accounts().addEvent(accountId, today_, suspend ? "suspended" : "reinstated",
                                   actor_.channel == "cli" ? reason : reason + " (" + actor_.label() + ")");
        log(suspend ? "account.suspend" : "account.reinstate", "compte " + number(accountId), reason);
    });
    return {true, "compte n°" + number(accountId) + " (" + account->displayName + ") " +
                      (suspend ? "suspendu : ses documents sont refusés" : "rouvert")};
}

ActionOutcome Secretariat::suspendAccount(Id accountId, const std::string& reason) { return changeAccountStatus(accountId, true, reason); }

ActionOutcome Secretariat::reinstateAccount(Id accountId, const std::string& reason)
{
    return changeAccountStatus(accountId, false, reason);
}

ActionOutcome Secretariat::retryQuarantined(Id messageId, const IntakeSettings& intake)
{
    const auto m = store_.mail().received(messageId);
    if (!m || m->state != ReceivedState::Quarantined)
        throw NoSuchItem("aucun message n°" + number(messageId) + " en quarantaine");
    const auto result = MailIntake{store_, referential_, deadlines_, today_, intake}.process(m->raw, {}, m->id);
    store_.transaction([&] { log("quarantine.retry", "message " + number(messageId), result.reason); });
    if (result.kind == IntakeResult::Kind::Quarantined)
        return {false, "message n°" + number(messageId) + " toujours en quarantaine : " + result.reason};
    return {result.rejected == 0, "message n°" + number(messageId) + " traité : " + std::to_string(result.accepted) +
                                      " document(s) accepté(s), " + std::to_string(result.rejected) + " refusé(s)"};
}

ActionOutcome Secretariat::dropQuarantined(Id messageId)
{
    const auto m = store_.mail().received(messageId);
    if (!m || m->state != ReceivedState::Quarantined)
        throw NoSuchItem("aucun message n°" + number(messageId) + " en quarantaine");
    store_.transaction([&] {
        store_.mail().setReceivedState(m->id, ReceivedState::Dropped,
                                       m->reason + " (écarté par " + (actor_.channel == "cli" ? "le secrétariat" : actor_.label()) +
                                           " le " + today_.french() + ")");
        log("quarantine.drop", "message " + number(messageId), m->reason);
    });
    return {true, "message n°" + number(messageId) + " écarté (gardé dans la base, il n'est plus listé)"};
}

ActionOutcome Secretariat::resendMail(Id mailId)
{
    const auto mail = store_.mail().outgoing(mailId);
    if (!mail)
        throw NoSuchItem("aucun courriel n°" + number(mailId) + " dans la boîte d'envoi");
    if (mail->state == OutboxState::Pending)
        return {false, "courriel " + number(mailId) + " : déjà à envoyer (prochain essai le " + mail->nextAttemptAt.substr(0, 10) + ")"};
    Id queued = mailId;
    store_.transaction([&] {
        if (mail->state == OutboxState::Failed) {
            store_.mail().retryFailed(mailId, utcTimestamp());
        } else {
            OutboxMail copy = *mail;
            copy.createdAt = utcTimestamp();
            copy.nextAttemptAt = copy.createdAt;
            copy.logicalDate = today_;
            queued = store_.mail().enqueue(copy);
            for (const Id document : store_.mail().attachments(mailId))
                store_.mail().attach(queued, document);
            for (const auto& form : store_.mail().formsToRender(mailId))  // not sent yet: still to render
                store_.mail().attachForm(queued, form.candidatureId, form.outil);
        }
        log("mail.resend", "courriel " + number(mailId), queued == mailId ? "nouvel essai" : "copie " + number(queued));
    });
    return {true, "courriel " + number(mailId) +
                      (queued == mailId ? " : à envoyer de nouveau" : " : une copie est à envoyer (courriel " + number(queued) + ")") +
                      " au prochain passage de l'étape send"};
}

ActionOutcome Secretariat::markPosted(Id batchId)
{
    const auto batch = store_.parchments().printBatch(batchId);
    if (!batch)
        throw NoSuchItem("aucun lot d'impression n°" + number(batchId));
    if (batch->postedOn)
        return {false, "lot n°" + number(batchId) + " déjà posté le " + batch->postedOn->french()};
    store_.transaction([&] {
        store_.parchments().markPosted(batchId, today_, actor_.label());
        log("batch.posted", "lot " + number(batchId), batch->fileName);
    });
    return {true, "lot n°" + number(batchId) + " (" + std::to_string(batch->parchments) + " document(s)) marqué posté le " +
                      today_.french()};
}

ActionOutcome Secretariat::decide(Id juryId, Id candidatureId, const std::vector<std::pair<std::string, bool>>& competences)
{
    // The schema names the sending account; the secretariat's own document is not signed, and
    // the account named is the secretariat's (its first, when it has several).
    Id account = 1;
    for (const auto& a : store_.accounts().accounts(AccountStatus::Active))
        if (a.role == AccountRole::Secretariat) {
            account = a.id;
            break;
        }
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<decisionsJury xmlns=\"urn:cqp-industries-chimiques:soumission:1\" version=\"1.1\" identifiant=\"" +
                      markupEscaped("console-" + utcTimestamp() + "-" + number(juryId) + "-" + number(candidatureId)) +
                      "\" dateSignature=\"" + today_.iso() + "\" compte=\"" + number(account) + "\">\n  <jury numero=\"" + number(juryId) +
                      "\"/>\n  <decision candidature=\"" + number(candidatureId) + "\">\n";
    for (const auto& [code, valid] : competences)
        xml += "    <competence code=\"" + markupEscaped(code) + "\" valide=\"" + (valid ? "true" : "false") + "\"/>\n";
    xml += "  </decision>\n</decisionsJury>\n";
    return decideDocument(xml, "decisions-jury-" + number(juryId) + "-candidature-" + number(candidatureId) + ".xml");
}

ActionOutcome Secretariat::decideDocument(const std::string& xml, const std::string& fileName)
{
    SubmissionProcessor processor{store_, referential_, deadlines_, today_};
    ReceivedDocument document{xml, fileName, "", {}, false, true};
    document.actor = actor_.label();
    const auto outcome = processor.process(document);
    std::string message;
    for (const auto& line : outcome.messages)
        message += (message.empty() ? "" : "\n") + line;
    const bool accepted = outcome.status != SubmissionOutcome::Status::Rejected;
    store_.transaction([&] { log("jury.decide", fileName, accepted ? "enregistrées" : "refusées : " + message); });
    return {accepted, message};
}

}  // namespace cqp::pipeline
