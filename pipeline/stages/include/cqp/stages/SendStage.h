#pragma once

#include "cqp/outbox/OutgoingMessage.h"
#include "cqp/repositories/MailRecords.h"
#include "cqp/stages/Stage.h"
#include "cqp/stages/MailSettings.h"

namespace cqp::pipeline {

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
