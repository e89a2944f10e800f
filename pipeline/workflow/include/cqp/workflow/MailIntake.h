#pragma once

#include "cqp/inbox/MimeMessage.h"
#include "cqp/outbox/Letters.h"
#include "cqp/repositories/MailRecords.h"
#include "cqp/workflow/SubmissionProcessor.h"
#include "cqp/rules/Replies.h"
#include "cqp/rules/Deadlines.h"
#include "cqp/rules/Referential.h"

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace cqp::pipeline {

class Store;

/// What the intake of one message needs of the mail settings.
struct IntakeSettings {
    inbox::MimeLimits limits;
    rules::ReplyLimits replies;  ///< replies per sender and day
    std::string domain = "localhost";  ///< right-hand side of our Message-IDs
    /// The authserv-id of the receiving mail server whose Authentication-Results are trusted
    /// ("" : none): a filled form whose sender's domain fails DMARC there is held for review.
    std::string trustedAuthServer;
};

/// What became of one received message.
struct IntakeResult {
    enum class Kind { Processed, Duplicate, Ignored, Quarantined };
    Kind kind = Kind::Processed;
    Id receivedMailId = 0;
    int accepted = 0;   ///< submissions applied
    int rejected = 0;   ///< submissions refused
    bool replied = false;
    std::string reason;  ///< for Ignored and Quarantined, French
};

/// Takes one raw message through MIME parsing, its XML submissions and attachments, and
/// queues exactly one French reply — all in one store transaction, so that a message is either
/// wholly done or not at all. The raw message is always kept in the store.
class MailIntake {
public:
    MailIntake(Store& store, const rules::Referential& referential, rules::Deadlines deadlines, rules::Date today,
               IntakeSettings mail);

    struct Parsed {
        std::optional<inbox::MimeMessage> message;
        std::optional<inbox::MimeError> unreadable;
    };
    /// What is done to a message before the store is touched, on any thread: its digest, MIME,
    /// and the preparation of its XML documents and attachments (see prepareDocument).
    struct Prepared {
        std::string raw;
        std::string sha;
        Parsed parsed;
        std::vector<Attachment> files;             ///< the attachments that are neither XML nor forms, prepared
        std::vector<PreparedDocument> documents;   ///< one per XML attachment, in order
        /// The PDF attachments that are filled forms of ours, by their place among the attachments.
        std::map<std::size_t, ingest::FormReadResult> forms;
        std::string failure;  ///< what went wrong unexpectedly (process throws it: the message is set aside)
    };
    /// `keys` as for prepareDocument. Thread-safe.
    Prepared prepare(std::string raw, const std::map<Id, std::string>* keys) const;

    /// `inTransaction` runs inside the message's transaction (e.g. to record a POP3 UIDL).
    /// `retry` names the quarantined message being processed again.
    IntakeResult process(const std::string& raw, const std::function<void(std::optional<Id>)>& inTransaction = {},
                         std::optional<Id> retry = std::nullopt);
    /// The same with the work of `prepare` done (on another thread).
    IntakeResult process(const Prepared& prepared, const std::function<void(std::optional<Id>)>& inTransaction = {},
                         std::optional<Id> retry = std::nullopt);

    /// A message whose processing failed unexpectedly: kept whole, quarantined with `reason`,
    /// in a transaction of its own (the failed one was rolled back). Its sender is not answered.
    IntakeResult setAside(const std::string& raw, const std::string& reason,
                          const std::function<void(std::optional<Id>)>& inTransaction = {});
    /// An over-size message kept on disk at `keptFile` (never in the store), known by its header.
    IntakeResult keptAside(const inbox::MimeMessage& header, const std::string& keptFile, const std::string& reason,
                           const std::function<void(std::optional<Id>)>& inTransaction = {});

private:
    struct Handling {
        ReceivedMail& record;
        IntakeResult& result;
        const Parsed& parsed;
        const Prepared* prepared = nullptr;
        bool retry = false;
        std::optional<std::string> noReply;  ///< why this message gets no reply (French)
        bool knownSender = true;             ///< an account's address, or an invited person's
    };
    struct Named {  ///< what the message's accepted submissions named
        std::optional<Id> candidature;
        std::optional<Id> candidate;
        std::optional<Id> account;
    };
    void prepareMessage(Prepared& prepared, const std::map<Id, std::string>* keys) const;
    IntakeResult recordCopy(const ReceivedMail& original, const std::function<void(std::optional<Id>)>& inTransaction);
    rules::ReplyFacts replyFacts(const Parsed& parsed, bool carriesSubmission);
    void handle(Handling& h);
    void processDocuments(Handling& h);
    void quarantine(Handling& h, const std::string& reason);
    std::optional<Id> reply(Handling& h, const outbox::Letter& letter, const std::string& to);
    void settle(Handling& h, IntakeResult::Kind kind, ReceivedState state, const std::string& reason);
    static outbox::ReplySection section(const std::string& fileName, const SubmissionOutcome& outcome, IntakeResult& result);
    /// Queues the message's scans for the ingest stage; the other attachments get their line in
    /// `sections`. Returns the number of scans queued.
    int queueScans(Handling& h, const std::vector<std::string>& used, const Named& named,
                   std::vector<outbox::ReplySection>& sections);
    std::string replyAddress(const std::string& sender, std::optional<Id> account);
    static void logOutcome(const IntakeResult& result, const std::string& from);
    bool senderBelongsTo(std::optional<Id> account, const std::string& sender);
    Store& store_;
    const rules::Referential& referential_;
    rules::Deadlines deadlines_;
    rules::Date today_;
    IntakeSettings mail_;
};

}  // namespace cqp::pipeline
