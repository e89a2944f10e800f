#include "cqp/rules/Siret.h"

#include <gtest/gtest.h>

using namespace cqp::rules;

TEST(Siret, ChecksLuhnKeyAndLength)
{
    EXPECT_TRUE(isValidSiret("73282932000074"));   // a published SIRET
    EXPECT_FALSE(isValidSiret("73282932000075"));  // one digit changed
    EXPECT_FALSE(isValidSiret("7328293200007"));   // too short
    EXPECT_FALSE(isValidSiret("7328293200007A"));
    EXPECT_TRUE(isValidSiren("732829320"));
    EXPECT_FALSE(isValidSiren("732829321"));
}

TEST(Siret, LaPosteEtablissementsUseTheDigitSumRule)
{
    EXPECT_TRUE(isValidSiret("35600000000047"));   // digit sum 25: a multiple of 5
    EXPECT_FALSE(isValidSiret("35600000000048"));
}

TEST(Siret, SirenIsTheCompanyPart)
{
    EXPECT_EQ(sirenOf("73282932000074"), "732829320");
    EXPECT_EQ(sirenOf("732829320"), "732829320");
}
