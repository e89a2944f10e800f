#pragma once

// Plain records of the store (document). Dates are rules::Date (logical dates); `...At`
// fields are wall-clock timestamps (ISO 8601, UTC) kept for audit only.

#include "cqp/repositories/Id.h"
#include "cqp/rules/Date.h"

#include <optional>
#include <string>
#include <vector>

namespace cqp::pipeline {

/// A stored file, content-addressed by SHA-256: the same bytes are kept once.
struct Document {
    Id id = 0;
    std::string sha256;
    std::string mediaType;
    std::string fileName;
    std::string content;  ///< raw bytes
    rules::Date receivedOn;
};

enum class DocumentKind { Outil4, Outil6, Diplome, Autre };

std::string documentKindCode(DocumentKind kind);

}  // namespace cqp::pipeline
