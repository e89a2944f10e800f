#include "cqp/repositories/MailRepository.h"

#include "Convert.h"
#include "cqp/store/Database.h"
#include <algorithm>

namespace cqp::pipeline {

using namespace detail;

namespace {

constexpr const char* receivedColumns = "SELECT id, message_id, sha256, sender, subject, received_at, logical_date, state,"
                                        " reason, raw, kept_file, reply_to FROM received_mail";

// A received message, or a copy of one (received_copies: no state, raw or reason of its own);
// the raw message only when the query asked for it.
ReceivedMail receivedFrom(const Row& r)
{
    ReceivedMail m;
    m.id = r.integer("id");
    m.messageId = r.text("message_id");
    m.sha256 = r.text("sha256");
    m.sender = r.text("sender");
    m.subject = r.text("subject");
    m.receivedAt = r.text("received_at");
    m.logicalDate = date(r, "logical_date");
    if (r.has("original_id")) {
        m.state = ReceivedState::Duplicate;
        m.duplicateOf = r.integer("original_id");
        m.reason = "copie identique du message n°" + std::to_string(*m.duplicateOf) + " : déjà traité, rien n'a été refait";
        return m;
    }
    m.state = coded<ReceivedState>(r, "state");
    m.reason = r.text("reason");
    if (r.has("raw"))
        m.raw = r.bytes("raw");
    m.keptFile = r.text("kept_file");
    m.replyTo = r.text("reply_to");
    return m;
}

constexpr const char* outboxColumns = "SELECT id, kind, candidature_id, recipient, subject, body, state, attempts,"
                                      " created_at, logical_date, next_attempt_at, last_error, sent_at, in_reply_to,"
                                      " reply, received_mail_id FROM outbox";

OutboxMail outboxFrom(const Row& r)
{
    OutboxMail m;
    m.id = r.integer("id");
    m.kind = r.text("kind");
    m.candidatureId = r.optInteger("candidature_id");
    m.recipient = r.text("recipient");
    m.subject = r.text("subject");
    m.body = r.text("body");
    m.state = coded<OutboxState>(r, "state");
    m.attempts = static_cast<int>(r.integer("attempts"));
    m.createdAt = r.text("created_at");
    m.logicalDate = date(r, "logical_date");
    m.nextAttemptAt = r.text("next_attempt_at");
    m.lastError = r.text("last_error");
    m.sentAt = r.text("sent_at");
    m.inReplyTo = r.text("in_reply_to");
    m.reply = r.flag("reply");
    m.receivedMailId = r.optInteger("received_mail_id");
    return m;
}

}  // namespace

Id MailRepository::recordReceived(const ReceivedMail& m)
{
    return db_.insert("INSERT INTO received_mail (message_id, sha256, sender, subject, received_at, logical_date, state,"
                      " reason, raw, kept_file, reply_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      {m.messageId, m.sha256, lower(m.sender), m.subject, m.receivedAt, m.logicalDate.iso(), code(m.state),
                       m.reason, Bytes{m.raw}, m.keptFile, m.replyTo});
}

Id MailRepository::recordCopy(Id original, const ReceivedMail& m)
{
    return db_.insert("INSERT INTO received_copies (original_id, message_id, sender, subject, received_at, logical_date)"
                      " VALUES (?, ?, ?, ?, ?, ?)",
                      {original, m.messageId, lower(m.sender), m.subject, m.receivedAt, m.logicalDate.iso()});
}

