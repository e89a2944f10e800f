#include "cqp/workflow/MailIntake.h"

#include "cqp/rules/FillableForms.h"

#include "cqp/inbox/MimeMessage.h"
#include "cqp/outbox/HeaderText.h"
#include "cqp/outbox/Letters.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/store/CrashPoints.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/repositories/SubmissionRepository.h"
#include "cqp/workflow/SubmissionProcessor.h"
#include "cqp/workflow/Workflow.h"

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

bool isPdf(const inbox::MailAttachment& a)
{
    const auto dot = a.fileName.rfind('.');
    const std::string ext = dot == std::string::npos ? "" : Poco::toLower(a.fileName.substr(dot));
    return a.mediaType == "application/pdf" || ext == ".pdf";
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
                       IntakeSettings mail)
    : store_{store}, referential_{referential}, deadlines_{deadlines}, today_{today}, mail_{std::move(mail)}
{
}

MailIntake::Prepared MailIntake::prepare(std::string raw, const std::map<Id, std::string>* keys) const
{
    Prepared prepared;
    prepared.raw = std::move(raw);
    try {
        failurePoint("fetch prepare");
        prepareMessage(prepared, keys);
    } catch (const std::exception& e) {  // an unreadable message is a result; this is a failure
        prepared.failure = e.what();
    }
    return prepared;
}

void MailIntake::prepareMessage(Prepared& prepared, const std::map<Id, std::string>* keys) const
{
    // The same content is the same message, whichever relays it went through; a reused
    // Message-ID with other content is another message.
    prepared.sha = inbox::contentDigest(prepared.raw);
    try {
        prepared.parsed.message = inbox::parseMime(prepared.raw, mail_.limits);
    } catch (const inbox::MimeError& e) {
        prepared.parsed.unreadable = e;
        return;
    }
    const auto& message = *prepared.parsed.message;
    for (std::size_t i = 0; i < message.attachments.size(); ++i)
        if (const auto& a = message.attachments[i]; isPdf(a))
            if (auto form = ingest::readFilledForm(a.content); form.isForm)
                prepared.forms.emplace(i, std::move(form));
    if (prepared.forms.empty() && std::none_of(message.attachments.begin(), message.attachments.end(), isXml))
        return;
    for (std::size_t i = 0; i < message.attachments.size(); ++i)  // what a document may cite: neither XML nor a form
        if (const auto& a = message.attachments[i]; !isXml(a) && !prepared.forms.count(i))
            prepared.files.push_back({a.fileName, a.mediaType, a.content});
    prepareAttachments(prepared.files);
    for (const auto& a : message.attachments)
        if (isXml(a))
            prepared.documents.push_back(prepareDocument({a.content, a.fileName, message.from, {}, false, false}, keys));
}

IntakeResult MailIntake::process(const std::string& raw, const std::function<void(std::optional<Id>)>& inTransaction,
                                 std::optional<Id> retry)
{
    return process(prepare(raw, nullptr), inTransaction, retry);
}

IntakeResult MailIntake::process(const Prepared& prepared, const std::function<void(std::optional<Id>)>& inTransaction,
                                 std::optional<Id> retry)
{
    if (!prepared.failure.empty())
        throw std::runtime_error(prepared.failure);  // the caller sets the message aside
    const std::string& sha = prepared.sha;
    const std::string& raw = prepared.raw;
    if (!retry)
        if (const auto seen = store_.mail().receivedBySha256(sha))
            return recordCopy(*seen, inTransaction);

    const Parsed& parsed = prepared.parsed;
    IntakeResult result;
    store_.transaction([&] {
        ReceivedMail record;
        record.messageId = parsed.message ? parsed.message->messageId : parsed.unreadable->messageId;
        record.sha256 = sha;
        record.sender = parsed.message ? parsed.message->from : parsed.unreadable->from;
        record.subject = parsed.message ? parsed.message->subject : parsed.unreadable->subject;
        record.receivedAt = utcTimestamp();
        record.logicalDate = today_;
        record.state = ReceivedState::Processing;
        record.raw = raw;
        result.receivedMailId = retry ? *retry : store_.mail().recordReceived(record);
        if (inTransaction)
            inTransaction(result.receivedMailId);
        crashPoint("fetch item");
        Handling handling{record, result, parsed, &prepared, retry.has_value(), {}};
        handle(handling);
    });
    logOutcome(result, parsed.message ? parsed.message->from : std::string{"?"});
    return result;
}

