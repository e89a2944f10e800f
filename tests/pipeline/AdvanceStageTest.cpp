#include "cqp/ingest/ReferentialReader.h"
#include "cqp/pipeline/AdvanceStage.h"
#include "cqp/pipeline/CandidatureRepository.h"
#include "cqp/pipeline/Dossier.h"
#include "cqp/pipeline/EvaluatorRepository.h"
#include "cqp/pipeline/JuryRepository.h"
#include "cqp/pipeline/Store.h"

#include "Seed.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

using namespace cqp;
using namespace cqp::pipeline;
using cqp::test::Backend;
using rules::CandidatureStatus;

namespace {

rules::Date d(const char* iso) { return *rules::Date::parseIso(iso); }

class AdvanceStageTest : public ::testing::TestWithParam<Backend> {
protected:
    test::ScratchStore scratch{GetParam()};
    rules::Referential referential = *ingest::readReferential(ingest::defaultReferentialXml()).referential;

    StageReport advance(const char* today)
    {
        StageContext context{scratch.store(), referential, rules::Deadlines{}, d(today)};
        return AdvanceStage{}.run(context);
    }
    CandidatureStatus status(Id id) { return scratch.store().candidatures().candidature(id)->status; }
};

}  // namespace

TEST_P(AdvanceStageTest, ACompleteDossierGoesStepByStepToItsOutcome)
{
    const auto s = test::seedDossier(scratch.store(), test::SeedUpTo::Decided);
    const auto report = advance("2026-06-30");
    EXPECT_EQ(report.processed, 1);
    EXPECT_EQ(report.accepted, 1);
    EXPECT_EQ(status(s.candidature), CandidatureStatus::Valide);
    const auto history = scratch.store().candidatures().history(s.candidature);
    ASSERT_EQ(history.size(), 5u);  // created + four single steps, none skipped
    const CandidatureStatus path[] = {CandidatureStatus::EnCoursInscription, CandidatureStatus::EnAttenteEvaluation,
                                      CandidatureStatus::ValidationEvaluation, CandidatureStatus::InscriptionJury,
                                      CandidatureStatus::Valide};
    for (std::size_t i = 1; i < history.size(); ++i) {
        EXPECT_EQ(history[i].from, path[i - 1]);
        EXPECT_EQ(history[i].to, path[i]);
        EXPECT_EQ(history[i].actor, "cqp");
        EXPECT_EQ(history[i].logicalDate, d("2026-06-30"));
    }
    // A second run finds nothing to do.
    const auto again = advance("2026-06-30");
    EXPECT_EQ(again.processed, 0);
    EXPECT_EQ(scratch.store().candidatures().history(s.candidature).size(), 5u);
}

TEST_P(AdvanceStageTest, StopsWhereAPreconditionIsMissing)
{
    const auto evaluated = test::seedDossier(scratch.store(), test::SeedUpTo::Evaluated, {}, "E");
    const auto created = test::seedDossier(scratch.store(), test::SeedUpTo::Created, {}, "C");
    const auto report = advance("2026-06-30");
    EXPECT_EQ(report.processed, 2);
    EXPECT_EQ(report.accepted, 1);
    EXPECT_EQ(status(evaluated.candidature), CandidatureStatus::ValidationEvaluation);  // waits for the métier observations
    EXPECT_EQ(status(created.candidature), CandidatureStatus::EnCoursInscription);
    const auto facts = loadFacts(scratch.store(), referential, rules::Deadlines{}, evaluated.candidature);
    const auto blocked = std::get<rules::Blocked>(rules::nextTransition(facts, d("2026-06-30"), rules::Deadlines{}));
    EXPECT_TRUE(rules::hasRefusal(blocked.unmet, "metier_observations_missing"));
    EXPECT_TRUE(rules::hasRefusal(blocked.unmet, "jury_registration_missing"));
}

TEST_P(AdvanceStageTest, TheLogicalDateDecidesWhatCanHappen)
{
    const auto s = test::seedDossier(scratch.store(), test::SeedUpTo::Decided);
    advance("2026-03-01");  // the evaluation has not taken place yet
    EXPECT_EQ(status(s.candidature), CandidatureStatus::EnAttenteEvaluation);
    advance("2026-06-24");  // the day before the jury
    EXPECT_EQ(status(s.candidature), CandidatureStatus::InscriptionJury);
    advance("2026-06-25");
    EXPECT_EQ(status(s.candidature), CandidatureStatus::Valide);
}

TEST_P(AdvanceStageTest, APartialOutcomeRecordsTheAcquiredCompetencesOnce)
{
    const auto s = test::seedDossier(scratch.store(), test::SeedUpTo::Decided, {true, false, true, false, false});
    advance("2026-06-30");
    advance("2026-07-01");
    EXPECT_EQ(status(s.candidature), CandidatureStatus::Partiel);
    const auto acquired = scratch.store().juries().acquisitions(s.candidate, "FAB-OPE");
    ASSERT_EQ(acquired.size(), 2u);
    EXPECT_EQ(acquired[0].competenceCode, "FAB-OPE-C1");
    EXPECT_EQ(acquired[0].acquiredOn, d("2026-06-26"));
    EXPECT_EQ(acquired[0].validUntil, d("2031-06-26"));
    EXPECT_EQ(acquired[1].competenceCode, "FAB-OPE-C3");
}

TEST_P(AdvanceStageTest, AnEvaluatorEmployedByTheCompanyBlocksTheDossier)
{
    const auto s = test::seedDossier(scratch.store(), test::SeedUpTo::Decided);
    auto evaluator = *scratch.store().evaluators().byRegistryNumber("EH-0001");
    evaluator.employerSirens = {"732829320"};  // the candidate's company
    scratch.store().evaluators().importRegistry({evaluator});
    advance("2026-06-30");
    EXPECT_EQ(status(s.candidature), CandidatureStatus::EnCoursInscription);
    const auto facts = loadFacts(scratch.store(), referential, rules::Deadlines{}, s.candidature);
    EXPECT_TRUE(rules::hasRefusal(facts.evaluatorIneligibility, "evaluator_employed_by_company"));
}

INSTANTIATE_TEST_SUITE_P(Backends, AdvanceStageTest, test::bothBackends(), test::backendTestName);