std::vector<ReceivedMail> MailRepository::inbox(std::optional<ReceivedState> state)
{
    std::vector<ReceivedMail> out;
    const std::string mails = "SELECT id, message_id, sha256, sender, subject, received_at, logical_date, state, reason,"
                              " kept_file, reply_to FROM received_mail" +
                              std::string{!state ? "" : " WHERE state = ?"} + " ORDER BY received_at, id";
    if (state != ReceivedState::Duplicate)
        for (const auto& r : db_.query(mails, !state ? Params{} : Params{code(*state)}))
            out.push_back(receivedFrom(r));
    if (!state || state == ReceivedState::Duplicate)
        for (const auto& r : db_.query("SELECT c.id, c.message_id, m.sha256, c.sender, c.subject, c.received_at,"
                                       " c.logical_date, c.original_id FROM received_copies c JOIN received_mail m"
                                       " ON m.id = c.original_id ORDER BY c.received_at, c.id"))
            out.push_back(receivedFrom(r));
    std::stable_sort(out.begin(), out.end(), [](const ReceivedMail& a, const ReceivedMail& b) { return a.receivedAt < b.receivedAt; });
    return out;
}

void MailRepository::deferReply(Id id, const std::string& address, const std::string& sections)
{
    db_.execute("UPDATE received_mail SET reply_to = ?, reply_sections = ? WHERE id = ?", {address, sections, id});
}

int MailRepository::repliesTo(const std::string& address, rules::Date day)
{
    const auto row = db_.queryOne("SELECT replies FROM reply_counts WHERE address = ? AND logical_date = ?", {lower(address), day.iso()});
    return row ? static_cast<int>(row->integer(0)) : 0;
}

void MailRepository::countReply(const std::string& address, rules::Date day)
{
    db_.execute("INSERT INTO reply_counts (address, logical_date, replies) VALUES (?, ?, 1)"
                " ON CONFLICT (address, logical_date) DO UPDATE SET replies = reply_counts.replies + 1",
                {lower(address), day.iso()});
}

void MailRepository::setScanNotice(Id scan, const std::string& notice)
{
    db_.execute("UPDATE scan_queue SET notice = ? WHERE id = ?", {notice, scan});
}

std::vector<MailRepository::ScanSummary> MailRepository::scanSummariesDue()
{
    std::vector<ScanSummary> out;
    // Messages with scans, none of them still waiting, whose sender was not told yet.
    const auto rows = db_.query(
        "SELECT m.id, m.reply_to, m.message_id, m.subject, q.file_name, q.notice, m.reply_sections FROM received_mail m"
        " JOIN scan_queue q ON q.received_mail_id = m.id AND q.filed_by_submission = 0 WHERE m.scans_told = 0 AND NOT EXISTS"
        " (SELECT 1 FROM scan_queue p WHERE p.received_mail_id = m.id AND p.state = 'pending' AND p.filed_by_submission = 0)"
        " ORDER BY m.id, q.id");
    for (const auto& r : rows) {
        if (out.empty() || out.back().receivedMailId != r.integer("id"))
            out.push_back({r.integer("id"), r.text("reply_to"), r.text("message_id"), r.text("subject"), r.text("reply_sections"), {}});
        out.back().notices.push_back(r.text("notice").empty() ? r.text("file_name") + " : lu." : r.text("notice"));
    }
    return out;
}

void MailRepository::markScansTold(Id receivedMailId)
{
    db_.execute("UPDATE received_mail SET scans_told = 1 WHERE id = ?", {receivedMailId});
}

std::optional<ReceivedMail> MailRepository::received(Id id)
{
    auto row = db_.queryOne(std::string{receivedColumns} + " WHERE id = ?", {id});
    return row ? std::optional{receivedFrom(*row)} : std::nullopt;
}

std::optional<ReceivedMail> MailRepository::receivedBySha256(const std::string& sha256)
{
    auto row = db_.queryOne(std::string{receivedColumns} + " WHERE sha256 = ?", {sha256});
    return row ? std::optional{receivedFrom(*row)} : std::nullopt;
}

void MailRepository::setReceivedState(Id id, ReceivedState state, const std::string& reason)
{
    db_.execute("UPDATE received_mail SET state = ?, reason = ? WHERE id = ?", {code(state), reason, id});
}

