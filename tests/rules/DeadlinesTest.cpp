#include "cqp/rules/Deadlines.h"

#include <gtest/gtest.h>

using namespace cqp::rules;

namespace {
Date d(const char* iso) { return *Date::parseIso(iso); }
}  // namespace

TEST(Deadlines, ResultsAcceptedFromTheEvaluationDayToDay8)
{
    const Deadlines defaults;
    const Date evaluation = d("2026-03-02");
    EXPECT_TRUE(checkResultsDate(evaluation, d("2026-03-02"), defaults).empty());  // same day
    EXPECT_TRUE(checkResultsDate(evaluation, d("2026-03-10"), defaults).empty());  // day 8
    const auto late = checkResultsDate(evaluation, d("2026-03-11"), defaults);     // day 9
    ASSERT_EQ(late.size(), 1u);
    EXPECT_EQ(late[0].code, "results_too_late");
    EXPECT_NE(late[0].sentence.find("10/03/2026"), std::string::npos) << late[0].sentence;
    const auto early = checkResultsDate(evaluation, d("2026-03-01"), defaults);    // the day before
    ASSERT_EQ(early.size(), 1u);
    EXPECT_EQ(early[0].code, "results_before_evaluation");
}

TEST(Deadlines, RegistrationAtTheLatest21DaysBeforeTheJury)
{
    const Deadlines defaults;
    const Date jury = d("2026-06-25");
    EXPECT_EQ(registrationCutoff(jury, defaults).iso(), "2026-06-04");
    EXPECT_TRUE(checkRegistrationDate(d("2026-06-04"), jury, defaults).empty());   // exactly 21 days before
    EXPECT_TRUE(checkRegistrationDate(d("2026-01-04"), jury, defaults).empty());
    const auto late = checkRegistrationDate(d("2026-06-05"), jury, defaults);      // 20 days before
    ASSERT_EQ(late.size(), 1u);
    EXPECT_EQ(late[0].code, "registration_too_late");
    EXPECT_NE(late[0].sentence.find("04/06/2026"), std::string::npos);
}

TEST(Deadlines, DecisionsDueWithin48Hours)
{
    const Deadlines defaults;
    const Date jury = d("2026-06-25");
    EXPECT_EQ(decisionDueDate(jury, defaults).iso(), "2026-06-27");
    EXPECT_FALSE(isDecisionOverdue(jury, d("2026-06-27"), defaults));
    EXPECT_TRUE(isDecisionOverdue(jury, d("2026-06-28"), defaults));
}

TEST(Deadlines, EveryLimitIsConfigurable)
{
    Deadlines custom;
    custom.resultsMaxDaysAfterEvaluation = 15;
    custom.registrationMinDaysBeforeJury = 30;
    custom.decisionMaxHoursAfterJury = 72;
    EXPECT_TRUE(checkResultsDate(d("2026-03-02"), d("2026-03-17"), custom).empty());
    EXPECT_FALSE(checkResultsDate(d("2026-03-02"), d("2026-03-18"), custom).empty());
    EXPECT_EQ(registrationCutoff(d("2026-06-30"), custom).iso(), "2026-05-31");
    EXPECT_EQ(decisionDueDate(d("2026-06-25"), custom).iso(), "2026-06-28");
}

TEST(Deadlines, TheJuriesWithOverdueDecisionsAreThoseHeldBeforeOneDate)
{
    const Deadlines deadlines;
    const auto today = *Date::parseIso("2026-06-28");
    const auto before = decisionsOverdueForJuriesBefore(today, deadlines);
    for (int offset = -6; offset <= 2; ++offset) {
        const auto jury = today.plusDays(offset);
        EXPECT_EQ(isDecisionOverdue(jury, today, deadlines), jury < before) << jury.iso();
    }
}