IntakeResult MailIntake::recordCopy(const ReceivedMail& original, const std::function<void(std::optional<Id>)>& inTransaction)
{
    // The same bytes again (a resent message, a mailbox delivered twice): its own row in the
    // inbox listing, nothing done twice, no reply.
    IntakeResult result;
    result.kind = IntakeResult::Kind::Duplicate;
    result.receivedMailId = original.id;
    result.reason = "copie identique du message n°" + std::to_string(original.id);
    store_.transaction([&] {
        ReceivedMail copy = original;
        copy.receivedAt = utcTimestamp();
        copy.logicalDate = today_;
        store_.mail().recordCopy(original.id, copy);
        if (inTransaction)
            inTransaction(original.id);
    });
    return result;
}

IntakeResult MailIntake::setAside(const std::string& raw, const std::string& reason,
                                  const std::function<void(std::optional<Id>)>& inTransaction)
{
    IntakeResult result;
    result.kind = IntakeResult::Kind::Quarantined;
    result.reason = reason;
    const std::string sha = inbox::contentDigest(raw);
    store_.transaction([&] {
        if (const auto seen = store_.mail().receivedBySha256(sha)) {
            result.receivedMailId = seen->id;
            store_.mail().setReceivedState(seen->id, ReceivedState::Quarantined, reason);
        } else {
            ReceivedMail record;
            record.sha256 = sha;
            try {
                const auto header = inbox::parseHeaderOnly(raw.substr(0, 65536));
                record.messageId = header.messageId;
                record.sender = header.from;
                record.subject = header.subject;
            } catch (const std::exception&) {
                // The header was the problem: the raw message says it all.
            }
            record.receivedAt = utcTimestamp();
            record.logicalDate = today_;
            record.state = ReceivedState::Quarantined;
            record.reason = reason;
            record.raw = raw;
            result.receivedMailId = store_.mail().recordReceived(record);
        }
        if (inTransaction)
            inTransaction(result.receivedMailId);
    });
    return result;
}

IntakeResult MailIntake::keptAside(const inbox::MimeMessage& header, const std::string& keptFile, const std::string& reason,
                                   const std::function<void(std::optional<Id>)>& inTransaction)
{
    IntakeResult result;
    Parsed parsed;
    parsed.message = header;
    store_.transaction([&] {
        if (const auto seen = store_.mail().receivedBySha256("aside:" + keptFile)) {
            result.receivedMailId = seen->id;  // recorded by a run killed before the move: once only
            result.kind = IntakeResult::Kind::Quarantined;
            return;
        }
        ReceivedMail record;
        record.messageId = header.messageId;
        record.sha256 = "aside:" + keptFile;
        record.sender = header.from;
        record.subject = header.subject;
        record.receivedAt = utcTimestamp();
        record.logicalDate = today_;
        record.state = ReceivedState::KeptAside;
        record.keptFile = keptFile;
        result.receivedMailId = store_.mail().recordReceived(record);
        if (inTransaction)
            inTransaction(result.receivedMailId);
        Handling h{record, result, parsed, nullptr, false, rules::noReplyReason(replyFacts(parsed, false), mail_.replies)};
        settle(h, IntakeResult::Kind::Quarantined, ReceivedState::KeptAside, reason);
        reply(h, outbox::quarantineNotice(record.subject, reason), record.sender);
    });
    return result;
}

