#pragma once

// Plain records of the store (the secretariat's console, `cqp serve`).

#include "cqp/repositories/Codes.h"
#include "cqp/repositories/Id.h"
#include "cqp/rules/Date.h"

#include <optional>
#include <string>

namespace cqp::pipeline {

/// What a console user may do: `secretariat` reads and acts, `lecture` only reads.
enum class ConsoleRole { Secretariat, Lecture };

template <>
struct CodeTable<ConsoleRole> {
    static constexpr std::array<std::pair<ConsoleRole, std::string_view>, 2> codes{{
        {ConsoleRole::Secretariat, "secretariat"},
        {ConsoleRole::Lecture, "lecture"},
    }};
};

struct ConsoleUser {
    Id id = 0;
    std::string name;
    ConsoleRole role = ConsoleRole::Lecture;
    std::string passwordHash;  ///< argon2id, as libsodium's crypto_pwhash_str writes it
    int failedLogins = 0;      ///< since the last successful login
    std::string lockedUntil;   ///< UTC ISO timestamp; "" when not locked
    std::string createdAt;
    bool disabled = false;
};

/// One action of a person on the process (console or command line), append-only.
struct ActionLogEntry {
    Id id = 0;
    std::string at;       ///< UTC ISO timestamp
    std::string actor;    ///< e.g. "console:amelie"
    std::string channel;  ///< "console" or "cli"
    std::string action;   ///< e.g. "review.resolve"
    std::string object;   ///< e.g. "review 12"
    std::string detail;
};

/// One reading of a person's data (a dossier page, a scan), append-only.
struct AccessLogEntry {
    Id id = 0;
    std::string at;
    std::string actor;
    std::string channel;
    std::optional<Id> candidateId;
    std::optional<Id> candidatureId;
    std::string what;  ///< e.g. "dossier", "document 41"
};

/// A print batch of parchments and attestations (the render stage makes them), and whether
/// the secretariat has posted it.
struct PrintBatch {
    Id id = 0;
    Id juryId = 0;
    Id documentId = 0;
    std::string fileName;
    int pages = 0;
    rules::Date createdOn;
    std::optional<rules::Date> postedOn;
    std::string postedBy;
    int parchments = 0;  ///< parchments and attestations in it
};

}  // namespace cqp::pipeline
