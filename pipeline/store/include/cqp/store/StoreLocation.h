#pragma once

#include <string>

namespace cqp::pipeline {

/// Where the store is. Written in configuration as
///   store = sqlite:var/cqp.db
///   store = postgresql:host=127.0.0.1 port=5432 dbname=cqp user=cqp
/// (PostgreSQL takes a libpq key=value string; a password is better kept in ~/.pgpass or PGPASSWORD.)
struct StoreLocation {
    enum class Kind { SQLite, PostgreSQL };
    Kind kind = Kind::SQLite;
    std::string target;  ///< the SQLite file path, or the libpq connection string

    /// Throws std::invalid_argument on an unknown scheme.
    static StoreLocation parse(const std::string& text);
    std::string describe() const;  ///< for logs: the file, or the connection without password
};

}  // namespace cqp::pipeline
