#pragma once

#include "cqp/repositories/MailRecords.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cqp::pipeline {

namespace detail {
class Database;
}

/// The log of received messages (for de-duplication and quarantine) and the transactional outbox.
class MailRepository {
public:
    explicit MailRepository(detail::Database& db) : db_{db} {}

    Id recordReceived(const ReceivedMail& mail);
    std::optional<ReceivedMail> received(Id id);
    std::optional<ReceivedMail> receivedBySha256(const std::string& sha256);
    std::vector<ReceivedMail> receivedInState(ReceivedState state);
    /// A later arrival of the bytes of message `original`: a row of its own, no second copy.
    Id recordCopy(Id original, const ReceivedMail& copy);
    /// Every received message and copy, oldest first, optionally in one state (without raw).
    std::vector<ReceivedMail> inbox(std::optional<ReceivedState> state = std::nullopt);
    /// The one reply to message `id` waits for its scans: to `address`, with `sections` (the
    /// reply's sections so far, as text: a title line, then its lines each after a tab).
    void deferReply(Id id, const std::string& address, const std::string& sections);
    /// Replies to received messages queued to `address` on `day` (countReply, in the reply's
    /// transaction).
    int repliesTo(const std::string& address, rules::Date day);
    void countReply(const std::string& address, rules::Date day);
    void setReceivedState(Id id, ReceivedState state, const std::string& reason);
    std::int64_t countReceivedInState(ReceivedState state);

    bool pop3Seen(const std::string& uid);
    void markPop3Seen(const std::string& uid, std::optional<Id> receivedMailId, const std::string& at);

    /// A scan with no dossier to attach it to, for the scan stage.
    /// A scan for the scan stage; `candidature` / `candidate`: the dossier the XML of the same
    /// message named, where a page without code goes.
    Id queueScan(Id documentId, std::optional<Id> receivedMailId, const std::string& sender, rules::Date on,
                 std::optional<Id> candidature = std::nullopt, std::optional<Id> candidate = std::nullopt,
                 const std::string& fileName = "", bool filedBySubmission = false);
    /// What the sender will be told about a scan, once it is read.
    void setScanNotice(Id scan, const std::string& notice);
    /// Received messages whose scans are all read and whose sender was not told yet.
    struct ScanSummary {
        Id receivedMailId = 0;
        std::string replyTo;
        std::string messageId;
        std::string subject;
        std::string sections;              ///< deferReply's
        std::vector<std::string> notices;  ///< one per scan, in the order they came
    };
    std::vector<ScanSummary> scanSummariesDue();
    void markScansTold(Id receivedMailId);
    std::int64_t countScansPending();
    struct QueuedScan {
        Id id = 0;
        Id documentId = 0;
        std::string sender;
        std::optional<Id> candidatureId;  ///< named by the XML of the same message
        std::optional<Id> candidateId;
        std::string fileName;  ///< as its sender named it ("" for scans queued before migration 11)
        bool filedBySubmission = false;  ///< named and filed by a submission: read and compared, not filed again
    };
    /// Takes the oldest pending scan whose lease has expired (any pending scan when `takeOver`:
    /// the only process on the store) for `worker` until `leaseUntil`, in its own short
    /// transaction. PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED, so that workers never wait for
    /// each other nor take the same scan.
    std::optional<QueuedScan> claimScan(const std::string& worker, const std::string& now, const std::string& leaseUntil,
                                        bool takeOver);
    /// Inside the transaction that processes it: locks the scan's row and says whether `worker`
    /// still holds it, pending (its lease may have expired and the scan gone to another).
    bool holdsScan(Id id, const std::string& worker);
    void finishScan(Id id, const std::string& outcome);

