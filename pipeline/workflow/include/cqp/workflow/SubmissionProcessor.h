#pragma once

#include "cqp/ingest/FormReader.h"
#include "cqp/ingest/SubmissionReader.h"
#include "cqp/repositories/AccountRecords.h"
#include "cqp/repositories/SubmissionRepository.h"
#include "cqp/rules/Deadlines.h"
#include "cqp/rules/Referential.h"

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cqp::pipeline {

class Store;

/// A file received with the document (in the same mail, or on the same `cqp ingest` line).
struct Attachment {
    std::string fileName;
    std::string mediaType;
    std::string content;
    /// Known ahead of the writer (prepareAttachments, on a worker thread): its SHA-256, and for a
    /// scan whether it can be opened ("" when it can).
    std::string sha256 = {};
    std::optional<std::string> scanProblem = std::nullopt;
};

/// Fills what prepareAttachments knows of each attachment. Thread-safe.
void prepareAttachments(std::vector<Attachment>& attachments);

/// One received XML document and its context.
struct ReceivedDocument {
    std::string bytes;
    std::string fileName;
    std::string sender;  ///< the From address, when known
    std::vector<Attachment> attachments;
    /// Queue this document's own acknowledgement or refusal. Mail intake sets it to false and
    /// sends one reply for the whole message instead.
    bool reply = true;
    /// Given by the secretariat on its own machine (`cqp jury decide`): jury decisions only,
    /// no signature needed.
    bool secretariat = false;
    /// The received message it came in (mail intake), for the scan queue.
    std::optional<Id> receivedMailId = std::nullopt;
    /// What `bytes` are: a signed XML document, or a filled PDF form.
    std::string mediaType = "application/xml";
    /// Who gave a secretariat document, as the histories record it ("" : « secretariat »).
    std::string actor = {};
};

struct SubmissionOutcome {
    enum class Status { Accepted, AlreadyReceived, Rejected };
    Status status = Status::Rejected;
    std::string kind;                     ///< root element, "" when unreadable
    std::string kindLabel;                ///< French
    std::vector<std::string> messages;    ///< French: what was done, or every reason (located)
    std::optional<Id> accountId;
    std::optional<Id> candidateId;
    std::optional<Id> candidatureId;
    Id submissionId = 0;
    std::vector<std::string> attachmentsUsed;  ///< file names taken by the submission
    std::vector<Id> attachmentDocuments;       ///< the document each was stored as, in the same order
    /// A form the reply must carry (its kind, its dossier), with a new token for the sender: the
    /// company's next outil n°6. Attached by the processor to its own acknowledgement, else by
    /// the mail intake to the message's reply.
    std::optional<std::pair<rules::fillable::FormKind, Id>> replyForm;
};

/// What is done to a document before the store is touched, on any thread: parsing, schema, the
/// raw and canonical digests, and the signature checked with the key its sender had when the
/// batch began. The writer checks it again only when that key changed in between.
struct PreparedDocument {
    std::string sha;
    ingest::SubmissionReadResult read;
    std::string canonicalSha;
    bool signatureChecked = false;
    std::string checkedKey;  ///< the key the signature was checked with
    ingest::XmlProblems signatureProblems;
};

/// `keys`: the accounts' public keys (AccountRepository::publicKeys), or null to leave the
/// signature of account-signed documents to the writer. Thread-safe.
PreparedDocument prepareDocument(const ReceivedDocument& document, const std::map<Id, std::string>* keys);

/// Applies received submissions: safe parsing and schema, signature with the key the sender
/// registered, the sender's right to act on what it touches, the CQP rules; then one store
/// transaction with the change, its history, the acknowledgement and the workflow mails.
/// A refused document changes nothing but its own record (original kept, reasons in French).
/// The same document twice is applied once. The scans an accepted document names (outil n°4,
/// n°6, diplomas) are filed with it and queued for the ingest stage all the same, which reads
/// their codes, ticks and fields and compares them with the dossier — by mail or `cqp ingest`.
class SubmissionProcessor {
public:
    SubmissionProcessor(Store& store, const rules::Referential& referential, rules::Deadlines deadlines, rules::Date today);
    SubmissionOutcome process(const ReceivedDocument& document);
    /// The same with the work of prepareDocument already done (on another thread).
    SubmissionOutcome process(const ReceivedDocument& document, const PreparedDocument& prepared);

    /// A filled PDF form (ingest::readFilledForm of `document.bytes`), under the same rules,
    /// transactions, replies and history as the XML. What proves it: the token it carries,
    /// bound to its recipient, dossier, kind and expiry, and the sender's address, which must be
    /// the one the form was sent to; a used token cannot serve again for other content.
    SubmissionOutcome processForm(const ReceivedDocument& document, const ingest::FormReadResult& form);

    /// Applies `count` documents in order, as `process` would one by one, faster: they are made
    /// (`document(i)`, called on worker threads) and prepared on every core while this thread
    /// applies them, and up to `batch` documents share one commit — each in a savepoint of its
    /// own, so that a refused one leaves the others. `committed(first, outcomes)` is called after
    /// each commit with that batch's outcomes. A kill loses only the uncommitted batch, which
    /// the next run applies again.
    void processAll(std::size_t count, const std::function<ReceivedDocument(std::size_t)>& document,
                    const std::function<void(std::size_t first, const std::vector<SubmissionOutcome>&)>& committed,
                    std::size_t batch = 256);

private:
    /// The accepted outcome, or nothing when the rules refused it (reasons in outcome.messages).
    std::optional<SubmissionOutcome> apply(const ReceivedDocument& received, const ingest::SubmittedDocument& submission,
                                           const std::optional<Account>& account, const std::string& sha,
                                           const std::string& canonicalSha, const std::string& signer,
                                           const std::optional<std::string>& identifier, SubmissionOutcome& outcome);
    /// Why a form mailed to an account holder cannot be applied; `account` set to that account.
    std::vector<std::string> formTokenRefusals(const ingest::FormSubmission& submission, const std::string& sender,
                                               std::optional<Account>& account);
    SubmissionOutcome alreadyReceived(const ReceivedDocument& received, const SubmissionRecord& previous,
                                      SubmissionOutcome& outcome);
    SubmissionOutcome reject(const ReceivedDocument& received, SubmissionOutcome& outcome,
                             const std::vector<std::string>& reasons, const std::vector<std::string>& codes,
                             std::optional<Id> account, const std::string& sha);
    void queueNamedScans(const ReceivedDocument& received, const SubmissionOutcome& outcome);
    std::vector<std::string> lastCodes_;
    Store& store_;
    const rules::Referential& referential_;
    rules::Deadlines deadlines_;
    rules::Date today_;
};

}  // namespace cqp::pipeline
