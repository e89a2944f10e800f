#include "cqp/rules/JuryPlacement.h"

#include <gtest/gtest.h>

using namespace cqp::rules;

namespace {

Date d(const char* iso) { return *Date::parseIso(iso); }

std::vector<JurySession> threeJuries()
{
    return {{1, d("2026-03-10"), 2, 0, std::nullopt, false},
            {2, d("2026-06-10"), 2, 0, std::nullopt, false},
            {3, d("2026-09-10"), 2, 0, std::nullopt, false}};
}

RegistrationRequest request(std::int64_t candidature, std::int64_t jury, const char* on, const char* cqp = "FAB-OPE")
{
    return {candidature, cqp, jury, d(on)};
}

}  // namespace

TEST(JuryPlacement, OverflowMovesToTheNextJuryAcrossThreeJuries)
{
    std::vector<RegistrationRequest> requests;
    for (int i = 1; i <= 7; ++i)
        requests.push_back(request(i, 1, "2026-01-15"));
    const auto placements = placeRegistrations(threeJuries(), requests, Deadlines{});
    ASSERT_EQ(placements.size(), 7u);
    const std::int64_t expected[] = {1, 1, 2, 2, 3, 3};
    for (std::size_t i = 0; i < 6; ++i) {
        ASSERT_TRUE(placements[i].juryId) << i;
        EXPECT_EQ(*placements[i].juryId, expected[i]) << "request " << i + 1;
        EXPECT_EQ(placements[i].moved, expected[i] != 1);
    }
    EXPECT_TRUE(hasRefusal(placements[2].reasons, "jury_full"));
    EXPECT_EQ(placements[2].juryDate->iso(), "2026-06-10");
    // The seventh finds every jury full: not placed, with the reason.
    EXPECT_FALSE(placements[6].juryId);
    EXPECT_TRUE(hasRefusal(placements[6].reasons, "no_jury_available"));
}

TEST(JuryPlacement, APassedCutOffMovesToTheNextJuryWhoseCutOffIsOpen)
{
    // 2026-02-18 is exactly 20 days before the 10 March jury: too late for it.
    const auto placements = placeRegistrations(threeJuries(), {request(1, 1, "2026-02-18"), request(2, 1, "2026-02-17")},
                                               Deadlines{});
    EXPECT_EQ(*placements[0].juryId, 2);
    EXPECT_TRUE(placements[0].moved);
    EXPECT_TRUE(hasRefusal(placements[0].reasons, "registration_too_late"));
    EXPECT_EQ(*placements[1].juryId, 1);  // exactly 21 days before: accepted
    EXPECT_FALSE(placements[1].moved);
    EXPECT_TRUE(placements[1].reasons.empty());
}

TEST(JuryPlacement, ARequestForALaterJuryStaysThere)
{
    const auto placements = placeRegistrations(threeJuries(), {request(1, 2, "2026-01-15")}, Deadlines{});
    EXPECT_EQ(*placements[0].juryId, 2);
    EXPECT_FALSE(placements[0].moved);
}

TEST(JuryPlacement, JuriesScopedToAnotherCqpAreSkipped)
{
    auto calendar = threeJuries();
    calendar[1].certificateCode = "LOG-AGT";
    calendar[0].placed = 2;  // full
    const auto placements = placeRegistrations(calendar, {request(1, 1, "2026-01-15", "FAB-OPE"),
                                                          request(2, 1, "2026-01-15", "LOG-AGT")},
                                               Deadlines{});
    EXPECT_EQ(*placements[0].juryId, 3);
    EXPECT_EQ(*placements[1].juryId, 2);
}

TEST(JuryPlacement, FrozenAndUnknownJuries)
{
    auto calendar = threeJuries();
    calendar[0].frozen = true;
    auto placements = placeRegistrations(calendar, {request(1, 1, "2026-01-15"), request(2, 99, "2026-01-15")}, Deadlines{});
    EXPECT_EQ(*placements[0].juryId, 2);
    EXPECT_TRUE(hasRefusal(placements[0].reasons, "jury_frozen"));
    EXPECT_FALSE(placements[1].juryId);
    EXPECT_TRUE(hasRefusal(placements[1].reasons, "jury_unknown"));
}

TEST(JuryPlacement, ThePlannerKeepsCountsAcrossCalls)
{
    JuryPlanner planner{threeJuries(), Deadlines{}};
    planner.place(request(1, 1, "2026-01-15"));
    planner.place(request(2, 1, "2026-01-15"));
    EXPECT_EQ(planner.calendar()[0].placed, 2);
    EXPECT_EQ(*planner.place(request(3, 1, "2026-01-15")).juryId, 2);
}
