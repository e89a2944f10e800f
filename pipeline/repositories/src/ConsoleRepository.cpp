#include "cqp/repositories/ConsoleRepository.h"

#include "Convert.h"
#include "cqp/store/Database.h"

namespace cqp::pipeline {

using namespace detail;

namespace {

constexpr const char* userColumns =
    "SELECT id, name, role, password_hash, failed_logins, locked_until, created_at, disabled FROM console_users";

ConsoleUser userFrom(const Row& r)
{
    return ConsoleUser{r.integer("id"),          r.text("name"),         coded<ConsoleRole>(r, "role"),
                       r.text("password_hash"),  static_cast<int>(r.integer("failed_logins")), r.text("locked_until"),
                       r.text("created_at"),     r.flag("disabled")};
}

}  // namespace

Id ConsoleRepository::addUser(const ConsoleUser& u)
{
    return db_.insert("INSERT INTO console_users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                      {u.name, std::string{code(u.role)}, u.passwordHash, u.createdAt});
}

std::optional<ConsoleUser> ConsoleRepository::user(const std::string& name)
{
    auto row = db_.queryOne(std::string{userColumns} + " WHERE name = ?", {name});
    return row ? std::optional{userFrom(*row)} : std::nullopt;
}

std::optional<ConsoleUser> ConsoleRepository::user(Id id)
{
    auto row = db_.queryOne(std::string{userColumns} + " WHERE id = ?", {id});
    return row ? std::optional{userFrom(*row)} : std::nullopt;
}

std::vector<ConsoleUser> ConsoleRepository::users()
{
    std::vector<ConsoleUser> out;
    for (const auto& r : db_.query(std::string{userColumns} + " ORDER BY name"))
        out.push_back(userFrom(r));
    return out;
}

void ConsoleRepository::setPassword(Id id, const std::string& hash)
{
    db_.execute("UPDATE console_users SET password_hash = ?, failed_logins = 0, locked_until = '' WHERE id = ?", {hash, id});
}

void ConsoleRepository::recordFailedLogin(Id id, const std::string& lockedUntil)
{
    db_.execute("UPDATE console_users SET failed_logins = failed_logins + 1, locked_until = ? WHERE id = ?", {lockedUntil, id});
}

void ConsoleRepository::recordSuccessfulLogin(Id id)
{
    db_.execute("UPDATE console_users SET failed_logins = 0, locked_until = '' WHERE id = ?", {id});
}

void ConsoleRepository::logAction(const ActionLogEntry& e)
{
    db_.insert("INSERT INTO action_log (at, actor, channel, action, object, detail) VALUES (?, ?, ?, ?, ?, ?)",
               {e.at, e.actor, e.channel, e.action, e.object, e.detail});
}

void ConsoleRepository::logAccess(const AccessLogEntry& e)
{
    db_.insert("INSERT INTO access_log (at, actor, channel, candidate_id, candidature_id, what) VALUES (?, ?, ?, ?, ?, ?)",
               {e.at, e.actor, e.channel, opt(e.candidateId), opt(e.candidatureId), e.what});
}

std::vector<ActionLogEntry> ConsoleRepository::actions(std::size_t limit)
{
    std::vector<ActionLogEntry> out;
    for (const auto& r : db_.query("SELECT id, at, actor, channel, action, object, detail FROM action_log ORDER BY id DESC LIMIT ?",
                                   {static_cast<std::int64_t>(limit)}))
        out.push_back({r.integer("id"), r.text("at"), r.text("actor"), r.text("channel"), r.text("action"), r.text("object"),
                       r.text("detail")});
    return out;
}

std::vector<AccessLogEntry> ConsoleRepository::accessesOf(Id candidateId)
{
    std::vector<AccessLogEntry> out;
    for (const auto& r : db_.query("SELECT id, at, actor, channel, candidate_id, candidature_id, what FROM access_log"
                                   " WHERE candidate_id = ? ORDER BY id",
                                   {candidateId}))
        out.push_back({r.integer("id"), r.text("at"), r.text("actor"), r.text("channel"), r.optInteger("candidate_id"),
                       r.optInteger("candidature_id"), r.text("what")});
    return out;
}

}  // namespace cqp::pipeline