bool MailRepository::pop3Seen(const std::string& uid)
{
    return db_.scalar("SELECT COUNT(*) FROM pop3_seen WHERE uid = ?", {uid}) > 0;
}

void MailRepository::markPop3Seen(const std::string& uid, std::optional<Id> receivedMailId, const std::string& at)
{
    db_.execute("INSERT INTO pop3_seen (uid, received_mail_id, seen_at) VALUES (?, ?, ?)", {uid, opt(receivedMailId), at});
}

Id MailRepository::queueScan(Id documentId, std::optional<Id> receivedMailId, const std::string& sender, rules::Date on,
                             std::optional<Id> candidature, std::optional<Id> candidate, const std::string& fileName,
                             bool filedBySubmission)
{
    return db_.insert("INSERT INTO scan_queue (document_id, received_mail_id, sender, state, queued_on, candidature_id,"
                      " candidate_id, file_name, filed_by_submission) VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?)",
                      {documentId, detail::opt(receivedMailId), sender, on.iso(), detail::opt(candidature), detail::opt(candidate),
                       fileName, std::int64_t{filedBySubmission ? 1 : 0}});
}

std::int64_t MailRepository::countScansPending()
{
    return db_.scalar("SELECT COUNT(*) FROM scan_queue WHERE state = 'pending'");
}

std::optional<MailRepository::QueuedScan> MailRepository::claimScan(const std::string& worker, const std::string& now,
                                                                    const std::string& leaseUntil, bool takeOver)
{
    std::optional<QueuedScan> claimed;
    db_.atomic([&] {
        const std::string pick = std::string{"SELECT id FROM scan_queue WHERE state = 'pending'"} +
                                 (takeOver ? "" : " AND lease_until < ?") + " ORDER BY id LIMIT 1" +
                                 (db_.dialect().postgres() ? " FOR UPDATE SKIP LOCKED" : "");
        detail::Params params{worker, leaseUntil};
        if (!takeOver)
            params.emplace_back(now);
        const auto row = db_.queryOne("UPDATE scan_queue SET claimed_by = ?, lease_until = ? WHERE id = (" + pick +
                                          ") RETURNING id, document_id, sender, candidature_id, candidate_id, file_name, filed_by_submission",
                                      params);
        if (row)
            claimed = QueuedScan{row->integer(0), row->integer(1), row->text(2), row->optInteger(3), row->optInteger(4),
                                 row->text(5), row->integer(6) != 0};
    });
    return claimed;
}

bool MailRepository::holdsScan(Id id, const std::string& worker)
{
    return db_.queryOne(std::string{"SELECT id FROM scan_queue WHERE id = ? AND state = 'pending' AND claimed_by = ?"} +
                            (db_.dialect().postgres() ? " FOR UPDATE" : ""),
                        {id, worker})
        .has_value();
}

void MailRepository::finishScan(Id id, const std::string& outcome)
{
    db_.execute("UPDATE scan_queue SET state = 'done', outcome = ? WHERE id = ?", {outcome, id});
}

namespace {
constexpr const char* reviewColumns =
    "SELECT id, candidature_id, document_id, page, reason, state, resolution, created_on, crop_document_id FROM reviews";
MailRepository::Review reviewFrom(const Row& r)
{
    return {r.integer("id"), r.optInteger("candidature_id"), r.integer("document_id"), static_cast<int>(r.integer("page")), r.text("reason"), coded<ReviewState>(r, "state"), r.text("resolution"),
            date(r, "created_on"), r.optInteger("crop_document_id")};
}
}  // namespace

Id MailRepository::addReview(const Review& v)
{
    return db_.insert("INSERT INTO reviews (candidature_id, document_id, page, reason, state, created_on, crop_document_id)"
                      " VALUES (?, ?, ?, ?, 'open', ?, ?)",
                      {opt(v.candidatureId), v.documentId, std::int64_t{v.page}, v.reason, v.createdOn.iso(), opt(v.cropDocumentId)});
}

