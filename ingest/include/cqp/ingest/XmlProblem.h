#pragma once

#include <string>
#include <vector>

namespace cqp::ingest {

/// One thing wrong with an XML document, located for the person who wrote it.
struct XmlProblem {
    int line = 0;        ///< 1-based; 0 when the problem is not tied to a place
    int column = 0;      ///< 1-based; 0 when unknown
    std::string path;    ///< element path, e.g. /referentiel/cqp[3]/competence[2]
    std::string message; ///< French sentence

    /// "ligne 12, colonne 5, /referentiel/cqp[3] : message"
    std::string describe() const;
};

using XmlProblems = std::vector<XmlProblem>;

/// Limits applied to every document before and while it is parsed.
struct XmlLimits {
    std::size_t maxBytes = 10 * 1024 * 1024;
    int maxDepth = 32;
};

}  // namespace cqp::ingest
