#pragma once

#include "cqp/store/StoreLocation.h"

#include <memory>

namespace cqp::pipeline {

/// Held while a run works on the store (Store::lockRuns).
class RunLock {
public:
    virtual ~RunLock() = default;
};

namespace detail {

class Database;

/// Takes the run lock — one `cqp run` or daemon at a time on a store — or throws StoreError
/// saying it is taken. SQLite: an exclusive flock on `<file>.lock`; PostgreSQL: a session
/// advisory lock. Either is released by the system when the process dies, however it dies.
std::unique_ptr<RunLock> lockRuns(Database& db, const StoreLocation& location);

}  // namespace detail

}  // namespace cqp::pipeline
