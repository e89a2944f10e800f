#pragma once

#include "cqp/repositories/AccountRecords.h"
#include "cqp/repositories/SubmissionRepository.h"
#include "cqp/rules/Deadlines.h"
#include "cqp/rules/Referential.h"

#include <optional>
#include <string>
#include <vector>

namespace cqp::ingest {
class ParsedSubmission;
}

namespace cqp::pipeline {

class Store;

/// A file received with the document (in the same mail, or on the same `cqp ingest` line).
struct Attachment {
    std::string fileName;
    std::string mediaType;
    std::string content;
};

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
};

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

private:
    std::optional<SubmissionRecord> appliedBefore(const std::string& rawSha, const std::string& canonicalSha,
                                                  const std::string& signer, const std::optional<std::string>& identifier);
    /// The accepted outcome, or nothing when the rules refused it (reasons in outcome.messages).
    std::optional<SubmissionOutcome> apply(const ReceivedDocument& received, const ingest::ParsedSubmission& submission,
                                           const std::optional<Account>& account, const std::string& sha,
                                           const std::string& canonicalSha, const std::string& signer,
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
