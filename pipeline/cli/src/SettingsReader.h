#pragma once

// Private: cqp.properties read into the settings of every part (documented in the README).

#include "cqp/cli/Settings.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <string>

namespace cqp::pipeline::detail {

/// Throws ConfigurationError naming the property and `source` (the file or "embedded default").
Settings readSettings(const Poco::Util::AbstractConfiguration& config, const std::string& source);

}  // namespace cqp::pipeline::detail
