// A person's rights (docs/rgpd.md): the export holds every row of every table that refers to the
// candidate — tables found from the schema's own foreign keys, so that a table added later and
// forgotten fails here — with the original files; the access log says who read what.

#include "Branch.h"

#include "cqp/actions/Privacy.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/ConsoleRepository.h"
#include "cqp/repositories/DocumentRepository.h"

#include <Poco/JSON/Parser.h>

#include <gtest/gtest.h>

namespace cqp::test {
namespace {

using pipeline::Id;

class Privacy : public ::testing::TestWithParam<Backend> {};

// Every table with a foreign key to candidates or candidatures, with that key's column.
std::vector<std::pair<std::string, std::string>> referringColumns(const pipeline::StoreLocation& store)
{
    const std::string sql =
        store.kind == pipeline::StoreLocation::Kind::SQLite
            ? "SELECT DISTINCT m.name, f.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f"
              " WHERE m.type = 'table' AND f.\"table\" IN ('candidates', 'candidatures') ORDER BY 1, 2"
            : "SELECT DISTINCT k.table_name, k.column_name FROM information_schema.referential_constraints r"
              " JOIN information_schema.key_column_usage k ON k.constraint_name = r.constraint_name"
              " JOIN information_schema.constraint_column_usage u ON u.constraint_name = r.unique_constraint_name"
              " WHERE u.table_name IN ('candidates', 'candidatures') AND k.table_schema = current_schema() ORDER BY 1, 2";
    std::vector<std::pair<std::string, std::string>> out;
    std::istringstream lines{rawQuery(store, sql)};
    for (std::string line; std::getline(lines, line);) {
        const auto bar = line.find(" | ");
        out.emplace_back(line.substr(0, bar), line.substr(bar + 3));
    }
    return out;
}

TEST_P(Privacy, TheExportHoldsEveryRowOfEveryTableThatRefersToThePersonAndTheOriginalFiles)
{
    Branch branch{GetParam()};
    branch.createCandidature();
    branch.evaluate();
    branch.observe();
    branch.register_(2);
    auto& store = branch.store();
    const Id candidate = store.candidatures().candidature(1)->candidateId;
    store.console().logAccess({0, "2027-02-01T10:00:00.000Z", "amelie (console)", "console", candidate, 1, "dossier"});

    const auto exported = pipeline::exportPerson(store, candidate, {"secretariat", "cli"});
    Poco::JSON::Parser parser;
    const auto json = parser.parse(exported.json).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(json->getValue<int>("candidat"), candidate);
    const auto tables = json->getObject("tables");

    // Every table the schema links to a candidate or a candidature is in the export, with every
    // row that names this one.
    const auto referring = referringColumns(branch.location());
    ASSERT_GE(referring.size(), 20u);
    const std::string ids = "(SELECT id FROM candidatures WHERE candidate_id = " + std::to_string(candidate) + ")";
    for (const auto& [table, column] : referring) {
        ASSERT_TRUE(tables->has(table)) << table << " refers to a person and is not exported";
        const std::string where = column == "candidate_id" ? column + " = " + std::to_string(candidate) : column + " IN " + ids;
        const auto count = std::stoul(rawQuery(branch.location(), "SELECT COUNT(*) FROM " + table + " WHERE " + where));
        EXPECT_GE(tables->getArray(table)->size(), count) << table << "." << column;
    }
    // The person, their candidatures, what they did and what was sent about them.
    for (const char* table : {"candidates", "candidatures", "evaluations", "evaluation_results", "metier_observations", "status_history",
                              "registrations", "outbox", "submissions", "access_log", "candidate_documents"}) {
        ASSERT_TRUE(tables->has(table)) << table;
        EXPECT_GT(tables->getArray(table)->size(), 0u) << table;
    }
    EXPECT_TRUE(contains(exported.json, "\"nom_naissance\": \"Dupont\""));
    EXPECT_TRUE(contains(exported.json, "\"date_naissance\": \"1990-04-12\""));
    EXPECT_TRUE(contains(exported.json, "amelie (console)"));
    // Another person's rows are not in it.
    EXPECT_EQ(tables->getArray("candidates")->size(), 1u);

    // The original files the rows name (outils n°4 and n°6, the XML sent), byte for byte.
    const auto files = json->getArray("fichiers");
    ASSERT_EQ(files->size(), exported.files.size());
    ASSERT_GE(files->size(), 3u);
    for (std::size_t i = 0; i < files->size(); ++i) {
        const auto f = files->getObject(static_cast<unsigned>(i));
        const auto document = store.documents().document(f->getValue<Id>("document"));
        ASSERT_TRUE(document);
        EXPECT_EQ(exported.files[i].content, document->content);
        EXPECT_EQ(f->getValue<std::string>("sha256"), document->sha256);
    }
    TempDir dir;
    pipeline::writeExportZip(exported, dir / "export.zip");
    const auto listing = shell("unzip -l '" + (dir / "export.zip").string() + "'");
    EXPECT_TRUE(contains(listing, "export.json")) << listing;
    EXPECT_TRUE(contains(shell("cd '" + dir.path().string() + "' && unzip -q export.zip && sha256sum " + exported.files[0].path),
                         json->getArray("fichiers")->getObject(0)->getValue<std::string>("sha256")));

    // The export is a reading of the person's data: it is in the access log too.
    const auto log = store.console().accessesOf(candidate);
    ASSERT_EQ(log.size(), 2u);
    EXPECT_EQ(log.back().what, "export (droit d'accès)");
    EXPECT_EQ(log.back().actor, "secretariat");
}

INSTANTIATE_TEST_SUITE_P(Backends, Privacy, bothBackends(), backendTestName);

}  // namespace
}  // namespace cqp::test
