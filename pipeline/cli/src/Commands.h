#pragma once

// Private: the commands of `cqp`, independent of Poco::Util so that each is a plain function
// of its invocation. CommandLine.cpp parses argv and configuration into an Invocation.

#include "cqp/cli/Settings.h"
#include "cqp/workflow/Errors.h"
#include "cqp/rules/Date.h"

#include <map>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace cqp::pipeline::detail {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Invocation {
    std::vector<std::string> words;              ///< command words and operands, e.g. {"jury", "add"}
    std::map<std::string, std::string> options;  ///< command options given, e.g. {"capacity", "12"}
    Settings settings;
    rules::Date today;
    std::ostream& out;
};

/// Runs the command named by `invocation.words`; returns its exit code.
/// Throws UsageError, ConfigurationError or StoreError.
int dispatch(Invocation& invocation);

/// One line per command, for --help.
const std::vector<std::pair<std::string, std::string>>& commandSummaries();

}  // namespace cqp::pipeline::detail
