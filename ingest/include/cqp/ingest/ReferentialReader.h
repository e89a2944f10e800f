#pragma once

#include "cqp/ingest/XmlProblem.h"
#include "cqp/rules/Referential.h"

#include <optional>
#include <string_view>

namespace cqp::ingest {

struct ReferentialReadResult {
    std::optional<rules::Referential> referential;  ///< set when the file is well-formed and schema-valid
    XmlProblems problems;                            ///< XML and schema problems, then domain problems
};

/// Reads a referential file (schema referentiel.xsd) and checks it with the domain rules
/// (rules::validateReferential); domain problems are located at their <cqp> element.
/// The referential is returned whenever it could be read, even with domain problems.
ReferentialReadResult readReferential(std::string_view xml, const XmlLimits& limits = {});

/// The referential compiled into the program (rules/referential/…xml, example competences).
std::string_view defaultReferentialXml();

/// The XSD text of the referential, for documentation and tools.
std::string_view referentialSchema();

}  // namespace cqp::ingest
