// README command 1 (issue 14, item 12): the simulated year of scripts/demo, run whole, and
// what it leaves checked as a person would find it — every PDF sound, every printed QR code
// verified by `cqp verify`, the export valid against the Caisse des Dépôts' schema.

#include "cqp/store/StoreLocation.h"

#include "TestSupport.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>

using namespace cqp::test;

TEST(Demo, AYearOfTheProcessFromTheBundledMessages)
{
    TempDir dir;
    const auto demo = dir / "demo";
    // With the binaries of this build (plain, sanitizers or coverage).
    const auto build = std::filesystem::path{CQP_BINARY}.parent_path();
    const auto out = shell("cd '" + sourceDir().string() + "' && CQP_BUILD_DIR='" + build.string() + "' scripts/demo --no-build '" +
                           demo.string() + "' 2>&1; echo rc=$?");
    ASSERT_NE(out.find("rc=0"), std::string::npos) << out;
    // The French summary: the outcomes (n°4, made of forms only, validé too), the verification of
    // the printed parchment.
    for (const char* said : {"validé                               2", "partiel                              1",
                             "non validé                           1", "Résumé de l'année simulée", " : valide",
                             "titulaire : Élise Marie Durand, née le 12/04/1990",
                             "CQP : Opératrice de fabrication des Industries Chimiques", "2 titulaire(s) d'un CQP",
                             // It ends with the console and the verification page, and their logins.
                             "console : http://127.0.0.1:8080/secretariat/", "mot de passe « secretariat-demo-2027 »",
                             "vérification du parchemin lu plus haut : http://127.0.0.1:8080/verifier?code="})
        EXPECT_NE(out.find(said), std::string::npos) << said << "\n" << out;
    // Every document accepted, every message answered once (the évaluateurs métier too: invited,
    // they are no strangers), nothing left waiting for the secretariat, no mail stuck.
    const auto store = cqp::pipeline::StoreLocation::parse("sqlite:" + (demo / "var/cqp.db").string());
    EXPECT_EQ(rawQuery(store, "SELECT COUNT(*) FROM submissions WHERE status <> 'accepted'"), "0\n");
    EXPECT_EQ(rawQuery(store, "SELECT COUNT(*) FROM received_mail"), rawQuery(store, "SELECT COUNT(*) FROM outbox WHERE kind = 'reply'"));
    EXPECT_EQ(rawQuery(store, "SELECT COUNT(*) FROM reviews WHERE state = 'open'"), "0\n");
    EXPECT_EQ(rawQuery(store, "SELECT COUNT(*) FROM outbox WHERE state <> 'sent'"), "0\n");

    // Every PDF it made or mailed: the print batch, the jury lists and files, the statistics,
    // the forms the users took from their mails.
    std::vector<std::filesystem::path> pdfs;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(demo))
        if (entry.path().extension() == ".pdf")
            pdfs.push_back(entry.path());
    EXPECT_GE(pdfs.size(), 12u);
    for (const auto& pdf : pdfs)
        EXPECT_TRUE(qpdfClean(pdf)) << pdf;

    // Every QR code of the print batches verifies: jury 1's parchment and attestation, jury 2's
    // parchment (n°4).
    std::vector<std::filesystem::path> batches;
    for (const auto& entry : std::filesystem::directory_iterator(demo / "var/print"))
        batches.push_back(entry.path());
    ASSERT_EQ(batches.size(), 2u);
    std::string codes;
    for (std::size_t b = 0; b < batches.size(); ++b)
        codes += shell("cd '" + dir.path().string() + "' && pdftoppm -r 150 -png '" + batches[b].string() + "' page" + std::to_string(b) +
                       " && zbarimg --quiet --raw page" + std::to_string(b) + "-*.png 2>/dev/null");
    std::set<std::string> urls;
    const std::regex url{"https://[^\\s]+verifier\\?code=[A-Z0-9-]+"};
    for (std::sregex_iterator it{codes.begin(), codes.end(), url}, end; it != end; ++it)
        urls.insert(it->str());
    EXPECT_EQ(urls.size(), 3u) << codes;
    for (const auto& u : urls) {
        const auto verified = runCqp(demo, {"verify", u});
        EXPECT_EQ(verified.exitCode, 0) << u << verified.out << verified.err;
        EXPECT_NE(verified.out.find(" : valide"), std::string::npos) << verified.out;
    }

    // The demo's console user logs in, and its verification address answers « valide ».
    const std::smatch printed = [&] {
        std::smatch m;
        std::regex_search(out, m, std::regex{"verifier\\?code=([A-Z0-9-]+)"});
        return m;
    }();
    ASSERT_FALSE(printed.empty()) << out;
    const auto served = shell("cd '" + demo.string() + "' && { " + CQP_BINARY + " --date 2027-07-01 serve --port 0 > serve.txt 2>/dev/null & echo $! > serve.pid; } "
                              "&& for i in $(seq 50); do grep -q listening serve.txt && break; sleep 0.1; done; "
                              "port=$(sed -n 's/.*127.0.0.1:\\([0-9]*\\)$/\\1/p' serve.txt | head -1); "
                              "curl -s -H 'Accept: application/json' http://127.0.0.1:$port/verifier/" + printed[1].str() +
                              "; kill $(cat serve.pid); true");
    EXPECT_NE(served.find("\"etat\":\"valide\""), std::string::npos) << served;

    // The national export validates against the CDC's schema.
    const auto valid = shell("xmllint --noout --schema '" + dataFile("standards/cdc-accrochage-v2.0.0.xsd").string() + "' '" +
                             (demo / "var/accrochage-2027.xml").string() + "' 2>&1; echo rc=$?");
    EXPECT_NE(valid.find("validates"), std::string::npos) << valid;
}
