#include "cqp/rules/PaperText.h"

#include <gtest/gtest.h>

using namespace cqp::rules;

TEST(PaperText, FoldingIgnoresCaseAccentsAndPunctuation)
{
    EXPECT_EQ(foldedForComparison("Saint-Étienne (42218)"), "SAINT ETIENNE 42218");
    EXPECT_EQ(foldedForComparison("  saint   etienne 42218 "), "SAINT ETIENNE 42218");
    EXPECT_EQ(foldedForComparison("Élise Marie"), "ELISE MARIE");
    EXPECT_EQ(foldedForComparison("LEFÈVRE-Cœur"), "LEFEVRE COEUR");
    EXPECT_EQ(foldedForComparison("Chimie Exemple SAS — Usine de Lyon"), "CHIMIE EXEMPLE SAS USINE DE LYON");
    EXPECT_EQ(foldedForComparison(""), "");
    EXPECT_NE(foldedForComparison("12/04/1990"), foldedForComparison("12/04/1991"));
}

TEST(PaperText, DatesAsWrittenOnPaper)
{
    EXPECT_EQ(frenchDate("12/01/2027"), Date::parseIso("2027-01-12"));
    EXPECT_EQ(frenchDate("12.01.2027"), Date::parseIso("2027-01-12"));
    EXPECT_FALSE(frenchDate("31/02/2027"));  // no such day
    EXPECT_FALSE(frenchDate("12/01/27"));
    const auto dates = datesIn("née le 12/04/1990 à Saint-Étienne, diplôme du 30.06.2008, le 12/04/1990 encore, 112/04/19900");
    ASSERT_EQ(dates.size(), 2u);
    EXPECT_EQ(dates[0], Date::parseIso("1990-04-12"));
    EXPECT_EQ(dates[1], Date::parseIso("2008-06-30"));
}
