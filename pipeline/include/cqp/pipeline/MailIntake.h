#pragma once

#include "cqp/pipeline/Records.h"
#include "cqp/pipeline/Settings.h"
#include "cqp/rules/Deadlines.h"
#include "cqp/rules/Referential.h"

#include <functional>
#include <optional>
#include <string>

namespace cqp::pipeline {

class Store;

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
               const MailSettings& mail);

    /// `inTransaction` runs inside the message's transaction (e.g. to record a POP3 UIDL).
    /// `retry` names the quarantined message being processed again.
    IntakeResult process(const std::string& raw, const std::function<void(std::optional<Id>)>& inTransaction = {},
                         std::optional<Id> retry = std::nullopt);

private:
    bool senderBelongsTo(std::optional<Id> account, const std::string& sender);
    Store& store_;
    const rules::Referential& referential_;
    rules::Deadlines deadlines_;
    rules::Date today_;
    const MailSettings& mail_;
};

}  // namespace cqp::pipeline
