// French writing in generated text (issue 14): elision (« rapport statistique d'avril »), titles in the
// holder's gender.

#include "cqp/rules/FrenchText.h"

#include <gtest/gtest.h>

using namespace cqp::rules;

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

TEST(FrenchText, TitlesInTheHoldersGender)
{
    EXPECT_EQ(genderedTitle("Opérateur(trice) de fabrication des Industries Chimiques", "F"),
              "Opératrice de fabrication des Industries Chimiques");
    EXPECT_EQ(genderedTitle("Opérateur(trice) de fabrication des Industries Chimiques", "M"),
              "Opérateur de fabrication des Industries Chimiques");
    EXPECT_EQ(genderedTitle("Technicien(ne) de maintenance Industrielle des Industries Chimiques", "F"),
              "Technicienne de maintenance Industrielle des Industries Chimiques");
    EXPECT_EQ(genderedTitle("Technico-commercial(e) des Industries Chimiques", "F"), "Technico-commerciale des Industries Chimiques");
    EXPECT_EQ(genderedTitle("Pilote d'installation de fabrication (H/F) des Industries Chimiques", "F"),
              "Pilote d'installation de fabrication des Industries Chimiques");
    EXPECT_EQ(genderedTitle("Agent logistique des Industries Chimiques (H/F)", "M"), "Agent logistique des Industries Chimiques");
    EXPECT_EQ(genderedTitle("Vendeur(euse) et Ouvrier(ère)", "F"), "Vendeuse et Ouvrière");
    // Unknown: as published.
    EXPECT_EQ(genderedTitle("Opérateur(trice) de fabrication (H/F)", ""), "Opérateur(trice) de fabrication (H/F)");
    EXPECT_EQ(candidateNoun("F"), "candidate");
    EXPECT_EQ(candidateNoun("M"), "candidat");
    EXPECT_EQ(candidateNoun(""), "candidat(e)");
}

TEST(FrenchText, LinesBreakWhereFrenchTypographyAllows)
{
    using V = std::vector<std::string>;
    EXPECT_EQ(unbreakableUnits("Motif : erreur sur le nom"), (V{"Motif :", "erreur", "sur", "le", "nom"}));
    EXPECT_EQ(unbreakableUnits("le CQP « Opérateur de fabrication » délivré"),
              (V{"le", "CQP", "« Opérateur", "de", "fabrication »", "délivré"}));
    EXPECT_EQ(unbreakableUnits("parchemin n° 2027-0001 remis à Élise"), (V{"parchemin", "n° 2027-0001", "remis", "à Élise"}));
    EXPECT_EQ(unbreakableUnits("Vraiment ? Oui !"), (V{"Vraiment ?", "Oui !"}));
    EXPECT_EQ(unbreakableUnits("plus de 48 h, soit 100 %"), (V{"plus", "de", "48 h,", "soit", "100 %"}));
    EXPECT_EQ(unbreakableUnits(""), V{});
}
