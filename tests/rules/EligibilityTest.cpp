#include "cqp/rules/Eligibility.h"

#include <gtest/gtest.h>

using namespace cqp::rules;

namespace {

Date d(const char* iso) { return *Date::parseIso(iso); }

EvaluatorProfile sophie()
{
    return {"EH-0001", "Sophie Martin",
            {{"FAB-OPE", d("2024-01-01"), d("2026-12-31")}, {"LOG-AGT", d("2026-01-01"), std::nullopt}},
            {"552100554"}};
}

}  // namespace

TEST(Eligibility, HabilitatedOnTheEvaluationDateAndIndependent)
{
    EXPECT_TRUE(checkEvaluatorEligibility(sophie(), "FAB-OPE", d("2026-03-02"), "73282932000074").empty());
    EXPECT_TRUE(checkEvaluatorEligibility(sophie(), "FAB-OPE", d("2024-01-01"), "73282932000074").empty());  // first day
    EXPECT_TRUE(checkEvaluatorEligibility(sophie(), "FAB-OPE", d("2026-12-31"), "73282932000074").empty());  // last day
    EXPECT_TRUE(checkEvaluatorEligibility(sophie(), "LOG-AGT", d("2035-01-01"), "73282932000074").empty());  // open-ended
}

TEST(Eligibility, NotHabilitatedForThatCqpOrOnThatDate)
{
    EXPECT_TRUE(hasRefusal(checkEvaluatorEligibility(sophie(), "MNT-TEC", d("2026-03-02"), "73282932000074"),
                           "evaluator_not_habilitated"));
    EXPECT_TRUE(hasRefusal(checkEvaluatorEligibility(sophie(), "FAB-OPE", d("2027-01-01"), "73282932000074"),
                           "evaluator_not_habilitated"));
    EXPECT_TRUE(hasRefusal(checkEvaluatorEligibility(sophie(), "LOG-AGT", d("2025-12-31"), "73282932000074"),
                           "evaluator_not_habilitated"));
}

TEST(Eligibility, EmployedByTheCandidatesCompanyInAnyOfItsEtablissements)
{
    // Another établissement (other NIC) of the same company: same SIREN, still not independent.
    const auto refusals = checkEvaluatorEligibility(sophie(), "FAB-OPE", d("2026-03-02"), "55210055400005");
    ASSERT_EQ(refusals.size(), 1u);
    EXPECT_EQ(refusals[0].code, "evaluator_employed_by_company");
    EXPECT_NE(refusals[0].sentence.find("552100554"), std::string::npos);
}

TEST(Eligibility, BothReasonsAreGivenTogether)
{
    EXPECT_EQ(checkEvaluatorEligibility(sophie(), "MNT-TEC", d("2026-03-02"), "55210055400005").size(), 2u);
}
