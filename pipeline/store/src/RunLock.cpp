#include "cqp/store/RunLock.h"

#include "cqp/store/Database.h"
#include "cqp/store/StoreError.h"

#include <cerrno>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace cqp::pipeline::detail {

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
    explicit AdvisoryRunLock(Database& db) : db_{db} {}
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
    Database& db_;
};

}  // namespace

std::unique_ptr<RunLock> lockRuns(Database& database, const StoreLocation& location_)
{
    Database* db_ = &database;
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

}  // namespace cqp::pipeline::detail