rules::ReplyFacts MailIntake::replyFacts(const Parsed& parsed, bool carriesSubmission)
{
    rules::ReplyFacts facts;
    const auto& m = parsed.message;
    facts.sender = m ? m->from : parsed.unreadable->from;
    facts.validSender = outbox::isMailboxAddress(facts.sender);
    facts.automaticWhy = m ? m->automaticWhy : parsed.unreadable->automaticWhy;
    const std::string threads = (m ? m->inReplyTo + " " + m->references
                                   : parsed.unreadable->inReplyTo + " " + parsed.unreadable->references);
    facts.answersOurMail = rules::namesOurMessage(threads, mail_.domain);
    facts.carriesSubmission = carriesSubmission;
    if (facts.validSender) {
        facts.knownSender = !store_.accounts().accountsByAddress(facts.sender).empty() ||
                            store_.submissions().wasInvited(facts.sender);
        facts.repliesToday = store_.mail().repliesTo(facts.sender, today_);
    }
    return facts;
}

std::optional<Id> MailIntake::reply(Handling& h, const outbox::Letter& letter, const std::string& to)
{
    if (h.noReply || to.empty())
        return std::nullopt;
    const Id mail = Workflow{store_, referential_, deadlines_, today_}.reply(h.result.receivedMailId, h.record.messageId, to, letter);
    h.result.replied = true;
    return mail;
}

void MailIntake::settle(Handling& h, IntakeResult::Kind kind, ReceivedState state, const std::string& reason)
{
    h.result.kind = kind;
    h.result.reason = reason;
    std::string fate = reason;
    if (h.noReply && kind != IntakeResult::Kind::Ignored)  // an ignored message's reason says it all
        fate += (fate.empty() ? "" : " ; ") + std::string{"pas de réponse : "} + *h.noReply;
    store_.mail().setReceivedState(h.result.receivedMailId, state, fate);
}

void MailIntake::handle(Handling& h)
{
    const auto& message = h.parsed.message;
    const bool carries = message && std::any_of(message->attachments.begin(), message->attachments.end(),
                                                 [](const inbox::MailAttachment& a) { return isXml(a) || isScan(a); });
    const auto facts = replyFacts(h.parsed, carries);
    h.noReply = rules::noReplyReason(facts, mail_.replies);
    h.knownSender = facts.knownSender;
    if (!message) {
        quarantine(h, "le message est illisible : " + h.parsed.unreadable->reason);
        return;
    }
    if (message->automatic) {
        settle(h, IntakeResult::Kind::Ignored, ReceivedState::Ignored, "message automatique, jamais de réponse : " + message->automaticWhy);
        return;
    }
    if (message->encrypted) {
        quarantine(h, "le message est chiffré (S/MIME ou PGP) et ne peut pas être lu. Envoyez les documents en clair : "
                      "leur signature XML suffit à garantir leur origine.");
        return;
    }
    if (!carries) {
        const std::string reason = "aucun document XML, formulaire PDF ni scan de formulaire n'a été trouvé dans ce message.";
        if (h.knownSender || h.retry)
            return quarantine(h, reason);
        // Someone without an account writes to us: the blank account request answers them.
        settle(h, IntakeResult::Kind::Quarantined, ReceivedState::Quarantined, reason);
        if (const auto mail = reply(h, outbox::accountFormOffer(h.record.subject), h.record.sender))
            store_.mail().attachFillableForm(*mail, std::string{rules::fillable::kindName(rules::fillable::FormKind::DemandeCompte)}, 0, "");
        return;
    }
    // A filled form proves its sender by the token and the address it comes from: when the
    // receiving server says that address is not its domain's (DMARC), the secretariat looks first
    // (`cqp quarantine retry` once satisfied applies it).
    if (!h.retry && !h.prepared->forms.empty() &&
        rules::dmarcVerdict(message->authenticationResults, mail_.trustedAuthServer) == rules::DmarcVerdict::Fail) {
        quarantine(h, "l'adresse de l'expéditeur n'est pas authentifiée par son domaine (DMARC, selon notre serveur de "
                      "messagerie) : le formulaire joint est transmis au secrétariat, qui le vérifiera avant de l'appliquer.");
        return;
    }
    processDocuments(h);
}

