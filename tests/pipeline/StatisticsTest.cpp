// The statistics on a store with known numbers: every figure checked in the CSV and in the
// text of the PDF; the monthly report mailed once.

#include "cqp/ingest/ReferentialReader.h"
#include "cqp/stages/AdvanceStage.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/stages/RenderStage.h"
#include "cqp/stages/ReportStage.h"
#include "cqp/exports/Statistics.h"
#include "cqp/repositories/SubmissionRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/rules/Statistics.h"

#include "Seed.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

using namespace cqp;
using namespace cqp::pipeline;

namespace {

rules::Date d(const char* iso) { return *rules::Date::parseIso(iso); }

class Statistics : public ::testing::Test {
protected:
    test::ScratchStore scratch{test::Backend::SQLite};
    rules::Referential referential = *ingest::readReferential(ingest::defaultReferentialXml()).referential;
    test::TempDir dir;
    ParchmentSettings settings;

    void SetUp() override
    {
        settings.keyFile = dir / "parchment.key";
        settings.printDir = dir / "print";
        auto& store = scratch.store();
        // Created 2026-01-20; evaluated 2026-03-02 (results 03-04); jury 2026-06-25 (30 places).
        test::seedDossier(store, test::SeedUpTo::Decided, {true, true, true, true, true}, "A");
        test::seedDossier(store, test::SeedUpTo::Decided, {true, true, true, true, true}, "B");
        test::seedDossier(store, test::SeedUpTo::Decided, {true, true, false, true, true}, "C");
        test::seedDossier(store, test::SeedUpTo::Decided, {false, false, false, false, false}, "D");
        test::seedDossier(store, test::SeedUpTo::Registered, {}, "R");
        test::seedDossier(store, test::SeedUpTo::Created, {}, "E");
        test::seedDossier(store, test::SeedUpTo::Created, {}, "F");
        // One results submission refused for coming too late.
        const Id document = store.documents().store("<resultatsEvaluation/>", "application/xml", "r.xml", d("2026-05-01"));
        store.submissions().record({0, "late", "resultatsEvaluation", "sophie.martin@evaluation.example", std::nullopt, document,
                                    "2026-05-01T08:00:00Z", d("2026-05-01"), "rejected", "trop tard", std::nullopt, std::nullopt,
                                    ",results_too_late,", "", "", ""});
        StageContext night{store, referential, rules::Deadlines{}, d("2026-06-30")};
        AdvanceStage{}.run(night);
        StageContext next{store, referential, rules::Deadlines{}, d("2026-07-01")};
        RenderStage{settings}.run(next);
    }

    render::StatsDocument year()
    {
        return statistics(scratch.store(), referential, rules::Deadlines{}, d("2026-01-01"), d("2026-12-31"), d("2026-07-02"));
    }
};

}  // namespace

TEST(StatisticsRules, MedianAndNinetiethPercentile)
{
    const auto s = rules::summarizeDurations({10, 2, 7, 4, 30, 5, 6, 8, 9, 3});
    EXPECT_EQ(s.count, 10);
    EXPECT_DOUBLE_EQ(s.median, 6.5);
    EXPECT_EQ(s.p90, 10);
    EXPECT_EQ(rules::summarizeDurations({}).count, 0);
    EXPECT_DOUBLE_EQ(rules::percent(4, 30), 13.3);
    EXPECT_EQ(rules::dispositifLabel("FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION"), "Contrat de professionnalisation");
}

