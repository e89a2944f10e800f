#pragma once

// Private: conversions between store columns and domain values.

#include "Database.h"

#include "cqp/rules/Date.h"
#include "cqp/rules/Status.h"

#include <optional>
#include <string>

namespace cqp::pipeline::detail {

Value optDate(const std::optional<rules::Date>& value);
rules::Date date(const Row& row, std::size_t column);
std::optional<rules::Date> optDate(const Row& row, std::size_t column);
rules::CandidatureStatus status(const Row& row, std::size_t column);
std::string lower(std::string text);

}  // namespace cqp::pipeline::detail
