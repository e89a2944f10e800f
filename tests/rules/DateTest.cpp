#include "cqp/rules/Date.h"

#include <gtest/gtest.h>

using cqp::rules::Date;

TEST(Date, ParsesAndPrintsIsoAndFrench)
{
    const auto d = Date::parseIso("2026-03-09");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->iso(), "2026-03-09");
    EXPECT_EQ(d->french(), "09/03/2026");
    EXPECT_EQ(d->year(), 2026);
    EXPECT_EQ(d->month(), 3u);
    EXPECT_EQ(d->day(), 9u);
}

TEST(Date, RejectsMalformedAndImpossibleDates)
{
    for (const char* text : {"", "2026-3-09", "2026-02-30", "2026-13-01", "2026-00-10", "20260309", "2026-03-09T10:00",
                             "abcd-ef-gh", "2026/03/09", "2025-02-29"})
        EXPECT_FALSE(Date::parseIso(text)) << text;
    EXPECT_TRUE(Date::parseIso("2024-02-29"));
}

TEST(Date, ArithmeticCrossesMonthsYearsAndLeapDays)
{
    const Date d = Date::fromYmd(2026, 2, 25);
    EXPECT_EQ(d.plusDays(4).iso(), "2026-03-01");
    EXPECT_EQ(d.plusDays(-56).iso(), "2025-12-31");
    EXPECT_EQ(Date::fromYmd(2028, 3, 1).daysSince(Date::fromYmd(2028, 2, 1)), 29);
    EXPECT_EQ(Date::fromYmd(2024, 2, 29).plusYears(5).iso(), "2029-02-28");
    EXPECT_EQ(Date::fromYmd(2024, 2, 29).plusYears(4).iso(), "2028-02-29");
    EXPECT_LT(Date::fromYmd(2026, 1, 1), Date::fromYmd(2026, 1, 2));
    EXPECT_THROW(Date::fromYmd(2026, 2, 29), std::invalid_argument);
}
