#pragma once

#include "cqp/store/Clock.h"
#include "cqp/store/RunLock.h"
#include "cqp/store/StoreLocation.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cqp::pipeline {

class AccountRepository;
class EvaluatorRepository;
class DocumentRepository;
class CandidatureRepository;
class JuryRepository;
class ParchmentRepository;
class MailRepository;
class SubmissionRepository;
class StatisticsRepository;
class ConsoleRepository;
class PrivacyRepository;

/// The store: one database (SQLite file or PostgreSQL) reached through repositories.
/// Every write of one item of work happens inside `transaction`, outbox rows included.
class Store {
public:
    /// Opens the store; throws StoreError when it cannot be reached.
    static std::unique_ptr<Store> open(const StoreLocation& location);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    /// Applies the missing migrations; returns the names of those applied (empty when current).
    std::vector<std::string> migrate();
    int schemaVersion();
    static int latestSchemaVersion();
    /// Throws StoreError unless the store is exactly at the latest schema version.
    void requireCurrentSchema();

    /// Takes the run lock — one `cqp run` or daemon at a time on a store — or throws StoreError
    /// saying it is taken. SQLite: an exclusive flock on `<file>.lock`; PostgreSQL: a session
    /// advisory lock. Either is released by the system when the process dies, however it dies.
    std::unique_ptr<RunLock> lockRuns();

    /// Runs `work` in one transaction (nested calls join the outer one).
    void transaction(const std::function<void()>& work);

    const StoreLocation& location() const { return location_; }

    /// Rewrites the database so that nothing deleted or emptied stays in its files (an erasure):
    /// SQLite VACUUM, then a checkpoint that empties the WAL; PostgreSQL VACUUM. Outside any
    /// transaction.
    void compact();

    /// A failure of a run: an item set aside with its reason, a server that did not answer, a
    /// file that could not be written. Recorded in its own transaction; never throws.
    struct Failure {
        std::string recordedAt;
        std::string logicalDate;
        std::string stage;
        std::string item;
        std::string reason;
    };
    void recordFailure(const std::string& stage, const std::string& item, const std::string& reason, const std::string& logicalDate);
    /// The failures recorded on or after `logicalDate` (ISO), newest last.
    std::vector<Failure> failuresSince(const std::string& logicalDate);

    AccountRepository& accounts();
    EvaluatorRepository& evaluators();
    DocumentRepository& documents();
    CandidatureRepository& candidatures();
    JuryRepository& juries();
    ParchmentRepository& parchments();
    MailRepository& mail();
    SubmissionRepository& submissions();
    StatisticsRepository& statistics();
    ConsoleRepository& console();
    PrivacyRepository& privacy();

private:
    explicit Store(const StoreLocation& location);

    StoreLocation location_;
    std::unique_ptr<detail::Database> db_;
    std::unique_ptr<AccountRepository> accounts_;
    std::unique_ptr<EvaluatorRepository> evaluators_;
    std::unique_ptr<DocumentRepository> documents_;
    std::unique_ptr<CandidatureRepository> candidatures_;
    std::unique_ptr<JuryRepository> juries_;
    std::unique_ptr<ParchmentRepository> parchments_;
    std::unique_ptr<MailRepository> mail_;
    std::unique_ptr<SubmissionRepository> submissions_;
    std::unique_ptr<StatisticsRepository> statistics_;
    std::unique_ptr<ConsoleRepository> console_;
    std::unique_ptr<PrivacyRepository> privacy_;
};

}  // namespace cqp::pipeline
