#pragma once

#include "cqp/pipeline/StoreLocation.h"
#include "cqp/rules/Deadlines.h"

#include <filesystem>
#include <optional>
#include <string>

namespace cqp::pipeline {

/// Everything `cqp` reads from its configuration (cqp.properties). With no file at all, the
/// embedded default: store var/cqp.db, inbox Maildir var/inbox, outbox spool var/outbox,
/// all relative to the working directory, and the referential compiled into the program.
struct Settings {
    StoreLocation store{StoreLocation::Kind::SQLite, "var/cqp.db"};
    std::filesystem::path inboxMaildir = "var/inbox";
    std::filesystem::path outboxSpool = "var/outbox";
    std::optional<std::filesystem::path> referentialFile;  ///< empty: the embedded example referential
    rules::Deadlines deadlines;
    std::string source = "embedded default";  ///< where the settings came from, for messages
};

}  // namespace cqp::pipeline