std::vector<MailRepository::Review> MailRepository::reviews(ReviewState state)
{
    std::vector<Review> out;
    for (const auto& r : db_.query(std::string{reviewColumns} + " WHERE state = ? ORDER BY id", {code(state)}))
        out.push_back(reviewFrom(r));
    return out;
}

std::vector<MailRepository::Review> MailRepository::reviewsOfDocument(Id documentId)
{
    std::vector<Review> out;
    for (const auto& r : db_.query(std::string{reviewColumns} + " WHERE document_id = ? ORDER BY id", {documentId}))
        out.push_back(reviewFrom(r));
    return out;
}

MailRepository::PapersHolding MailRepository::papersHolding(Id candidatureId, Id candidateId)
{
    const auto row = db_.queryOne(
        "SELECT (SELECT COUNT(*) FROM reviews WHERE candidature_id = ? AND state = 'open') AS reviews,"
        " (SELECT COUNT(*) FROM scan_queue WHERE candidature_id = ? AND state = 'pending')"
        " + (SELECT COUNT(*) FROM scan_queue WHERE candidate_id = ? AND state = 'pending'"
        " AND (candidature_id IS NULL OR candidature_id <> ?)) AS scans",
        {candidatureId, candidatureId, candidateId, candidatureId});
    return {static_cast<std::size_t>(row->integer("reviews")), static_cast<std::size_t>(row->integer("scans"))};
}

std::map<Id, MailRepository::PapersHolding> MailRepository::papersHolding(const std::vector<std::pair<Id, Id>>& pairs)
{
    std::vector<Id> candidatures, candidates;
    for (const auto& [candidature, candidate] : pairs) {
        candidatures.push_back(candidature);
        candidates.push_back(candidate);
    }
    std::map<Id, PapersHolding> out;
    for (const auto& [candidature, candidate] : pairs)
        out[candidature] = {};
    const auto set = db_.dialect().idList(candidatures);
    for (const auto& r : db_.query("SELECT candidature_id, COUNT(*) FROM reviews WHERE candidature_id" + in(db_) +
                                       " AND state = 'open' GROUP BY candidature_id",
                                   {set}))
        out[r.integer(0)].openReviews = static_cast<std::size_t>(r.integer(1));
    for (const auto& r : db_.query("SELECT candidature_id, COUNT(*) FROM scan_queue WHERE candidature_id" + in(db_) +
                                       " AND state = 'pending' GROUP BY candidature_id",
                                   {set}))
        out[r.integer(0)].unreadScans += static_cast<std::size_t>(r.integer(1));
    // A candidate's pending scans count for each of their candidatures but the one they name.
    std::map<Id, std::vector<std::pair<std::optional<Id>, std::size_t>>> byCandidate;
    for (const auto& r : db_.query("SELECT candidate_id, candidature_id, COUNT(*) FROM scan_queue WHERE candidate_id" + in(db_) +
                                       " AND state = 'pending' GROUP BY candidate_id, candidature_id",
                                   {db_.dialect().idList(candidates)}))
        byCandidate[r.integer(0)].emplace_back(r.optInteger(1), static_cast<std::size_t>(r.integer(2)));
    for (const auto& [candidature, candidate] : pairs)
        if (const auto it = byCandidate.find(candidate); it != byCandidate.end())
            for (const auto& [named, count] : it->second)
                if (named != candidature)
                    out[candidature].unreadScans += count;
    return out;
}

std::optional<MailRepository::Review> MailRepository::review(Id id)
{
    auto row = db_.queryOne(std::string{reviewColumns} + " WHERE id = ?", {id});
    return row ? std::optional{reviewFrom(*row)} : std::nullopt;
}

void MailRepository::resolveReview(Id id, const std::string& resolution, rules::Date on)
{
    db_.execute("UPDATE reviews SET state = 'resolved', resolution = ?, resolved_on = ? WHERE id = ?", {resolution, on.iso(), id});
}

