#pragma once

#include "cqp/inbox/MimeMessage.h"
#include "cqp/inbox/Pop3Mailbox.h"
#include "cqp/outbox/SmtpSender.h"
#include "cqp/pipeline/AccrochageExport.h"
#include "cqp/pipeline/StoreLocation.h"
#include "cqp/render/PrintBatch.h"
#include "cqp/rules/Deadlines.h"
#include "cqp/rules/Replies.h"

#include <filesystem>
#include <optional>
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

/// Everything `cqp` reads from its configuration (cqp.properties). With no file at all, the
/// embedded default: store var/cqp.db, inbox Maildir var/inbox, outbox spool var/outbox,
/// all relative to the working directory, and the referential compiled into the program.
/// `cqp daemon` and `cqp worker`.
struct DaemonSettings {
    int intervalMinutes = 5;   ///< fetch, ingest and send this often
    int nightHour = 2;         ///< the nightly run (all stages) at this local time
    int nightMinute = 0;
    int pollSeconds = 30;      ///< a worker with nothing to do looks again after this long
};

struct Settings {
    StoreLocation store{StoreLocation::Kind::SQLite, "var/cqp.db"};
    MailSettings mail;
    ParchmentSettings parchment;
    AccrochageSettings accrochage;
    std::optional<std::filesystem::path> referentialFile;  ///< empty: the embedded example referential
    rules::Deadlines deadlines;
    DaemonSettings daemon;
    std::string source = "embedded default";  ///< where the settings came from, for messages
};

}  // namespace cqp::pipeline
