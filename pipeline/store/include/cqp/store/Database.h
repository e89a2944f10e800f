#pragma once

// The only place that knows Poco Data (the store target is the only one linking it). Every SQL statement of the store goes through
// `Database` with `?` placeholders and bound values; the dialect differences (placeholders,
// column types, id generation, locking) are all in `Dialect` (Dialect.cpp).

#include "cqp/store/StoreLocation.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <unordered_map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cqp::pipeline::detail {

/// Raw bytes to bind as BLOB / BYTEA (a std::string would be bound as text).
struct Bytes {
    std::string data;
};

using Value = std::variant<std::nullptr_t, std::int64_t, std::string, Bytes>;
using Params = std::vector<Value>;

/// A nullable value for binding: empty optionals become NULL.
Value opt(const std::optional<std::string>& value);
Value opt(const std::optional<std::int64_t>& value);

class Dialect {
public:
    explicit Dialect(StoreLocation::Kind kind) : kind_{kind} {}

    StoreLocation::Kind kind() const { return kind_; }
    bool postgres() const { return kind_ == StoreLocation::Kind::PostgreSQL; }

    /// Rewrites `?` placeholders to the connector's form ($1, $2… for PostgreSQL).
    std::string placeholders(std::string_view sql) const;
    /// Expands the type tokens of migration DDL: {id}, {blob}, {bigint}.
    std::string ddl(std::string_view sql) const;
    /// A query counting the tables named by its one parameter in the current schema.
    std::string_view tableCount() const;
    /// Every (table, column) of the current schema, ordered by table: no parameter.
    std::string_view schemaColumns() const;
    /// A subquery yielding the ids of one parameter bound with `idList` (`… WHERE id IN ` +
    /// idSet()): a set of any size in one statement, compiled once (a list of placeholders would
    /// make a statement per size).
    std::string_view idSet() const;
    Value idList(const std::vector<std::int64_t>& ids) const;

private:
    StoreLocation::Kind kind_;
};

/// The names of a result's columns, shared by its rows.
using Columns = std::shared_ptr<const std::vector<std::string>>;

/// One row of a result. Cells are read by the column's name as the query gives it (its alias,
/// or the column's own name without the table's: "c.id" is "id"), or by position.
class Row {
public:
    explicit Row(std::vector<Value> cells, Columns columns = {}) : cells_(std::move(cells)), columns_{std::move(columns)} {}

    bool isNull(std::size_t column) const;
    std::int64_t integer(std::size_t column) const;
    std::optional<std::int64_t> optInteger(std::size_t column) const;
    std::string text(std::size_t column) const;  ///< "" for NULL
    std::optional<std::string> optText(std::size_t column) const;
    std::string bytes(std::size_t column) const;
    bool flag(std::size_t column) const { return integer(column) != 0; }

    /// The names of the columns, in order (empty when the query gave none).
    std::vector<std::string> names() const { return columns_ ? *columns_ : std::vector<std::string>{}; }
    std::size_t size() const { return cells_.size(); }
    /// The position of the column `name`; StoreError when the query has none.
    std::size_t at(std::string_view name) const;
    bool has(std::string_view name) const;
    bool isNull(std::string_view name) const { return isNull(at(name)); }
    std::int64_t integer(std::string_view name) const { return integer(at(name)); }
    std::optional<std::int64_t> optInteger(std::string_view name) const { return optInteger(at(name)); }
    std::string text(std::string_view name) const { return text(at(name)); }
    std::optional<std::string> optText(std::string_view name) const { return optText(at(name)); }
    std::string bytes(std::string_view name) const { return bytes(at(name)); }
    bool flag(std::string_view name) const { return flag(at(name)); }

private:
    std::vector<Value> cells_;
    Columns columns_;
    mutable std::size_t next_ = 0;  // where at() looks first
};

using Rows = std::vector<Row>;

class Database {
public:
    explicit Database(const StoreLocation& location);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    const Dialect& dialect() const { return dialect_; }

    /// Returns the number of rows changed.
    std::size_t execute(std::string_view sql, const Params& params = {});
    /// Runs an INSERT and returns the new row's id (the table's `id` column).
    std::int64_t insert(std::string_view sql, const Params& params = {});
    Rows query(std::string_view sql, const Params& params = {});
    std::optional<Row> queryOne(std::string_view sql, const Params& params = {});
    std::int64_t scalar(std::string_view sql, const Params& params = {});

    /// Runs `work` in one transaction: committed when it returns, rolled back when it throws.
    /// A nested call is a savepoint: when it throws, only its own work is undone, and the
    /// caller that catches may go on with the outer transaction.
    void transaction(const std::function<void()>& work);

    /// Runs `work` as one unit: its own transaction when none is open; inside one, it is part
    /// of the enclosing unit, which is undone as a whole when the error goes through it. For the
    /// steps of a repository, which never catch their own errors: no savepoint per call.
    void atomic(const std::function<void()>& work);

    /// Takes a lock held until the end of the current transaction that serialises writers
    /// which must not interleave (migrations, numbering). No-op on SQLite, whose writers are
    /// serialised by the database itself.
    void lockForUpdate(std::string_view name);

private:
    std::size_t run(std::string_view sql, const Params& params, bool returningId, Rows* rows, std::int64_t* id);
    std::size_t runPoco(const std::string& sql, const Params& params, Rows* rows, std::int64_t* id);
    std::size_t runSqlite(const std::string& sql, const Params& params, Rows* rows, std::int64_t* id);
    std::size_t runPostgres(const std::string& sql, const Params& params, Rows* rows, std::int64_t* id);

    Dialect dialect_;
    struct Connection;  // the Poco Data session, hidden from the layers above
    std::unique_ptr<Connection> connection_;
    int depth_ = 0;
    // SQLite statements compiled once per connection and reused (Poco 1.11 recompiles a
    // Statement at every execution: half of the ingest time went to the SQL parser).
    struct Compiled;
    std::unordered_map<std::string, std::unique_ptr<Compiled>> compiled_;
    // PostgreSQL statements prepared once per connection (Poco's connector prepares, describes,
    // runs and deallocates every statement: four round trips for one): SQL → statement name.
    std::unordered_map<std::string, std::string> prepared_;
};

}  // namespace cqp::pipeline::detail
