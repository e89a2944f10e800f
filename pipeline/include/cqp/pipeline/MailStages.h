#pragma once

#include "cqp/pipeline/Records.h"
#include "cqp/pipeline/Stage.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace cqp::outbox {
struct OutgoingMessage;
}

namespace cqp::pipeline {

struct MailSettings;

/// fetch: takes every waiting message of the inbox (Maildir new/, or POP3 by UIDL) through
/// MailIntake. A Maildir message moves to cur/, a POP3 message is deleted (when configured),
/// only after its transaction is committed; a rerun skips what was committed.
class MailIntake;

class IntakeStage : public Stage {
public:
    std::string name() const override { return "fetch"; }
    StageReport run(StageContext& context) override;

private:
    void fromMaildir(StageContext& context, MailIntake& intake, StageReport& report);
    void fromPop3(StageContext& context, MailIntake& intake, StageReport& report);
    void take(StageContext& context, MailIntake& intake, StageReport& report, const std::string& raw, const std::string& item,
              const std::function<void(std::optional<Id>)>& inTransaction);
    void keepAside(StageContext& context, MailIntake& intake, StageReport& report, const std::string& head,
                   const std::filesystem::path& kept, std::uintmax_t size,
                   const std::function<void(std::optional<Id>)>& inTransaction);
};

/// send: delivers the due outbox rows, oldest first: SMTP, or .eml files in the spool folder.
/// A row is marked sent right after the server accepted it; temporary failures are retried
/// with back-off (1, 2, 4… minutes, at most 6 h, 20 attempts), permanent ones recorded.
class SendStage : public Stage {
public:
    std::string name() const override { return "send"; }
    StageReport run(StageContext& context) override;
};

/// The message an outbox row becomes (deterministic Message-ID from the row).
outbox::OutgoingMessage outgoingMessage(const OutboxMail& row, const MailSettings& mail);

}  // namespace cqp::pipeline