std::int64_t MailRepository::countReceivedInState(ReceivedState state)
{
    return db_.scalar("SELECT COUNT(*) FROM received_mail WHERE state = ?", {code(state)});
}

std::vector<ReceivedMail> MailRepository::receivedInState(ReceivedState state)
{
    std::vector<ReceivedMail> out;
    for (const auto& r : db_.query(std::string{receivedColumns} + " WHERE state = ? ORDER BY id", {code(state)}))
        out.push_back(receivedFrom(r));
    return out;
}

Id MailRepository::enqueue(const OutboxMail& m)
{
    return db_.insert("INSERT INTO outbox (kind, candidature_id, recipient, subject, body, state, attempts, created_at,"
                      " logical_date, next_attempt_at, in_reply_to, reply, received_mail_id)"
                      " VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?, ?, ?)",
                      {m.kind, opt(m.candidatureId), m.recipient, m.subject, m.body, m.createdAt, m.logicalDate.iso(),
                       m.nextAttemptAt, m.inReplyTo, std::int64_t{m.reply ? 1 : 0}, opt(m.receivedMailId)});
}

bool MailRepository::hasQueued(const std::string& kind, Id candidatureId)
{
    return db_.scalar("SELECT COUNT(*) FROM outbox WHERE kind = ? AND candidature_id = ?", {kind, candidatureId}) > 0;
}

void MailRepository::attach(Id outboxId, Id documentId)
{
    db_.execute("INSERT INTO outbox_attachments (outbox_id, document_id) VALUES (?, ?)", {outboxId, documentId});
}

void MailRepository::attachForm(Id outboxId, Id candidatureId, int outil)
{
    db_.execute("INSERT INTO outbox_forms (outbox_id, candidature_id, outil) VALUES (?, ?, ?)",
                {outboxId, candidatureId, std::int64_t{outil}});
}

std::vector<MailRepository::PendingForm> MailRepository::formsToRender(Id outboxId)
{
    std::vector<PendingForm> out;
    for (const auto& r : db_.query("SELECT candidature_id, outil FROM outbox_forms WHERE outbox_id = ? ORDER BY outil", {outboxId}))
        out.push_back({r.integer("candidature_id"), static_cast<int>(r.integer("outil"))});
    return out;
}

void MailRepository::formRendered(Id outboxId, int outil, Id documentId)
{
    attach(outboxId, documentId);
    db_.execute("DELETE FROM outbox_forms WHERE outbox_id = ? AND outil = ?", {outboxId, std::int64_t{outil}});
}

void MailRepository::attachFillableForm(Id outboxId, const std::string& form, Id dossier, const std::string& token)
{
    db_.execute("INSERT INTO outbox_fillable_forms (outbox_id, form, dossier, token) VALUES (?, ?, ?, ?)",
                {outboxId, form, dossier, token});
}

std::vector<MailRepository::PendingFillableForm> MailRepository::fillableFormsToRender(Id outboxId)
{
    std::vector<PendingFillableForm> out;
    for (const auto& r : db_.query("SELECT form, dossier, token FROM outbox_fillable_forms WHERE outbox_id = ? ORDER BY form",
                                   {outboxId}))
        out.push_back({r.text("form"), r.integer("dossier"), r.text("token")});
    return out;
}

void MailRepository::fillableFormRendered(Id outboxId, const std::string& form, Id documentId)
{
    attach(outboxId, documentId);
    db_.execute("DELETE FROM outbox_fillable_forms WHERE outbox_id = ? AND form = ?", {outboxId, form});
}

bool MailRepository::hasAttachmentNamed(Id outboxId, const std::string& fileName)
{
    return db_.scalar("SELECT COUNT(*) FROM outbox_attachments a JOIN documents d ON d.id = a.document_id"
                      " WHERE a.outbox_id = ? AND d.file_name = ?", {outboxId, fileName}) > 0;
}

