#pragma once

#include <stdexcept>
#include <string>

namespace cqp::pipeline {

/// The store cannot be reached, is not at the expected schema version, or a statement failed.
/// Maps to exit code 3.
class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace cqp::pipeline
