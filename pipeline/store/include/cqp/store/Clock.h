#pragma once

#include <string>

namespace cqp::pipeline {

/// Current UTC time as ISO 8601 (for audit columns only; rules use the logical date).
std::string utcTimestamp(int secondsFromNow = 0);

}  // namespace cqp::pipeline
