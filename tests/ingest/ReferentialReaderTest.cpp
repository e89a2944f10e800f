#include "cqp/ingest/ReferentialReader.h"

#include "TestSupport.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace cqp;
using cqp::test::dataFile;
using cqp::test::readFile;

namespace {

bool mentions(const ingest::XmlProblems& problems, const std::string& text)
{
    return std::any_of(problems.begin(), problems.end(),
                       [&](const ingest::XmlProblem& p) { return p.describe().find(text) != std::string::npos; });
}

}  // namespace

TEST(ReferentialReader, TheShippedReferentialIsValidAndMarkedAsAnExample)
{
    const auto result = ingest::readReferential(ingest::defaultReferentialXml());
    ASSERT_TRUE(result.problems.empty()) << result.problems.front().describe();
    ASSERT_TRUE(result.referential);
    EXPECT_TRUE(result.referential->example);
    ASSERT_EQ(result.referential->certificates.size(), 13u);
    const auto* agent = result.referential->certificate("LOG-AGT");
    ASSERT_NE(agent, nullptr);
    EXPECT_EQ(agent->title, "Agent logistique des Industries Chimiques (H/F)");
    EXPECT_EQ(agent->field, "Logistique");
    EXPECT_FALSE(agent->competences.empty());
    // The embedded copy is the file in the repository.
    EXPECT_EQ(std::string{ingest::defaultReferentialXml()},
              readFile(test::sourceDir() / "rules/referential/referentiel-cqp-industries-chimiques.xml"));
}

TEST(ReferentialReader, DomainProblemsAreListedAndLocated)
{
    const auto result = ingest::readReferential(readFile(dataFile("referential/problemes-metier.xml")));
    ASSERT_TRUE(result.referential);  // readable, but not acceptable
    EXPECT_TRUE(mentions(result.problems, "seed_title_mismatch"));
    EXPECT_TRUE(mentions(result.problems, "competence_code_duplicate"));
    EXPECT_TRUE(mentions(result.problems, "seed_certificate_missing"));
    const auto dup = std::find_if(result.problems.begin(), result.problems.end(), [](const auto& p) {
        return p.message.find("competence_code_duplicate") != std::string::npos;
    });
    ASSERT_NE(dup, result.problems.end());
    EXPECT_GT(dup->line, 10);
    EXPECT_EQ(dup->path, "/referentiel/cqp[1]");
}

TEST(ReferentialReader, SchemaViolationsComeWithLineAndPath)
{
    const auto result = ingest::readReferential(readFile(dataFile("referential/non-conforme.xml")));
    EXPECT_FALSE(result.referential);
    ASSERT_FALSE(result.problems.empty());
    EXPECT_GT(result.problems[0].line, 0);
    EXPECT_EQ(result.problems[0].path, "/referentiel/cqp[8]");
    EXPECT_NE(result.problems[0].message.find("« CQPX » n'est pas une valeur permise pour l'attribut « type » de « cqp »"),
              std::string::npos)
        << result.problems[0].message;
}

TEST(ReferentialReader, MalformedXmlIsReportedWithItsLine)
{
    const auto result = ingest::readReferential(readFile(dataFile("referential/mal-forme.xml")));
    EXPECT_FALSE(result.referential);
    ASSERT_FALSE(result.problems.empty());
    EXPECT_EQ(result.problems[0].line, 5);
    EXPECT_NE(result.problems[0].message.find("XML mal formé"), std::string::npos);
}

TEST(ReferentialReader, DoctypeAndEntitiesAreRefusedWithoutBeingExpanded)
{
    const auto result = ingest::readReferential(readFile(dataFile("referential/entites.xml")));
    EXPECT_FALSE(result.referential);
    EXPECT_TRUE(mentions(result.problems, "DOCTYPE"));
    EXPECT_FALSE(mentions(result.problems, "root:"));  // /etc/passwd never read
}

TEST(ReferentialReader, SizeAndDepthLimits)
{
    ingest::XmlLimits small;
    small.maxBytes = 100;
    EXPECT_TRUE(mentions(ingest::readReferential(ingest::defaultReferentialXml(), small).problems, "taille maximale"));
    std::string deep = "<referentiel xmlns=\"urn:cqp-industries-chimiques:referentiel:1\" version=\"1\">";
    for (int i = 0; i < 40; ++i)
        deep += "<cqp>";
    for (int i = 0; i < 40; ++i)
        deep += "</cqp>";
    deep += "</referentiel>";
    EXPECT_TRUE(mentions(ingest::readReferential(deep).problems, "imbriqué"));
    EXPECT_TRUE(mentions(ingest::readReferential("").problems, "vide"));
}