TEST_F(Statistics, EveryFigureInTheCsvAndInThePdf)
{
    const auto document = year();
    const std::string csv = statisticsCsv(document);
    const std::string expected[] = {
        "Période du 01/01/2026 au 31/12/2026;données au 02/07/2026",
        // by status
        "En cours d'inscription;2", "En attente d'évaluation;1", "Validation de l'évaluation;0", "Inscription au jury;0",
        "Validé;2", "Partiel;1", "Non validé;1",
        // by month
        "janv. 2026;7;0", "juin 2026;0;4", "déc. 2026;0;0",
        // by CQP, company, dispositif
        "FAB-OPE — Opérateur(trice) de fabrication des Industries Chimiques;7",
        "Chimie Exemple SAS — Usine de Lyon;5", "Établissement non renseigné;2",
        "Contrat de professionnalisation;5", "Non renseigné;2",
        // outcomes
        "FAB-OPE — Opérateur(trice) de fabrication des Industries Chimiques;2;1;1;4;50",
        // durations: created 01-20, evaluated 03-02, jury 06-25, parchments 07-01
        "Création → évaluation;4;41;41", "Évaluation → jury;4;115;115", "Jury → parchemin;3;6;6", "Création → parchemin;3;162;162",
        // jury fill
        "Jury du 25/06/2026;30;4;13,3",
        // deadlines
        "Résultats d'évaluation reçus hors délai (refusés);1", "Inscriptions au jury hors délai (refusées);0",
        "Jurys aux décisions en retard (plus de 48 h);0",
        // inputs kept aside
        "Messages en quarantaine;0", "Documents XML refusés;1", "Scans à vérifier par le secrétariat;0",
    };
    for (const auto& line : expected)
        EXPECT_NE(csv.find(line + std::string{"\r\n"}), std::string::npos) << line << "\n" << csv;
    // Mails: the results of the four decided dossiers and the print batch, none sent yet.
    const auto pending = scratch.store().mail().inState(OutboxState::Pending).size();
    EXPECT_NE(csv.find("En attente d'envoi;" + std::to_string(pending) + ";100\r\n"), std::string::npos) << csv;
    EXPECT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0u);  // a BOM, for spreadsheets to read UTF-8

    const auto fonts = render::findFonts();
    ASSERT_TRUE(fonts);
    const auto pdf = render::renderStatistics(document, *fonts);
    test::writeFile(dir / "stats.pdf", pdf);
    EXPECT_TRUE(test::qpdfClean(dir / "stats.pdf"));
    const auto text = test::pdfText(dir / "stats.pdf");
    for (const char* part : {"Statistiques des CQP des Industries Chimiques", "Période du 01/01/2026 au 31/12/2026",
                             "données au 02/07/2026", "Candidatures créées sur la période, par statut actuel",
                             "Résultats des jurys par CQP", "Durées entre les étapes (jours)", "90e centile",
                             "Remplissage des jurys tenus sur la période", "Jury du 25/06/2026", "13,3",
                             "Délais non tenus et relances", "Contrat de professionnalisation", "Chimie Exemple SAS — Usine de Lyon",
                             "Création → parchemin", "162"})
        EXPECT_NE(text.find(part), std::string::npos) << part;
    // Issue 14, item 10: no label is cut — « En cours d'inscription » under its bar, on two lines.
    EXPECT_EQ(text.find("…"), std::string::npos) << text;
    EXPECT_NE(text.find("d'inscription"), std::string::npos);
    // The period and the date of the data on every page.
    const auto pages = std::stoi(test::shell("pdfinfo '" + (dir / "stats.pdf").string() + "' | awk '/^Pages:/ {print $2}'"));
    EXPECT_GE(pages, 2);
    for (int page = 1; page <= pages; ++page) {
        const auto one = test::shell("pdftotext -f " + std::to_string(page) + " -l " + std::to_string(page) + " '" +
                                     (dir / "stats.pdf").string() + "' -");
        EXPECT_NE(one.find("Période du 01/01/2026 au 31/12/2026 — données au 02/07/2026"), std::string::npos) << page;
    }
    if (std::getenv("CQP_KEEP_PDF"))
        test::writeFile(std::getenv("CQP_KEEP_PDF"), pdf);
}

TEST_F(Statistics, TheMonthlyReportIsMailedOnceToTheSecretariat)
{
    StageContext august{scratch.store(), referential, rules::Deadlines{}, d("2026-08-01")};
    const auto first = ReportStage{settings}.run(august);  // July: parchments issued, mails queued
    EXPECT_EQ(first.mailsQueued, 1);
    std::vector<OutboxMail> reports;
    for (const auto& m : scratch.store().mail().inState(OutboxState::Pending))
        if (m.kind == "monthly_report")
            reports.push_back(m);
    ASSERT_EQ(reports.size(), 1u);
    EXPECT_EQ(reports[0].recipient, "secretariat-cqp@localhost");
    EXPECT_EQ(reports[0].subject, "Statistiques des CQP — juillet 2026");
    EXPECT_NE(reports[0].body.find("le rapport statistique de juillet 2026 ("), std::string::npos) << reports[0].body;
    EXPECT_EQ(scratch.store().mail().attachments(reports[0].id).size(), 2u);  // PDF and CSV
    EXPECT_EQ(ReportStage{settings}.run(august).mailsQueued, 0);              // once
    StageContext october{scratch.store(), referential, rules::Deadlines{}, d("2026-10-01")};
    EXPECT_EQ(ReportStage{settings}.run(october).mailsQueued, 0);  // nothing happened in September
}

TEST_F(Statistics, TheCommandWritesPdfOrCsv)
{
    test::writeFile(dir / "cqp.properties", "store = sqlite:" + scratch.location().target + "\n");
    const auto csv = test::runCqp(dir.path(), {"--date=2026-07-02", "stats", "--from=2026-01-01", "--to=2026-12-31", "-o", "stats.csv"});
    EXPECT_EQ(csv.exitCode, 0) << csv.err;
    EXPECT_NE(test::readFile(dir / "stats.csv").find("Validé;2\r\n"), std::string::npos);
    const auto pdf = test::runCqp(dir.path(), {"--date=2026-07-02", "stats", "--from=2026-01-01", "--to=2026-12-31", "--output=stats.pdf"});
    EXPECT_EQ(pdf.exitCode, 0) << pdf.err;
    EXPECT_TRUE(test::qpdfClean(dir / "stats.pdf"));
    EXPECT_EQ(test::runCqp(dir.path(), {"stats", "--from=2026-12-31", "--to=2026-01-01", "-o", "x.pdf"}).exitCode, 2);
}
