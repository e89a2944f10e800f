#pragma once

#include "cqp/repositories/ConsoleRecords.h"

#include <optional>
#include <string>
#include <vector>

namespace cqp::pipeline {

namespace detail {
class Database;
}

/// The console's users and the two append-only logs: actions taken, and readings of a person's
/// data.
class ConsoleRepository {
public:
    explicit ConsoleRepository(detail::Database& db) : db_{db} {}

    Id addUser(const ConsoleUser& user);
    std::optional<ConsoleUser> user(const std::string& name);
    std::optional<ConsoleUser> user(Id id);
    std::vector<ConsoleUser> users();
    void setPassword(Id id, const std::string& hash);
    /// One more failed login; `lockedUntil` ("" for none) set with it.
    void recordFailedLogin(Id id, const std::string& lockedUntil);
    void recordSuccessfulLogin(Id id);

    void logAction(const ActionLogEntry& entry);
    void logAccess(const AccessLogEntry& entry);
    /// The newest first, at most `limit`.
    std::vector<ActionLogEntry> actions(std::size_t limit);
    /// Every reading of the candidate's data (by any of its candidatures), oldest first.
    std::vector<AccessLogEntry> accessesOf(Id candidateId);

private:
    detail::Database& db_;
};

}  // namespace cqp::pipeline
