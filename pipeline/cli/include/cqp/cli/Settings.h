#pragma once

#include "cqp/exports/AccrochageExport.h"
#include "cqp/rules/Deadlines.h"
#include "cqp/stages/MailSettings.h"
#include "cqp/stages/ParchmentSettings.h"
#include "cqp/store/StoreLocation.h"
#include "cqp/web/Server.h"

#include <filesystem>
#include <optional>
#include <string>

namespace cqp::pipeline {

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
    WebSettings web;  ///< `cqp serve`
    std::string source = "embedded default";  ///< where the settings came from, for messages
};

}  // namespace cqp::pipeline
