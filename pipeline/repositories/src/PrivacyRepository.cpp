#include "cqp/repositories/PrivacyRepository.h"

#include "Convert.h"
#include "cqp/store/Database.h"

#include <map>

namespace cqp::pipeline {

using namespace detail;

std::vector<PrivacyRepository::Table> PrivacyRepository::tablesAboutCandidates()
{
    std::map<std::string, Table> found;
    for (const auto& r : db_.query(db_.dialect().schemaColumns())) {
        const std::string table = r.text("table_name");
        const std::string column = r.text("column_name");
        const bool candidate = column == "candidate_id" || (table == "candidates" && column == "id");
        const bool candidature = column == "candidature_id";
        if (!candidate && !candidature)
            continue;
        auto& t = found[table];
        t.name = table;
        t.byCandidate = t.byCandidate || candidate;
        t.byCandidature = t.byCandidature || candidature;
    }
    std::vector<Table> out;
    for (auto& [name, table] : found)
        out.push_back(std::move(table));
    return out;
}

std::vector<PrivacyRepository::Record> PrivacyRepository::rowsAbout(const Table& table, Id candidateId,
                                                                    const std::vector<Id>& candidatureIds)
{
    // Table and column names come from the schema, never from outside; values are bound.
    std::string where;
    Params params;
    if (table.byCandidate) {
        where = table.name == "candidates" ? "id = ?" : "candidate_id = ?";
        params.emplace_back(std::int64_t{candidateId});
    }
    if (table.byCandidature) {
        where += (where.empty() ? "" : " OR ") + std::string{"candidature_id"} + in(db_);
        params.push_back(db_.dialect().idList(candidatureIds));
    }
    std::vector<Record> out;
    for (const auto& r : db_.query("SELECT * FROM " + table.name + " WHERE " + where + " ORDER BY 1", params)) {
        Record record;
        const auto names = r.names();
        for (std::size_t i = 0; i < names.size(); ++i)
            record.emplace_back(names[i], r.isNull(i) ? std::nullopt : std::optional{r.text(i)});
        out.push_back(std::move(record));
    }
    return out;
}

}  // namespace cqp::pipeline
