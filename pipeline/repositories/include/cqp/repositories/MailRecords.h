#pragma once

// Plain records of the store (mail). Dates are rules::Date (logical dates); `...At`
// fields are wall-clock timestamps (ISO 8601, UTC) kept for audit only.

#include "cqp/repositories/Codes.h"
#include "cqp/repositories/Id.h"
#include "cqp/rules/Date.h"

#include <optional>
#include <string>
#include <vector>

namespace cqp::pipeline {

/// What became of a received message.
enum class ReceivedState {
    Processing,   ///< being processed (a run killed here leaves it for the next)
    Processed,    ///< its documents applied or refused, its sender answered
    Quarantined,  ///< could not be processed: waits for the secretariat
    Ignored,      ///< nothing to do (an auto-reply, a bounce…), the reason says why
    Dropped,      ///< set aside by the secretariat (still kept)
    KeptAside,    ///< over-size: kept on disk, never read
    Duplicate,    ///< a copy of an earlier message
};

template <>
struct CodeTable<ReceivedState> {
    static constexpr std::array<std::pair<ReceivedState, std::string_view>, 7> codes{{
        {ReceivedState::Processing, "processing"},
        {ReceivedState::Processed, "processed"},
        {ReceivedState::Quarantined, "quarantined"},
        {ReceivedState::Ignored, "ignored"},
        {ReceivedState::Dropped, "dropped"},
        {ReceivedState::KeptAside, "kept_aside"},
        {ReceivedState::Duplicate, "duplicate"},
    }};
};

/// Where an outgoing mail is.
enum class OutboxState { Pending, Sent, Failed };

template <>
struct CodeTable<OutboxState> {
    static constexpr std::array<std::pair<OutboxState, std::string_view>, 3> codes{{
        {OutboxState::Pending, "pending"},
        {OutboxState::Sent, "sent"},
        {OutboxState::Failed, "failed"},
    }};
};

/// A scan the secretariat must look at, then closed with what was done.
enum class ReviewState { Open, Resolved };

template <>
struct CodeTable<ReviewState> {
    static constexpr std::array<std::pair<ReviewState, std::string_view>, 2> codes{{
        {ReviewState::Open, "open"},
        {ReviewState::Resolved, "resolved"},
    }};
};

struct ReceivedMail {
    Id id = 0;
    std::string messageId;
    std::string sha256;
    std::string sender;
    std::string subject;
    std::string receivedAt;
    rules::Date logicalDate;
    ReceivedState state = ReceivedState::Processing;
    std::string reason;  ///< French: the message's fate (why ignored, quarantined, not answered…)
    std::string raw;
    std::string keptFile;  ///< kept_aside: where the message waits on disk
    std::string replyTo;   ///< where the summary of its scans goes ("" when it gets no reply)
    std::optional<Id> duplicateOf;  ///< a copy: the message it repeats
};

struct OutboxMail {
    Id id = 0;
    std::string kind;  ///< e.g. reply, evaluator_confirmed
    std::optional<Id> candidatureId;
    std::string recipient;
    std::string subject;
    std::string body;
    OutboxState state = OutboxState::Pending;
    int attempts = 0;
    std::string createdAt;
    rules::Date logicalDate;
    std::string nextAttemptAt;
    std::string lastError;
    std::string sentAt;
    std::string inReplyTo;  ///< Message-ID of the received mail this answers
    bool reply = false;     ///< a reply to a received mail (else a workflow mail)
    std::optional<Id> receivedMailId;
};

}  // namespace cqp::pipeline
