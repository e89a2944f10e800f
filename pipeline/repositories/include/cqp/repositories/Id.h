#pragma once

#include <cstdint>

namespace cqp::pipeline {

/// The id of a row of the store.
using Id = std::int64_t;

}  // namespace cqp::pipeline
