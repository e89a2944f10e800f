#include "cqp/pipeline/Store.h"

#include "Database.h"
#include "Migrations.h"

#include "cqp/pipeline/AccountRepository.h"
#include "cqp/pipeline/CandidatureRepository.h"
#include "cqp/pipeline/DocumentRepository.h"
#include "cqp/pipeline/EvaluatorRepository.h"
#include "cqp/pipeline/JuryRepository.h"
#include "cqp/pipeline/MailRepository.h"
#include "cqp/pipeline/ParchmentRepository.h"
#include "cqp/pipeline/StatisticsRepository.h"
#include "cqp/pipeline/StoreError.h"
#include "cqp/pipeline/SubmissionRepository.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Logger.h>
#include <Poco/Timestamp.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace cqp::pipeline {

std::string utcTimestamp(int secondsFromNow)
{
    Poco::Timestamp at;
    at += static_cast<Poco::Timestamp::TimeDiff>(secondsFromNow) * Poco::Timestamp::resolution();
    return Poco::DateTimeFormatter::format(at, "%Y-%m-%dT%H:%M:%S.%iZ");
}

StoreLocation StoreLocation::parse(const std::string& text)
{
    const auto colon = text.find(':');
    const std::string scheme = colon == std::string::npos ? "" : text.substr(0, colon);
    const std::string rest = colon == std::string::npos ? "" : text.substr(colon + 1);
    if (scheme == "sqlite" && !rest.empty())
        return {Kind::SQLite, rest};
    if ((scheme == "postgresql" || scheme == "postgres") && !rest.empty())
        return {Kind::PostgreSQL, rest};
    throw std::invalid_argument("store must be sqlite:FILE or postgresql:KEY=VALUE..., not '" + text + "'");
}

std::string StoreLocation::describe() const
{
    if (kind == Kind::SQLite)
        return "sqlite:" + target;
    // Never print a password that someone put in the connection string.
    std::string shown;
    std::size_t at = 0;
    while (at < target.size()) {
        auto end = target.find(' ', at);
        if (end == std::string::npos)
            end = target.size();
        const std::string part = target.substr(at, end - at);
        if (!part.empty())
            shown += (shown.empty() ? "" : " ") + (part.rfind("password=", 0) == 0 ? std::string{"password=***"} : part);
        at = end + 1;
    }
    return "postgresql:" + shown;
}

Store::Store(const StoreLocation& location) : location_{location}
{
    if (location.kind == StoreLocation::Kind::SQLite) {
        const auto parent = std::filesystem::path{location.target}.parent_path();
        std::error_code ec;
        if (!parent.empty())
            std::filesystem::create_directories(parent, ec);
    }
    db_ = std::make_unique<detail::Database>(location);
    accounts_ = std::make_unique<AccountRepository>(*db_);
    evaluators_ = std::make_unique<EvaluatorRepository>(*db_);
    documents_ = std::make_unique<DocumentRepository>(*db_);
    candidatures_ = std::make_unique<CandidatureRepository>(*db_);
    juries_ = std::make_unique<JuryRepository>(*db_);
    parchments_ = std::make_unique<ParchmentRepository>(*db_);
    mail_ = std::make_unique<MailRepository>(*db_);
    submissions_ = std::make_unique<SubmissionRepository>(*db_);
    statistics_ = std::make_unique<StatisticsRepository>(*db_);
}

std::unique_ptr<Store> Store::open(const StoreLocation& location)
{
    return std::unique_ptr<Store>{new Store{location}};
}

Store::~Store() = default;

std::vector<std::string> Store::migrate()
{
    auto applied = detail::migrate(*db_, utcTimestamp());
    // Invitation tokens written in clear by a version before 11: hashed once, here.
    int hashed = 0;
    transaction([&] { hashed = submissions().hashLegacyTokens(); });
    if (hashed > 0)
        applied.push_back("invitation tokens hashed: " + std::to_string(hashed));
    return applied;
}

int Store::schemaVersion() { return detail::currentVersion(*db_); }

int Store::latestSchemaVersion() { return detail::latestVersion(); }