void MailIntake::quarantine(Handling& h, const std::string& reason)
{
    settle(h, IntakeResult::Kind::Quarantined, ReceivedState::Quarantined, reason);
    if (!h.retry)  // the sender was told the first time
        reply(h, outbox::quarantineNotice(h.record.subject, reason), h.record.sender);
}

void MailIntake::processDocuments(Handling& h)
{
    const auto& message = *h.parsed.message;
    std::vector<const inbox::MailAttachment*> xml;
    for (const auto& a : message.attachments)
        if (isXml(a))
            xml.push_back(&a);
    // The files a submission may name (prepared with the message).
    const std::vector<Attachment>& files = h.prepared->files;
    SubmissionProcessor processor{store_, referential_, deadlines_, today_};
    std::vector<outbox::ReplySection> sections;
    std::vector<std::string> used;
    Named named;
    // A message's scans go only to a dossier named by a submission accepted in this very
    // message, from an account the sender's address belongs to: never by a replay.
    std::vector<std::pair<rules::fillable::FormKind, Id>> replyForms;  // the next forms the reply carries
    const auto noteNamed = [&](const SubmissionOutcome& outcome) {
        // One of each: a mail carries a form once (two outils n°6 in one message bring one new).
        if (outcome.replyForm && std::find(replyForms.begin(), replyForms.end(), *outcome.replyForm) == replyForms.end())
            replyForms.push_back(*outcome.replyForm);
        if (outcome.status == SubmissionOutcome::Status::Accepted && senderBelongsTo(outcome.accountId, message.from)) {
            if (!named.candidature && outcome.candidatureId)
                named.candidature = outcome.candidatureId;
            if (!named.candidate && outcome.candidateId)
                named.candidate = outcome.candidateId;
        }
        if (outcome.status == SubmissionOutcome::Status::Accepted && !named.account && outcome.accountId)
            named.account = outcome.accountId;
    };
    for (std::size_t k = 0; k < xml.size(); ++k) {
        const auto* document = xml[k];
        ReceivedDocument received{document->content, document->fileName, message.from, files, false, false, h.result.receivedMailId};
        const auto outcome = processor.process(received, h.prepared->documents[k]);
        sections.push_back(section(document->fileName, outcome, h.result));
        used.insert(used.end(), outcome.attachmentsUsed.begin(), outcome.attachmentsUsed.end());
        noteNamed(outcome);
    }
    for (const auto& [at, form] : h.prepared->forms) {  // filled PDF forms, read from their fields
        const auto& a = message.attachments[at];
        ReceivedDocument received{a.content, a.fileName, message.from, files, false, false, h.result.receivedMailId, "application/pdf"};
        const auto outcome = processor.processForm(received, form);
        sections.push_back(section(a.fileName, outcome, h.result));
        noteNamed(outcome);
    }
    const int scans = queueScans(h, used, named, sections);
    if (!message.notes.empty())
        sections.push_back({"Remarques :", message.notes});

    const std::string to = replyAddress(message.from, named.account);
    if (h.noReply && named.account && to != message.from)
        h.noReply.reset();  // the account's own addresses are told: its signature is proof enough
    std::optional<Id> replied;
    if (scans == 0)
        replied = reply(h, outbox::messageReply(message.subject, sections), to);
    else if (!h.noReply)  // one reply, once the scans are read (ingest stage)
        store_.mail().deferReply(h.result.receivedMailId, to, outbox::sectionsText(sections));
    if (!replyForms.empty() && !h.noReply) {
        // The reply waits for the scans: the next forms go at once, in a mail of their own.
        Workflow workflow{store_, referential_, deadlines_, today_};
        const Id mail = replied ? *replied : workflow.queue("next_forms", std::nullopt, message.from, outbox::nextForms(message.subject));
        for (const auto& [kind, dossier] : replyForms)
            workflow.attachForm(mail, kind, dossier, message.from, today_.plusDays(rules::fillable::accountFormDays));
    }
    const auto& forms = h.prepared->forms;
    std::string fate = xml.empty() && forms.empty()
                           ? std::string{}
                           : std::to_string(h.result.accepted) +
                                 (forms.empty() ? " document(s) XML accepté(s), " : " document(s) XML ou formulaire(s) PDF accepté(s), ") +
                                 std::to_string(h.result.rejected) + " refusé(s)";
    if (scans > 0)
        fate += (fate.empty() ? "" : ", ") + std::to_string(scans) + " scan(s) lu(s) par l'étape ingest";
    settle(h, IntakeResult::Kind::Processed, ReceivedState::Processed, fate);
}

