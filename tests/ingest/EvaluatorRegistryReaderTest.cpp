#include "cqp/ingest/EvaluatorRegistryReader.h"
#include "cqp/ingest/ReferentialReader.h"

#include "TestSupport.h"

#include <gtest/gtest.h>

using namespace cqp;
using cqp::test::dataFile;
using cqp::test::readFile;

namespace {

const rules::Referential& referential()
{
    static const auto r = *ingest::readReferential(ingest::defaultReferentialXml()).referential;
    return r;
}

}  // namespace

TEST(EvaluatorRegistryReader, ReadsEvaluatorsHabilitationsAndEmployers)
{
    const auto result = ingest::readEvaluatorRegistry(readFile(dataFile("evaluators/registre.xml")), referential());
    ASSERT_TRUE(result.problems.empty()) << result.problems.front().describe();
    ASSERT_TRUE(result.registry);
    EXPECT_EQ(result.registry->publishedOn.iso(), "2026-01-15");
    ASSERT_EQ(result.registry->evaluators.size(), 2u);
    const auto& sophie = result.registry->evaluators[0];
    EXPECT_EQ(sophie.registryNumber, "EH-0001");
    EXPECT_EQ(sophie.email, "sophie.martin@evaluation.example");  // addresses are compared in lower case
    EXPECT_EQ(sophie.employerSirens, std::vector<std::string>{"552100554"});
    ASSERT_EQ(sophie.habilitations.size(), 2u);
    EXPECT_EQ(sophie.habilitations[0].validUntil->iso(), "2028-12-31");
    EXPECT_FALSE(sophie.habilitations[1].validUntil);
    EXPECT_EQ(result.registry->evaluators[1].nom, "Lefèvre");
}

TEST(EvaluatorRegistryReader, UnknownCqpAndReversedDatesRejectTheWholeFile)
{
    const auto result = ingest::readEvaluatorRegistry(readFile(dataFile("evaluators/registre-cqp-inconnu.xml")), referential());
    EXPECT_FALSE(result.registry);
    ASSERT_EQ(result.problems.size(), 2u);
    EXPECT_NE(result.problems[0].message.find("XXX-999"), std::string::npos);
    EXPECT_EQ(result.problems[0].path, "/registre/evaluateur/habilitation[1]");
    EXPECT_NE(result.problems[1].message.find("avant de commencer"), std::string::npos);
}

TEST(EvaluatorRegistryReader, SchemaErrorsAreAllListed)
{
    const auto result = ingest::readEvaluatorRegistry(readFile(dataFile("evaluators/registre-invalide.xml")), referential());
    EXPECT_FALSE(result.registry);
    ASSERT_GE(result.problems.size(), 2u);  // the address and the impossible date, each located
    std::string all;
    for (const auto& p : result.problems) {
        EXPECT_GT(p.line, 0);
        all += p.describe() + "\n";
    }
    EXPECT_NE(all.find("/registre/evaluateur/courriel"), std::string::npos) << all;
    EXPECT_NE(all.find("/registre/evaluateur/habilitation"), std::string::npos) << all;
}