    struct Review {
        Id id = 0;
        std::optional<Id> candidatureId;
        Id documentId = 0;
        int page = 0;
        std::string reason;
        ReviewState state = ReviewState::Open;
        std::string resolution;
        rules::Date createdOn;
        std::optional<Id> cropDocumentId;  ///< the doubtful part of the page, as a PNG
    };
    Id addReview(const Review& review);
    std::vector<Review> reviews(ReviewState state);
    /// What holds a candidature (see rules::CandidatureFacts), in one query: its open reviews and
    /// the scans of the candidature or its candidate still waiting to be read.
    struct PapersHolding {
        std::size_t openReviews = 0;
        std::size_t unreadScans = 0;
    };
    PapersHolding papersHolding(Id candidatureId, Id candidateId);
    /// The same for many (candidature, its candidate) pairs, in three queries.
    std::map<Id, PapersHolding> papersHolding(const std::vector<std::pair<Id, Id>>& candidatureAndCandidate);
    /// Every review about a stored document (open or settled), oldest first.
    std::vector<Review> reviewsOfDocument(Id documentId);
    std::optional<Review> review(Id id);
    void resolveReview(Id id, const std::string& resolution, rules::Date on);

    /// Queues a mail; call inside the transaction of the change that causes it.
    Id enqueue(const OutboxMail& mail);
    /// True when a mail of `kind` about the candidature was already queued (sent or not).
    bool hasQueued(const std::string& kind, Id candidatureId);
    /// Files sent with an outbox mail (documents of the store).
    void attach(Id outboxId, Id documentId);
    std::vector<Id> attachments(Id outboxId);
    /// A pre-filled form (outil n°4 or n°6 of a candidature) the mail will carry: rendered when
    /// the mail is sent, from the data committed then — nothing heavy in the submission's
    /// transaction.
    void attachForm(Id outboxId, Id candidatureId, int outil);
    struct PendingForm {
        Id candidatureId = 0;
        int outil = 0;
    };
    std::vector<PendingForm> formsToRender(Id outboxId);
    /// The form rendered and stored as `documentId`: an attachment like any other.
    void formRendered(Id outboxId, int outil, Id documentId);
    /// A fillable form (rules::fillable kind name) for `dossier`, carrying `token`, to render
    /// when the mail goes.
    void attachFillableForm(Id outboxId, const std::string& form, Id dossier, const std::string& token);
    struct PendingFillableForm {
        std::string form;
        Id dossier = 0;
        std::string token;
    };
    std::vector<PendingFillableForm> fillableFormsToRender(Id outboxId);
    /// Whether the mail already carries a document named `fileName` (a form rendered by an
    /// earlier attempt to send it).
    bool hasAttachmentNamed(Id outboxId, const std::string& fileName);
    void fillableFormRendered(Id outboxId, const std::string& form, Id documentId);
    std::optional<OutboxMail> outgoing(Id id);
    /// Mails still to send whose next attempt is due at `now` (ISO timestamp), oldest first.
    std::vector<OutboxMail> due(const std::string& now, int limit);
    std::int64_t countDue(const std::string& now);

    /// Reminders: `kind` (results_window, registration, decisions_late) about `subject` (a
    /// candidature, a jury) for `key` (an evaluation date, a jury); recorded with its mail.
    bool reminded(const std::string& kind, Id subject, const std::string& key);
    void recordReminder(const std::string& kind, Id subject, const std::string& key, rules::Date on);
    std::vector<OutboxMail> inState(OutboxState state);
    /// The outbox for the secretariat: optionally one state, optionally the mails whose
    /// recipients contain `to` (any case); oldest first, without their bodies.
    std::vector<OutboxMail> listOutbox(std::optional<OutboxState> state, const std::string& to);
    /// The mails about one candidature, oldest first, without their bodies.
    std::vector<OutboxMail> aboutCandidature(Id candidatureId);
    /// What reading a scan gave (filed, unidentified, unreadable, failed), "" when it was never
    /// queued, "pending" while it waits.
    std::string scanOutcome(Id documentId);
    /// A failed mail is tried again from now, its attempts counted from zero.
    void retryFailed(Id id, const std::string& now);
    void markSent(Id id, const std::string& at);
    void markRetry(Id id, const std::string& error, const std::string& nextAttemptAt);
    void markFailed(Id id, const std::string& error);

private:
    detail::Database& db_;
};

}  // namespace cqp::pipeline