std::vector<Id> MailRepository::attachments(Id outboxId)
{
    std::vector<Id> out;
    for (const auto& r : db_.query("SELECT document_id FROM outbox_attachments WHERE outbox_id = ? ORDER BY document_id", {outboxId}))
        out.push_back(r.integer("document_id"));
    return out;
}

std::optional<OutboxMail> MailRepository::outgoing(Id id)
{
    auto row = db_.queryOne(std::string{outboxColumns} + " WHERE id = ?", {id});
    return row ? std::optional{outboxFrom(*row)} : std::nullopt;
}

bool MailRepository::reminded(const std::string& kind, Id subject, const std::string& key)
{
    return db_.scalar("SELECT COUNT(*) FROM reminders WHERE kind = ? AND subject_id = ? AND subject_key = ?", {kind, subject, key}) > 0;
}

void MailRepository::recordReminder(const std::string& kind, Id subject, const std::string& key, rules::Date on)
{
    db_.execute("INSERT INTO reminders (kind, subject_id, subject_key, sent_on) VALUES (?, ?, ?, ?)", {kind, subject, key, on.iso()});
}

std::int64_t MailRepository::countDue(const std::string& now)
{
    return db_.scalar("SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?", {now});
}

std::vector<OutboxMail> MailRepository::due(const std::string& now, int limit)
{
    std::vector<OutboxMail> out;
    for (const auto& r : db_.query(std::string{outboxColumns} +
                                       " WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
                                   {now, std::int64_t{limit}}))
        out.push_back(outboxFrom(r));
    return out;
}

std::vector<OutboxMail> MailRepository::inState(OutboxState state)
{
    std::vector<OutboxMail> out;
    for (const auto& r : db_.query(std::string{outboxColumns} + " WHERE state = ? ORDER BY id", {code(state)}))
        out.push_back(outboxFrom(r));
    return out;
}

std::vector<OutboxMail> MailRepository::listOutbox(std::optional<OutboxState> state, const std::string& to)
{
    std::string sql = std::string{outboxColumns} + " WHERE 1 = 1";
    Params params;
    if (state) {
        sql += " AND state = ?";
        params.emplace_back(code(*state));
    }
    if (!to.empty()) {
        sql += " AND LOWER(recipient) LIKE ?";
        params.emplace_back("%" + lower(to) + "%");
    }
    std::vector<OutboxMail> out;
    for (const auto& r : db_.query(sql + " ORDER BY id", params)) {
        out.push_back(outboxFrom(r));
        out.back().body.clear();
    }
    return out;
}

std::vector<OutboxMail> MailRepository::aboutCandidature(Id candidatureId)
{
    std::vector<OutboxMail> out;
    for (const auto& r : db_.query(std::string{outboxColumns} + " WHERE candidature_id = ? ORDER BY id", {candidatureId})) {
        out.push_back(outboxFrom(r));
        out.back().body.clear();
    }
    return out;
}

std::string MailRepository::scanOutcome(Id documentId)
{
    const auto row = db_.queryOne("SELECT state, outcome FROM scan_queue WHERE document_id = ? ORDER BY id DESC", {documentId});
    if (!row)
        return {};
    return row->text("state") == "pending" ? "pending" : row->text("outcome");
}

void MailRepository::retryFailed(Id id, const std::string& now)
{
    db_.execute("UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ? WHERE id = ? AND state = 'failed'",
                {now, id});
}

void MailRepository::markSent(Id id, const std::string& at)
{
    db_.execute("UPDATE outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1 WHERE id = ? AND state = 'pending'",
                {at, id});
}

void MailRepository::markRetry(Id id, const std::string& error, const std::string& nextAttemptAt)
{
    db_.execute("UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
                {error, nextAttemptAt, id});
}

void MailRepository::markFailed(Id id, const std::string& error)
{
    db_.execute("UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?", {error, id});
}

}  // namespace cqp::pipeline
