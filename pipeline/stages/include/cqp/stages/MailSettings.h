#pragma once

// What the fetch and send stages need from the configuration (read by cli/Settings.h).

#include "cqp/inbox/MimeMessage.h"
#include "cqp/inbox/Pop3Mailbox.h"
#include "cqp/outbox/SmtpSender.h"
#include "cqp/rules/Replies.h"
#include "cqp/workflow/MailIntake.h"

#include <filesystem>
#include <string>

namespace cqp::pipeline {

/// Where mail comes from and goes to.
struct MailSettings {
    enum class Inbox { Maildir, Pop3 };
    enum class Outbox { Spool, Smtp };
    Inbox inbox = Inbox::Maildir;
    std::filesystem::path inboxMaildir = "var/inbox";
    std::filesystem::path asideDir = "var/aside";  ///< over-size messages wait here, never read nor stored
    inbox::Pop3Settings pop3;
    Outbox outbox = Outbox::Spool;
    std::filesystem::path outboxSpool = "var/outbox";
    outbox::SmtpSettings smtp;
    std::string from = "Secrétariat des CQP <cqp@localhost>";
    std::string domain = "localhost";  ///< right-hand side of the Message-IDs cqp makes
    inbox::MimeLimits limits;
    rules::ReplyLimits replies;  ///< replies per sender and day

    /// What the intake of one message needs of these.
    std::string trustedAuthServer;  ///< mail.trusted_authserv_id
    IntakeSettings intake() const { return {limits, replies, domain, trustedAuthServer}; }
};

}  // namespace cqp::pipeline
