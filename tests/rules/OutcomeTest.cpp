#include "cqp/rules/Outcome.h"

#include <gtest/gtest.h>

using namespace cqp::rules;

namespace {

Date d(const char* iso) { return *Date::parseIso(iso); }

Certificate fourCompetences()
{
    return {"FAB-OPE", "Opérateur(trice) de fabrication des Industries Chimiques", "Fabrication", CertificateKind::Cqp,
            {{"C1", "un"}, {"C2", "deux"}, {"C3", "trois"}, {"C4", "quatre"}}};
}

const std::vector<std::string> all{"C1", "C2", "C3", "C4"};

std::vector<CompetenceDecision> decisions(std::initializer_list<bool> validated)
{
    std::vector<CompetenceDecision> out;
    int i = 0;
    for (bool v : validated)
        out.push_back({"C" + std::to_string(++i), v});
    return out;
}

}  // namespace

// The outcome table: all → validé, some → partiel, none → non validé.
TEST(Outcome, Table)
{
    const auto cert = fourCompetences();
    const Deadlines dl;
    struct Row {
        std::initializer_list<bool> validated;
        Outcome expected;
    };
    for (const Row& row : {Row{{true, true, true, true}, Outcome::Valide}, Row{{true, true, true, false}, Outcome::Partiel},
                           Row{{false, true, false, false}, Outcome::Partiel},
                           Row{{false, false, false, false}, Outcome::NonValide}}) {
        const auto result = decideOutcome(cert, all, decisions(row.validated), {}, d("2026-06-25"), dl);
        ASSERT_TRUE(result.ok());
        EXPECT_EQ(result.outcome, row.expected);
    }
    EXPECT_EQ(outcomeLabel(Outcome::Valide), "validé");
    EXPECT_EQ(statusOf(Outcome::NonValide), CandidatureStatus::NonValide);
}

TEST(Outcome, PartialLeavesValidatedCompetencesAcquiredFiveYears)
{
    const auto result = decideOutcome(fourCompetences(), all, decisions({true, false, true, false}), {}, d("2026-06-25"), Deadlines{});
    EXPECT_EQ(result.outcome, Outcome::Partiel);
    EXPECT_EQ(result.validatedNow, (std::vector<std::string>{"C1", "C3"}));
    EXPECT_EQ(result.remaining, (std::vector<std::string>{"C2", "C4"}));
    ASSERT_EQ(result.newAcquisitions.size(), 2u);
    EXPECT_EQ(result.newAcquisitions[0].validUntil.iso(), "2031-06-25");
}

TEST(Outcome, EarlierAcquisitionsCountForALaterCandidature)
{
    const std::vector<Acquisition> earlier{{"C1", d("2026-06-25"), d("2031-06-25")}, {"C3", d("2026-06-25"), d("2031-06-25")}};
    const auto cert = fourCompetences();
    EXPECT_EQ(competencesToEvaluate(cert, earlier, d("2027-01-10")), (std::vector<std::string>{"C2", "C4"}));
    const auto result = decideOutcome(cert, {"C2", "C4"}, {{"C2", true}, {"C4", true}}, earlier, d("2027-06-24"), Deadlines{});
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result.outcome, Outcome::Valide);
    EXPECT_EQ(result.stillAcquired, (std::vector<std::string>{"C1", "C3"}));
    EXPECT_TRUE(result.newAcquisitions.empty());
}

TEST(Outcome, ExpiredAcquisitionsNoLongerCount)
{
    const std::vector<Acquisition> earlier{{"C1", d("2020-06-25"), d("2025-06-25")}};
    const auto cert = fourCompetences();
    EXPECT_EQ(competencesToEvaluate(cert, earlier, d("2025-06-25")).size(), 4u);  // the end day is excluded
    const auto result = decideOutcome(cert, {"C2", "C3", "C4"}, {{"C2", true}, {"C3", true}, {"C4", true}}, earlier,
                                      d("2026-01-10"), Deadlines{});
    EXPECT_EQ(result.outcome, Outcome::Partiel);
    EXPECT_EQ(result.remaining, std::vector<std::string>{"C1"});
}

TEST(Outcome, TheValidityPeriodIsConfigurable)
{
    Deadlines three;
    three.acquiredValidityYears = 3;
    const auto result = decideOutcome(fourCompetences(), all, decisions({true, false, false, false}), {}, d("2026-06-25"), three);
    EXPECT_EQ(result.newAcquisitions.at(0).validUntil.iso(), "2029-06-25");
}

TEST(Outcome, InconsistentDecisionsAreRefused)
{
    const auto cert = fourCompetences();
    auto missing = decideOutcome(cert, all, decisions({true, true, true}), {}, d("2026-06-25"), Deadlines{});
    EXPECT_TRUE(hasRefusal(missing.problems, "decision_missing"));
    auto extra = decisions({true, true, true, true});
    extra.push_back({"C9", true});
    extra.push_back({"C1", false});
    auto wrong = decideOutcome(cert, {"C1", "C2", "C3"}, extra, {}, d("2026-06-25"), Deadlines{});
    EXPECT_TRUE(hasRefusal(wrong.problems, "decision_unknown_competence"));
    EXPECT_TRUE(hasRefusal(wrong.problems, "decision_competence_not_chosen"));
    EXPECT_TRUE(hasRefusal(wrong.problems, "decision_duplicate"));
    EXPECT_FALSE(wrong.ok());
}
