#pragma once

// Plain records of the store (mail). Dates are rules::Date (logical dates); `...At`
// fields are wall-clock timestamps (ISO 8601, UTC) kept for audit only.

#include "cqp/repositories/Id.h"
#include "cqp/rules/Date.h"

#include <optional>
#include <string>
#include <vector>

namespace cqp::pipeline {

struct ReceivedMail {
    Id id = 0;
    std::string messageId;
    std::string sha256;
    std::string sender;
    std::string subject;
    std::string receivedAt;
    rules::Date logicalDate;
    std::string state;  ///< processing, processed, quarantined, ignored, dropped, kept_aside; duplicate (a copy)
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
    std::string state = "pending";  ///< pending, sent, failed
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
