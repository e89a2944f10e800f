#pragma once

#include <stdexcept>
#include <string>

namespace cqp::pipeline {

/// A configuration value, or a file the configuration names, is missing or wrong (the
/// parchment key, a referential, a mail server's address). Maps to exit code 3.
class ConfigurationError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// What a command or a document names does not exist in the store (a candidature, a jury, an
/// account by its id). Maps to exit code 3 — the store holds no such thing.
class NotFoundError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace cqp::pipeline
