#include "cqp/render/Forms.h"
#include "cqp/render/Guide.h"
#include "cqp/rules/FormLayout.h"

#include "ScanSet.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

using namespace cqp;

namespace {

render::Outil4Data outil4(int competences)
{
    render::Outil4Data d;
    d.candidature = 12;
    d.candidateName = "Élise Marie DURAND";
    d.certificateTitle = "Technicien(ne) de maintenance Industrielle des Industries Chimiques";
    d.company = "Chimie Exemple SAS — Usine de Lyon";
    d.evaluatorName = "Sophie Martin (EH-0101)";
    d.plannedDate = "11/01/2027";
    for (int i = 1; i <= competences; ++i)
        d.competences.push_back({"MNT-TEC-C" + std::to_string(i), "Diagnostiquer une panne complexe sur un équipement automatisé"});
    return d;
}

}  // namespace

TEST(FormCode, RoundTripsAndRefusesAnyAlteration)
{
    const rules::FormCode code{4, 1, 12, 2, 3, 7, 5};
    const std::string text = rules::encodeFormCode(code);
    const auto back = rules::decodeFormCode(text);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->candidature, 12);
    EXPECT_EQ(back->page, 2);
    EXPECT_EQ(back->firstRow, 7);
    std::string altered = text;
    altered[text.find("C=12") + 3] = '3';
    EXPECT_FALSE(rules::decodeFormCode(altered));
    EXPECT_FALSE(rules::decodeFormCode("hello"));
}

TEST(Forms, Outil4HasACodedPageForEverySixCompetences)
{
    const std::string pdf = render::renderOutil4(outil4(9), *render::findFonts());
    test::TempDir dir;
    test::writeFile(dir / "outil4.pdf", pdf);
    EXPECT_TRUE(test::qpdfClean(dir / "outil4.pdf"));
    const auto text = test::pdfText(dir / "outil4.pdf");
    EXPECT_NE(text.find("Outil n°4 — Guide d'évaluation des compétences"), std::string::npos) << text;
    EXPECT_NE(text.find("Élise Marie DURAND"), std::string::npos);
    EXPECT_NE(text.find("MNT-TEC-C9"), std::string::npos);
    EXPECT_NE(text.find("Signature de l'évaluateur habilité"), std::string::npos);
    for (int page = 1; page <= 2; ++page) {
        const auto decoded = test::pageQrCode(dir / "outil4.pdf", page, 150);
        const auto code = rules::decodeFormCode(decoded);
        ASSERT_TRUE(code) << decoded;
        EXPECT_EQ(code->outil, 4);
        EXPECT_EQ(code->page, page);
        EXPECT_EQ(code->pages, 2);
        EXPECT_EQ(code->rows, page == 1 ? 6 : 3);
    }
    if (std::getenv("CQP_KEEP_PDF"))
        test::writeFile(std::getenv("CQP_KEEP_PDF"), pdf);
}

TEST(Forms, Outil6)
{
    const auto d = test::exampleOutil6(12);
    const std::string pdf = render::renderOutil6(d, *render::findFonts());
    test::TempDir dir;
    test::writeFile(dir / "outil6.pdf", pdf);
    EXPECT_TRUE(test::qpdfClean(dir / "outil6.pdf"));
    const auto text = test::pdfText(dir / "outil6.pdf");
    EXPECT_NE(text.find("Outil n°6 — Dossier de candidature"), std::string::npos) << text;
    EXPECT_NE(text.find("Saint-Étienne (42218)"), std::string::npos);
    EXPECT_NE(text.find("73282932000074"), std::string::npos);
}

TEST(Guide, AMarkdownDocumentGivesTheSameBytesWhenRenderedAgain)
{
    // The submissions guide is stored once per content: whichever process renders it, whenever.
    const auto fonts = cqp::render::findFonts();
    ASSERT_TRUE(fonts);
    const std::string markdown = "# Guide\n\nUn paragraphe **gras** et `code`.\n\n| champ | contenu |\n| --- | --- |\n| a | b |\n";
    const auto first = cqp::render::renderMarkdown(markdown, *fonts, "Guide");
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    EXPECT_EQ(cqp::render::renderMarkdown(markdown, *fonts, "Guide"), first);
    EXPECT_EQ(first.find("CreationDate"), std::string::npos);
}
