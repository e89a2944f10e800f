#pragma once

// What the stages need from the configuration (read by the command line, cli/Settings.h).

#include "cqp/inbox/MimeMessage.h"
#include "cqp/inbox/Pop3Mailbox.h"
#include "cqp/outbox/SmtpSender.h"
#include "cqp/render/PrintBatch.h"
#include "cqp/rules/Replies.h"
#include "cqp/workflow/MailIntake.h"

#include <filesystem>
#include <string>
#include <vector>

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
    IntakeSettings intake() const { return {limits, replies, domain}; }
};

/// Parchments, attestations and print batches.
struct ParchmentSettings {
    std::filesystem::path keyFile = "var/parchment.key";  ///< the secretariat's secret for verification codes
    std::string verifyUrl = "https://cqp.observatoiredelachimie.fr/verifier?code=";
    std::string place = "Puteaux";
    std::vector<render::Signatory> signatories{
        {"Le Président de la CPNE des Industries Chimiques", "Le Président"},
        {"Le Vice-Président de la CPNE des Industries Chimiques", "Le Vice-Président"}};
    std::vector<std::string> secretariatAddress{"Secrétariat des CQP des Industries Chimiques",
                                                "Observatoire des Industries Chimiques", "Le Diamant A",
                                                "14 rue de la République", "92800 PUTEAUX"};
    std::string secretariatEmail = "secretariat-cqp@localhost";
    std::filesystem::path printDir = "var/print";
    std::filesystem::path juryDir = "var/jury";  ///< jury lists and files
};

}  // namespace cqp::pipeline