outbox::ReplySection MailIntake::section(const std::string& fileName, const SubmissionOutcome& outcome, IntakeResult& result)
{
    outbox::ReplySection section;
    const std::string what = fileName + (outcome.kindLabel.empty() ? "" : " (" + outcome.kindLabel + ")");
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
    return section;
}

int MailIntake::queueScans(Handling& h, const std::vector<std::string>& used, const Named& named,
                           std::vector<outbox::ReplySection>& sections)
{
    // Files no submission took: scans go to the scan stage, with the dossier this message
    // named; anything else stays only in the kept message.
    const auto& message = *h.parsed.message;
    outbox::ReplySection attachments{"Pièces jointes :", {}};
    int scans = 0;
    // The files prepared with the message (when it carries XML): its other attachments, in order.
    const auto& files = h.prepared->files;
    std::size_t file = 0;
    for (std::size_t index = 0; index < message.attachments.size(); ++index) {
        const auto& a = message.attachments[index];
        if (isXml(a))
            continue;
        if (h.prepared->forms.count(index))  // read from its fields above, not a scan
            continue;
        const std::size_t at = file++;
        if (std::find(used.begin(), used.end(), a.fileName) != used.end()) {
            attachments.lines.push_back(a.fileName + " : enregistrée avec le document qui la cite.");
        } else if (!isScan(a)) {
            attachments.lines.push_back(a.fileName + " : " + refusedTypeReason(a) + ".");
        } else {
            const Id document = store_.documents().store(a.content, a.mediaType, a.fileName, today_,
                                                         at < files.size() ? files[at].sha256 : std::string{});
            store_.mail().queueScan(document, h.result.receivedMailId, message.from, today_, named.candidature,
                                    named.candidature ? std::nullopt : named.candidate, a.fileName);
            ++scans;
        }
    }
    if (!attachments.lines.empty())
        sections.push_back(std::move(attachments));
    return scans;
}

std::string MailIntake::replyAddress(const std::string& sender, std::optional<Id> account)
{
    // The reply goes to the sender when the address belongs to the account that acted;
    // otherwise to that account's own addresses (a From line can be forged).
    if (!account || senderBelongsTo(account, sender))
        return sender;
    std::string to;
    if (const auto holder = store_.accounts().account(*account))
        for (const auto& address : holder->addresses)
            to += (to.empty() ? "" : ", ") + address;
    return to;
}

void MailIntake::logOutcome(const IntakeResult& result, const std::string& from)
{
    Poco::Logger::get("cqp.intake")
        .information("message %?d from %s: %s, %d accepted, %d rejected", result.receivedMailId, from,
                     std::string{result.kind == IntakeResult::Kind::Processed     ? "processed"
                                 : result.kind == IntakeResult::Kind::Duplicate   ? "duplicate"
                                 : result.kind == IntakeResult::Kind::Ignored     ? "ignored"
                                                                                  : "quarantined"},
                     result.accepted, result.rejected);
}

}  // namespace cqp::pipeline
