#include "cqp/pipeline/MailIntake.h"

#include "cqp/inbox/MimeMessage.h"
#include "cqp/outbox/Letters.h"
#include "cqp/pipeline/AccountRepository.h"
#include "cqp/pipeline/CandidatureRepository.h"
#include "cqp/pipeline/DocumentRepository.h"
#include "cqp/pipeline/MailRepository.h"
#include "cqp/pipeline/Store.h"
#include "cqp/pipeline/SubmissionProcessor.h"
#include "cqp/pipeline/Workflow.h"

#include <Poco/Logger.h>
#include <Poco/String.h>

#include <algorithm>

namespace cqp::pipeline {

namespace {

bool isXml(const inbox::MailAttachment& a)
{
    const auto dot = a.fileName.rfind('.');
    const std::string ext = dot == std::string::npos ? "" : a.fileName.substr(dot);
    return a.mediaType == "application/xml" || a.mediaType == "text/xml" || ext == ".xml" || ext == ".XML";
}

bool isScan(const inbox::MailAttachment& a)
{
    static const char* const types[] = {"application/pdf", "image/tiff", "image/png", "image/jpeg", "image/jpg"};
    if (std::find(std::begin(types), std::end(types), a.mediaType) != std::end(types))
        return true;
    const auto dot = a.fileName.rfind('.');
    std::string ext = dot == std::string::npos ? "" : a.fileName.substr(dot);
    for (char& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return a.mediaType == "application/octet-stream" &&
           (ext == ".pdf" || ext == ".tif" || ext == ".tiff" || ext == ".png" || ext == ".jpg" || ext == ".jpeg");
}

std::string refusedTypeReason(const inbox::MailAttachment& a)
{
    if (a.mediaType == "text/calendar" || a.mediaType == "application/ics")
        return "invitation de calendrier : ignorée";
    if (a.mediaType.find("pkcs7") != std::string::npos || a.mediaType.find("pgp") != std::string::npos)
        return "partie chiffrée ou signature de courriel : non lisible";
    return "type de fichier non accepté (" + a.mediaType + ") : seuls les documents XML et les scans PDF, TIFF, PNG ou "
           "JPEG sont traités ; la pièce est conservée avec le message";
}

}  // namespace

bool MailIntake::senderBelongsTo(std::optional<Id> account, const std::string& sender)
{
    if (!account)
        return false;
    const auto holder = store_.accounts().account(*account);
    return holder && std::any_of(holder->addresses.begin(), holder->addresses.end(),
                                 [&](const std::string& a) { return Poco::icompare(a, sender) == 0; });
}

MailIntake::MailIntake(Store& store, const rules::Referential& referential, rules::Deadlines deadlines, rules::Date today,
                       const MailSettings& mail)
    : store_{store}, referential_{referential}, deadlines_{deadlines}, today_{today}, mail_{mail}
{
}

IntakeResult MailIntake::process(const std::string& raw, const std::function<void(std::optional<Id>)>& inTransaction,
                                 std::optional<Id> retry)
{
    auto& log = Poco::Logger::get("cqp.intake");
    IntakeResult result;
    const std::string sha = sha256Hex(raw);
    if (!retry) {
        if (const auto seen = store_.mail().receivedBySha256(sha)) {
            result.kind = IntakeResult::Kind::Duplicate;
            result.receivedMailId = seen->id;
            if (inTransaction)
                store_.transaction([&] { inTransaction(seen->id); });
            return result;
        }
    }

    std::optional<inbox::MimeMessage> message;
    std::optional<inbox::MimeError> unreadable;
    try {
        message = inbox::parseMime(raw, mail_.limits);
    } catch (const inbox::MimeError& e) {
        unreadable = e;
    }

    Workflow workflow{store_, referential_, deadlines_, today_};
    store_.transaction([&] {
        ReceivedMail record;
        record.messageId = message ? message->messageId : unreadable->messageId;
        record.sha256 = sha;
        record.sender = message ? message->from : unreadable->from;
        record.subject = message ? message->subject : unreadable->subject;
        record.receivedAt = utcTimestamp();
        record.logicalDate = today_;
        record.state = "processing";
        record.raw = raw;
        if (retry)
            result.receivedMailId = *retry;
        else
            result.receivedMailId = store_.mail().recordReceived(record);
        if (inTransaction)
            inTransaction(result.receivedMailId);

        const bool automatic = message ? message->automatic : unreadable->automatic;
        auto reply = [&](const outbox::Letter& letter, const std::string& to) {
            if (automatic || to.empty())
                return;
            OutboxMail mail;
            mail.kind = "reply";
            mail.recipient = to;
            mail.subject = letter.subject;
            mail.body = letter.body;
            mail.createdAt = utcTimestamp();
            mail.logicalDate = today_;
            mail.nextAttemptAt = mail.createdAt;
            mail.inReplyTo = record.messageId;
            mail.reply = true;
            mail.receivedMailId = result.receivedMailId;
            store_.mail().enqueue(mail);
            result.replied = true;
        };
        auto quarantine = [&](const std::string& reason) {
            result.kind = IntakeResult::Kind::Quarantined;
            result.reason = reason;
            store_.mail().setReceivedState(result.receivedMailId, "quarantined", reason);
            if (!retry)  // the sender was told the first time
                reply(outbox::quarantineNotice(record.subject, reason), record.sender);
        };

        if (!message) {
            quarantine("le message est illisible : " + unreadable->reason);
            return;
        }
        if (!retry && !message->messageId.empty()) {
            if (const auto same = store_.mail().receivedByMessageId(message->messageId);
                same && same->id != result.receivedMailId) {
                result.kind = IntakeResult::Kind::Duplicate;
                store_.mail().setReceivedState(result.receivedMailId, "duplicate",
                                               "même Message-ID que le message n°" + std::to_string(same->id));
                return;
            }
        }
        if (message->automatic) {
            result.kind = IntakeResult::Kind::Ignored;
            result.reason = "message automatique (réponse automatique, avis de non-remise ou liste) : pas de réponse";
            store_.mail().setReceivedState(result.receivedMailId, "ignored", result.reason);
            return;
        }
        if (message->encrypted) {
            quarantine("le message est chiffré (S/MIME ou PGP) et ne peut pas être lu. Envoyez les documents en clair : "
                       "leur signature XML suffit à garantir leur origine.");
            return;
        }

        std::vector<Attachment> files;
        std::vector<const inbox::MailAttachment*> xml;
        for (const auto& a : message->attachments) {
            if (isXml(a))
                xml.push_back(&a);
            else
                files.push_back({a.fileName, a.mediaType, a.content});
        }
        const bool anyScan = std::any_of(message->attachments.begin(), message->attachments.end(),
                                         [](const inbox::MailAttachment& a) { return isScan(a); });
        if (xml.empty() && !anyScan) {
            quarantine("aucun document XML ni scan de formulaire n'a été trouvé dans ce message.");
            return;
        }

        SubmissionProcessor processor{store_, referential_, deadlines_, today_};
        std::vector<outbox::ReplySection> sections;
        std::vector<std::string> used;
        std::optional<Id> dossierCandidature, dossierCandidate, account;
        for (const auto* document : xml) {
            const auto outcome = processor.process({document->content, document->fileName, message->from, files, false});
            outbox::ReplySection section;
            const std::string what = document->fileName + (outcome.kindLabel.empty() ? "" : " (" + outcome.kindLabel + ")");
            switch (outcome.status) {
            case SubmissionOutcome::Status::Accepted:
                ++result.accepted;
                section.title = what + " : accepté.";
                break;
            case SubmissionOutcome::Status::AlreadyReceived:
                section.title = what + " : déjà reçu, non traité une seconde fois.";
                break;
            case SubmissionOutcome::Status::Rejected:
                ++result.rejected;
                section.title = what + " : refusé, rien n'a été modifié.";
                break;
            }
            section.lines = outcome.messages;
            sections.push_back(std::move(section));
            used.insert(used.end(), outcome.attachmentsUsed.begin(), outcome.attachmentsUsed.end());
            // A message's scans go only to a dossier named by a submission accepted in this very
            // message, from an account the sender's address belongs to: never by a replay.
            if (outcome.status == SubmissionOutcome::Status::Accepted && senderBelongsTo(outcome.accountId, message->from)) {
                if (!dossierCandidature && outcome.candidatureId)
                    dossierCandidature = outcome.candidatureId;
                if (!dossierCandidate && outcome.candidateId)
                    dossierCandidate = outcome.candidateId;
            }
            if (outcome.status == SubmissionOutcome::Status::Accepted && !account && outcome.accountId)
                account = outcome.accountId;
        }

        // Files no submission took: scans go to the scan stage, with the dossier this message
        // named; anything else stays only in the kept message.
        outbox::ReplySection attachments{"Pièces jointes :", {}};
        for (const auto& a : message->attachments) {
            if (isXml(a))
                continue;
            if (std::find(used.begin(), used.end(), a.fileName) != used.end()) {
                attachments.lines.push_back(a.fileName + " : enregistrée avec le document qui la cite.");
            } else if (!isScan(a)) {
                attachments.lines.push_back(a.fileName + " : " + refusedTypeReason(a) + ".");
            } else {
                // Read by the scan stage like any scan: a coded form goes where its code says, a
                // page without code to the dossier named here.
                const Id document = store_.documents().store(a.content, a.mediaType, a.fileName, today_);
                store_.mail().queueScan(document, result.receivedMailId, message->from, today_, dossierCandidature,
                                        dossierCandidature ? std::nullopt : dossierCandidate);
                attachments.lines.push_back(
                    a.fileName + " : scan mis en attente de lecture (formulaires) ; il sera rattaché " +
                    (dossierCandidature ? "au dossier de la candidature n°" + std::to_string(*dossierCandidature)
                     : dossierCandidate ? "au dossier du candidat n°" + std::to_string(*dossierCandidate)
                                        : std::string{"au dossier qu'il désigne"}) +
                    ".");
            }
        }
        if (!attachments.lines.empty())
            sections.push_back(std::move(attachments));
        if (!message->notes.empty())
            sections.push_back({"Remarques :", message->notes});

        // The reply goes to the sender when the address belongs to the account that acted;
        // otherwise to that account's own addresses (a From line can be forged).
        std::string to = message->from;
        if (account) {
            const auto holder = store_.accounts().account(*account);
            if (holder && std::find(holder->addresses.begin(), holder->addresses.end(), message->from) == holder->addresses.end()) {
                to.clear();
                for (const auto& address : holder->addresses)
                    to += (to.empty() ? "" : ", ") + address;
            }
        }
        reply(outbox::messageReply(message->subject, sections), to);
        store_.mail().setReceivedState(result.receivedMailId, "processed", "");
    });
    log.information("message %?d from %s: %s, %d accepted, %d rejected", result.receivedMailId,
                    message ? message->from : std::string{"?"},
                    std::string{result.kind == IntakeResult::Kind::Processed     ? "processed"
                                : result.kind == IntakeResult::Kind::Duplicate   ? "duplicate"
                                : result.kind == IntakeResult::Kind::Ignored     ? "ignored"
                                                                                 : "quarantined"},
                    result.accepted, result.rejected);
    return result;
}

}  // namespace cqp::pipeline
