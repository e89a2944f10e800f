// The PostgreSQL path of Database: statements prepared once per connection with libpq, on the
// connection of the Poco session.

#include "cqp/store/Database.h"

#include "Connection.h"

#include "cqp/store/StoreError.h"

#include <Poco/Data/PostgreSQL/SessionImpl.h>

#include <libpq-fe.h>

#include <cstdlib>
#include <memory>

namespace cqp::pipeline::detail {

namespace {

struct ResultFree {
    void operator()(PGresult* result) const { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultFree>;

// PostgreSQL type OIDs (pg_type.h) of the columns read as integers or bytes.
constexpr Oid int8Oid = 20, int2Oid = 21, int4Oid = 23, oidOid = 26, byteaOid = 17;

Value pgValue(const PGresult* result, int row, int column)
{
    if (PQgetisnull(result, row, column))
        return nullptr;
    const char* text = PQgetvalue(result, row, column);
    switch (PQftype(result, column)) {
    case int8Oid:
    case int2Oid:
    case int4Oid:
    case oidOid: return static_cast<std::int64_t>(std::strtoll(text, nullptr, 10));
    case byteaOid: {
        std::size_t length = 0;
        unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &length);
        if (!bytes)
            throw StoreError("cannot decode a bytea value");
        Bytes out{std::string{reinterpret_cast<const char*>(bytes), length}};
        PQfreemem(bytes);
        return out;
    }
    default: return std::string{text, static_cast<std::size_t>(PQgetlength(result, row, column))};
    }
}

}  // namespace

std::size_t Database::runPostgres(const std::string& sql, const Params& params, Rows* rows, std::int64_t* id)
{
    auto* impl = dynamic_cast<Poco::Data::PostgreSQL::SessionImpl*>(connection_->session.impl());
    if (!impl)
        throw StoreError("not a PostgreSQL session");
    PGconn* pg = impl->handle();
    auto& name = prepared_[sql];
    if (name.empty()) {
        const std::string candidate = "cqp_" + std::to_string(prepared_.size());
        const Result prepared{PQprepare(pg, candidate.c_str(), sql.c_str(), 0, nullptr)};
        if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) {
            prepared_.erase(sql);
            throw StoreError(std::string{PQresultErrorMessage(prepared.get())} + " [" + sql.substr(0, 160) + "]");
        }
        name = candidate;
    }
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    std::vector<int> lengths(params.size(), 0);
    std::vector<int> formats(params.size(), 0);
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (const auto* integer = std::get_if<std::int64_t>(&params[i])) {
            texts[i] = std::to_string(*integer);
            values[i] = texts[i].c_str();
        } else if (const auto* text = std::get_if<std::string>(&params[i])) {
            values[i] = text->c_str();
        } else if (const auto* bytes = std::get_if<Bytes>(&params[i])) {
            values[i] = bytes->data.data();
            lengths[i] = static_cast<int>(bytes->data.size());
            formats[i] = 1;  // binary: the bytes as they are
        }
    }
    const Result result{PQexecPrepared(pg, name.c_str(), static_cast<int>(params.size()), values.data(), lengths.data(),
                                       formats.data(), 0)};
    const auto status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        throw StoreError(std::string{PQresultErrorMessage(result.get())} + " [" + sql.substr(0, 160) + "]");
    const int count = PQntuples(result.get());
    const int columns = PQnfields(result.get());
    if (id && count > 0 && columns > 0)
        *id = std::strtoll(PQgetvalue(result.get(), 0, 0), nullptr, 10);
    if (rows) {
        auto names = std::make_shared<std::vector<std::string>>();
        for (int c = 0; c < columns; ++c)
            names->push_back(PQfname(result.get(), c));
        rows->reserve(static_cast<std::size_t>(count));
        for (int r = 0; r < count; ++r) {
            std::vector<Value> cells;
            cells.reserve(static_cast<std::size_t>(columns));
            for (int c = 0; c < columns; ++c)
                cells.push_back(pgValue(result.get(), r, c));
            rows->emplace_back(std::move(cells), names);
        }
    }
    const char* changed = PQcmdTuples(result.get());
    return changed && *changed ? static_cast<std::size_t>(std::strtoull(changed, nullptr, 10)) : 0;
}

}  // namespace cqp::pipeline::detail
