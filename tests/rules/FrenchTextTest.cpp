// French elision in generated sentences (issue 14, item 10: « rapport statistique d'avril »).

#include "cqp/rules/FrenchText.h"

#include <gtest/gtest.h>

using cqp::rules::deBefore;

TEST(FrenchText, DeIsElidedBeforeAVowel)
{
    EXPECT_EQ(deBefore("avril 2027"), "d'avril 2027");
    EXPECT_EQ(deBefore("août 2027"), "d'août 2027");
    EXPECT_EQ(deBefore("octobre 2026"), "d'octobre 2026");
    EXPECT_EQ(deBefore("Évaluation"), "d'Évaluation");
    EXPECT_EQ(deBefore("juillet 2026"), "de juillet 2026");
    EXPECT_EQ(deBefore("mars 2027"), "de mars 2027");
    EXPECT_EQ(deBefore(""), "de ");
}
