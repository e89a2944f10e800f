#pragma once

// Plain records of the store (document). Dates are rules::Date (logical dates); `...At`
// fields are wall-clock timestamps (ISO 8601, UTC) kept for audit only.

#include "cqp/repositories/Codes.h"
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

template <>
struct CodeTable<DocumentKind> {
    static constexpr std::array<std::pair<DocumentKind, std::string_view>, 4> codes{{
        {DocumentKind::Outil4, "outil4"},
        {DocumentKind::Outil6, "outil6"},
        {DocumentKind::Diplome, "diplome"},
        {DocumentKind::Autre, "autre"},
    }};
};

std::string documentKindCode(DocumentKind kind);

}  // namespace cqp::pipeline
