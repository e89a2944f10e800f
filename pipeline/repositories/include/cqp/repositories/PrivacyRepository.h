#pragma once

// What the store holds about a person, found from the schema itself: every table with a
// `candidate_id` or `candidature_id` column, and `candidates` by its id. A table added later is
// exported (and erased) without anyone having to remember it.

#include "cqp/repositories/Id.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cqp::pipeline {

namespace detail {
class Database;
}

class PrivacyRepository {
public:
    explicit PrivacyRepository(detail::Database& db) : db_{db} {}

    struct Table {
        std::string name;
        bool byCandidate = false;    ///< has candidate_id (or is `candidates`, by id)
        bool byCandidature = false;  ///< has candidature_id
    };
    /// Every table of the schema that names a candidate or a candidature, by name.
    std::vector<Table> tablesAboutCandidates();

    /// One row: each column's name and value as text (nothing for NULL; blobs as their bytes).
    using Record = std::vector<std::pair<std::string, std::optional<std::string>>>;
    /// The rows of `table` about the candidate or any of its candidatures, by their first column.
    std::vector<Record> rowsAbout(const Table& table, Id candidateId, const std::vector<Id>& candidatureIds);

private:
    detail::Database& db_;
};

}  // namespace cqp::pipeline
