#include "cqp/repositories/Store.h"

#include "cqp/store/Database.h"
#include "cqp/store/Migrations.h"

#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/ParchmentRepository.h"
#include "cqp/repositories/StatisticsRepository.h"
#include "cqp/repositories/ConsoleRepository.h"
#include "cqp/repositories/PrivacyRepository.h"
#include "cqp/store/StoreError.h"
#include "cqp/repositories/SubmissionRepository.h"

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
    console_ = std::make_unique<ConsoleRepository>(*db_);
    privacy_ = std::make_unique<PrivacyRepository>(*db_);
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

std::unique_ptr<RunLock> Store::lockRuns() { return detail::lockRuns(*db_, location_); }

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

void Store::compact()
{
    if (location_.kind != StoreLocation::Kind::SQLite) {
        db_->execute("VACUUM");
        return;
    }
    // The copy VACUUM makes goes to a temporary file, not memory: a store of gigabytes is
    // compacted in a few megabytes of RAM.
    db_->query("PRAGMA temp_store = FILE");
    db_->execute("VACUUM");
    db_->query("PRAGMA temp_store = MEMORY");
    db_->query("PRAGMA wal_checkpoint(TRUNCATE)");
}
ConsoleRepository& Store::console() { return *console_; }
PrivacyRepository& Store::privacy() { return *privacy_; }

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
        out.push_back({r.text("recorded_at"), r.text("logical_date"), r.text("stage"), r.text("item"), r.text("reason")});
    return out;
}

}  // namespace cqp::pipeline
