#pragma once

// Private: conversions between store columns and domain values.

#include "cqp/repositories/Codes.h"
#include "cqp/store/Database.h"
#include "cqp/store/StoreError.h"

#include "cqp/rules/Date.h"
#include "cqp/rules/Status.h"

#include <optional>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cqp::pipeline::detail {

Value optDate(const std::optional<rules::Date>& value);
rules::Date date(const Row& row, std::size_t column);
std::optional<rules::Date> optDate(const Row& row, std::size_t column);
rules::CandidatureStatus status(const Row& row, std::size_t column);
// The same, by the column's name (Row::at).
inline rules::Date date(const Row& row, std::string_view column) { return date(row, row.at(column)); }
inline std::optional<rules::Date> optDate(const Row& row, std::string_view column) { return optDate(row, row.at(column)); }
inline rules::CandidatureStatus status(const Row& row, std::string_view column) { return status(row, row.at(column)); }
std::string lower(std::string text);
/// The first column of rows of ids ("SELECT id FROM …").
std::vector<std::int64_t> ids(const std::vector<Row>& rows);
/// " IN " and the set of the ids bound as one parameter (Dialect::idSet): `column + in(db)`.
inline std::string in(const Database& db) { return " IN " + std::string{db.dialect().idSet()}; }

/// The enumeration a column holds by its code (CodeTable); StoreError for an unknown code.
template <typename E>
E coded(const Row& row, std::string_view column)
{
    const std::string text = row.text(column);
    if (const auto value = fromCode<E>(text))
        return *value;
    throw StoreError("unknown code in store: '" + text + "'");
}

}  // namespace cqp::pipeline::detail
