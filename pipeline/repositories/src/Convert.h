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
#include <vector>

namespace cqp::pipeline::detail {

Value optDate(const std::optional<rules::Date>& value);
rules::Date date(const Row& row, std::size_t column);
std::optional<rules::Date> optDate(const Row& row, std::size_t column);
rules::CandidatureStatus status(const Row& row, std::size_t column);
std::string lower(std::string text);
/// The first column of rows of ids ("SELECT id FROM …").
std::vector<std::int64_t> ids(const std::vector<Row>& rows);

/// The enumeration a column holds by its code (CodeTable); StoreError for an unknown code.
template <typename E>
E coded(const Row& row, std::size_t column)
{
    const std::string text = row.text(column);
    if (const auto value = fromCode<E>(text))
        return *value;
    throw StoreError("unknown code in store: '" + text + "'");
}

}  // namespace cqp::pipeline::detail