namespace {

class FileRunLock : public RunLock {
public:
    explicit FileRunLock(int fd) : fd_{fd} {}
    ~FileRunLock() override { ::close(fd_); }  // closing releases the flock
    FileRunLock(const FileRunLock&) = delete;
    FileRunLock& operator=(const FileRunLock&) = delete;

private:
    int fd_;
};

class AdvisoryRunLock : public RunLock {
public:
    explicit AdvisoryRunLock(detail::Database& db) : db_{db} {}
    ~AdvisoryRunLock() override
    {
        try {
            db_.scalar("SELECT CASE WHEN pg_advisory_unlock(" + std::string{runLockKey} + ") THEN 1 ELSE 0 END");
        } catch (...) {
            // The session ends with the store, and the lock with it.
        }
    }
    AdvisoryRunLock(const AdvisoryRunLock&) = delete;
    AdvisoryRunLock& operator=(const AdvisoryRunLock&) = delete;
    static constexpr const char* runLockKey = "7240417001";  // arbitrary, fixed: "cqp run"

private:
    detail::Database& db_;
};

}  // namespace

std::unique_ptr<RunLock> Store::lockRuns()
{
    if (location_.kind == StoreLocation::Kind::PostgreSQL) {
        if (db_->scalar("SELECT CASE WHEN pg_try_advisory_lock(" + std::string{AdvisoryRunLock::runLockKey} + ") THEN 1 ELSE 0 END") != 1)
            throw StoreError("another cqp run or daemon is working on " + location_.describe() + " (PostgreSQL advisory lock " +
                             AdvisoryRunLock::runLockKey + " taken)");
        return std::make_unique<AdvisoryRunLock>(*db_);
    }
    const std::string path = location_.target + ".lock";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        throw StoreError("cannot open the run lock " + path + ": " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        char holder[32] = {};
        const auto got = ::pread(fd, holder, sizeof holder - 1, 0);
        ::close(fd);
        throw StoreError("another cqp run or daemon is working on " + location_.target + " (lock " + path +
                         (got > 0 ? " held by process " + std::string{holder, static_cast<std::size_t>(got)} : std::string{}) + ")");
    }
    const std::string pid = std::to_string(::getpid());
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
        // The pid is only a hint for the message above; the flock is what counts.
    }
    return std::make_unique<FileRunLock>(fd);
}

void Store::requireCurrentSchema()
{
    const int current = schemaVersion();
    if (current == 0)
        throw StoreError("the store " + location_.describe() + " has no schema: run 'cqp init'");
    if (current < latestSchemaVersion())
        throw StoreError("the store " + location_.describe() + " is at schema version " + std::to_string(current) +
                         ", this cqp needs " + std::to_string(latestSchemaVersion()) + ": run 'cqp init'");
    if (current > latestSchemaVersion())
        throw StoreError("the store " + location_.describe() + " is at schema version " + std::to_string(current) +
                         ", newer than this cqp (" + std::to_string(latestSchemaVersion()) + ")");
}

void Store::transaction(const std::function<void()>& work) { db_->transaction(work); }

AccountRepository& Store::accounts() { return *accounts_; }
EvaluatorRepository& Store::evaluators() { return *evaluators_; }
DocumentRepository& Store::documents() { return *documents_; }
CandidatureRepository& Store::candidatures() { return *candidatures_; }
JuryRepository& Store::juries() { return *juries_; }
ParchmentRepository& Store::parchments() { return *parchments_; }
MailRepository& Store::mail() { return *mail_; }
SubmissionRepository& Store::submissions() { return *submissions_; }
StatisticsRepository& Store::statistics() { return *statistics_; }

void Store::recordFailure(const std::string& stage, const std::string& item, const std::string& reason,
                          const std::string& logicalDate)
{
    try {
        transaction([&] {
            db_->execute("INSERT INTO stage_failures (recorded_at, logical_date, stage, item, reason) VALUES (?, ?, ?, ?, ?)",
                         {utcTimestamp(), logicalDate, stage, item, reason});
        });
    } catch (const std::exception& e) {
        Poco::Logger::get("cqp.store").error("cannot record the failure of %s (%s): %s", stage, reason, std::string{e.what()});
    }
}

std::vector<Store::Failure> Store::failuresSince(const std::string& logicalDate)
{
    std::vector<Failure> out;
    for (const auto& r : db_->query("SELECT recorded_at, logical_date, stage, item, reason FROM stage_failures"
                                    " WHERE logical_date >= ? ORDER BY id",
                                    {logicalDate}))
        out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4)});
    return out;
}

}  // namespace cqp::pipeline
