#pragma once

#include "cqp/store/Database.h"

#include <string>
#include <vector>

namespace cqp::pipeline::detail {

/// One DDL statement; `postgres` replaces `sql` on PostgreSQL when the two differ beyond types
/// ("": nothing to do there).
struct MigrationStep {
    const char* sql;
    const char* postgres = nullptr;
};

struct Migration {
    int version;
    const char* name;
    std::vector<MigrationStep> steps;
};

/// 17, the console's tables (ConsoleMigration.cpp).
Migration v17Console();
/// 18, the erasure of a person (ConsoleMigration.cpp).
Migration v18Erasure();

/// Every migration, in order. Never edit a released one: add the next version.
const std::vector<Migration>& migrations();

int latestVersion();
/// Version recorded in the store; 0 when it has no schema yet.
int currentVersion(Database& db);
/// Applies what is missing, each migration in its own transaction; returns their names.
std::vector<std::string> migrate(Database& db, const std::string& appliedAt);

}  // namespace cqp::pipeline::detail
