// The right to erasure (docs/rgpd.md): a candidate whose dossier was judged is erased — then
// nothing names them any more in the store file, the spool of sent mails, the jury and print
// folders or the logs, while their parchment still verifies; a candidate in progress is not.

#include "Branch.h"

#include "cqp/actions/Privacy.h"
#include "cqp/actions/Views.h"
#include "cqp/repositories/ParchmentRepository.h"
#include "cqp/stages/PurgeStage.h"
#include "cqp/actions/Secretariat.h"
#include "cqp/repositories/CandidatureRepository.h"

#include <gtest/gtest.h>

#include <fstream>

namespace cqp::test {
namespace {

using pipeline::Id;

// What names Élise Marie Durand, née Dupont le 12/04/1990 à Saint-Étienne.
const std::vector<std::string> traces{"Dupont", "Durand", "Élise", "1990-04-12", "12/04/1990", "elise.durand@exemple.fr",
                                      "MAT-0042"};

// Every text a person could read in `folder`: mails decoded part by part (attached PDFs through
// pdftotext), PDFs through pdftotext, anything else as it is.
std::string readableText(const std::filesystem::path& folder)
{
    const auto script = folder.parent_path() / "readable.py";
    writeFile(script,
              "import email, email.policy, os, subprocess, sys\n"
              "def pdf(data):\n"
              "    return subprocess.run(['pdftotext', '-', '-'], input=data, capture_output=True).stdout.decode('utf-8', 'replace')\n"
              "for root, _, files in os.walk(sys.argv[1]):\n"
              "    for name in files:\n"
              "        path = os.path.join(root, name)\n"
              "        data = open(path, 'rb').read()\n"
              "        print('==', name)\n"
              "        if name.endswith('.eml'):\n"
              "            m = email.message_from_bytes(data, policy=email.policy.default)\n"
              "            print(m['Subject'])\n"
              "            for part in m.walk():\n"
              "                body = part.get_payload(decode=True)\n"
              "                if body is None: continue\n"
              "                print(pdf(body) if part.get_content_type() == 'application/pdf' else body.decode('utf-8', 'replace'))\n"
              "        elif name.endswith('.pdf'):\n"
              "            print(pdf(data))\n"
              "        else:\n"
              "            print(data.decode('utf-8', 'replace'))\n");
    return shell("python3 '" + script.string() + "' '" + folder.string() + "'");
}

class Erase : public ::testing::TestWithParam<Backend> {};

TEST_P(Erase, AJudgedCandidateIsErasedEverywhereButTheParchmentStillVerifies)
{
    Branch branch{GetParam()};
    branch.createCandidature();
    branch.evaluate();
    branch.observe();
    branch.register_(2);
    TempDir work;
    const auto& store = branch.location();
    writeFile(work / "cqp.properties", std::string{"store = "} + (store.kind == pipeline::StoreLocation::Kind::SQLite ? "sqlite:" : "postgresql:") +
                                           store.target + "\noutbox = spool:var/outbox\n");
    const auto cqp = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"--log-file", (work / "cqp.log").string()});
        return runCqp(work.path(), args);
    };
    ASSERT_EQ(cqp({"init"}).exitCode, 0);
    ASSERT_EQ(cqp({"--date", "2027-05-26", "run", "--only", "jury,send"}).exitCode, 0);  // the list and files, to the jury
    ASSERT_EQ(pipeline::Secretariat(branch.store(), branch.referential, rules::Deadlines{}, *rules::Date::parseIso("2027-06-16"),
                                    pipeline::Actor{"secretariat"})
                  .decide(2, 1, {{"FAB-OPE-C1", true}, {"FAB-OPE-C2", true}, {"FAB-OPE-C3", true}, {"FAB-OPE-C4", true}, {"FAB-OPE-C5", true}})
                  .done,
              true);
    ASSERT_EQ(cqp({"--date", "2027-06-16", "run", "--only", "advance,render,send"}).exitCode, 0);
    const auto code = rawQuery(store, "SELECT verification_code FROM parchments WHERE candidature_id = 1");
    ASSERT_FALSE(code.empty());
    ASSERT_TRUE(contains(readableText(work / "var"), "Dupont"));  // before: everywhere

    // A second candidate of the company, in progress: their erasure is refused, nothing changes.
    ASSERT_EQ(branch.send("entreprise", Branch::example("03-candidat.xml", {{"MAT-0042", "MAT-0043"},
                                                                    {"Dupont", "Lefèvre"},
                                                                    {"Durand", "Martin"},
                                                                    {"Élise Marie", "Paul"},
                                                                    {"1990-04-12", "1985-02-03"},
                                                                    {"elise.durand", "paul.martin"},
                                                                    {"<sexe>F", "<sexe>M"}}), "2027-06-10",
                          {Branch::pdf("outil6-dupont.pdf")})
                  .status,
              pipeline::SubmissionOutcome::Status::Accepted);
    ASSERT_EQ(branch.send("entreprise", Branch::example("04-candidature.xml", {{"MAT-0042", "MAT-0043"}, {"CQP-2027-001", "CQP-2027-002"}, {"2027-01-11", "2027-09-15"}}),
                          "2027-06-10")
                  .status,
              pipeline::SubmissionOutcome::Status::Accepted);
    const auto refused = cqp({"--date", "2027-07-01", "privacy", "erase", "2", "--reason", "Demande"});
    EXPECT_EQ(refused.exitCode, 1) << refused.out << refused.err;
    EXPECT_TRUE(contains(refused.out, "effacement refusé : la candidature n°2 est en cours")) << refused.out;
    EXPECT_TRUE(contains(rawQuery(store, "SELECT nom_naissance FROM candidates WHERE id = 2"), "Lefèvre"));

    const auto erased = cqp({"--date", "2027-07-01", "privacy", "erase", "1", "--reason", "Demande écrite du 28/06/2027"});
    ASSERT_EQ(erased.exitCode, 0) << erased.out << erased.err;
    EXPECT_TRUE(contains(erased.out, "candidat n°1 effacé le 01/07/2027")) << erased.out;

    // Nothing names them in the store (every table about a person, through the export)…
    const auto left = pipeline::exportPerson(branch.store(), 1, {"secretariat", "cli"});
    for (const auto& trace : traces)
        EXPECT_FALSE(contains(left.json, trace)) << trace << "\n" << left.json;
    for (const auto& f : left.files)
        EXPECT_TRUE(f.content.empty()) << f.path;
    // …nor, on SQLite, anywhere in its files, freed pages and journal included…
    if (store.kind == pipeline::StoreLocation::Kind::SQLite)
        for (const auto& file : {store.target, store.target + "-wal"})
            if (std::filesystem::exists(file)) {
                const auto bytes = readFile(file);
                for (const auto& trace : traces)
                    EXPECT_EQ(bytes.find(trace), std::string::npos) << trace << " in " << file;
            }
    // …nor in the spool of sent mails, the jury and print folders, the logs.
    const auto readable = readableText(work / "var") + readFile(work / "cqp.log");
    for (const auto& trace : traces)
        if (const auto at = readable.find(trace); at != std::string::npos)
            ADD_FAILURE() << trace << " still in " << readable.substr(readable.rfind("== ", at), 60) << "…"
                          << readable.substr(at > 100 ? at - 100 : 0, 200);
    // The other candidate is untouched; the parchment still verifies, without a name.
    EXPECT_TRUE(contains(rawQuery(store, "SELECT nom_naissance FROM candidates WHERE id = 2"), "Lefèvre"));
    const auto verified = cqp({"verify", code.substr(0, code.size() - 1)});
    EXPECT_EQ(verified.exitCode, 0) << verified.out;
    EXPECT_TRUE(contains(verified.out, "valide"));
    EXPECT_TRUE(contains(verified.out, "titulaire : données effacées à sa demande"));
    EXPECT_TRUE(contains(rawQuery(store, "SELECT action, detail FROM action_log"), "privacy.erase | Demande écrite du 28/06/2027"));
}

TEST_P(Erase, FiveYearsAfterTheDecisionAHolderIsReducedToTheNameTheirParchmentVerifies)
{
    Branch branch{GetParam()};
    branch.createCandidature();
    branch.evaluate();
    branch.observe();
    branch.register_(2);
    const auto decided = *rules::Date::parseIso("2027-06-16");
    ASSERT_TRUE(pipeline::Secretariat(branch.store(), branch.referential, rules::Deadlines{}, decided, pipeline::Actor{"secretariat"})
                    .decide(2, 1, {{"FAB-OPE-C1", true}, {"FAB-OPE-C2", true}, {"FAB-OPE-C3", true}, {"FAB-OPE-C4", true}, {"FAB-OPE-C5", true}})
                    .done);
    branch.store().parchments().add({0, 1, 2027, 1, decided, "K7QM-3RTX-9BZA-W2HC", std::nullopt, "", pipeline::ParchmentKind::Parchemin,
                                     std::nullopt});
    TempDir folders;
    pipeline::ParchmentSettings settings;
    settings.juryDir = folders / "jury";
    settings.printDir = folders / "print";
    const auto purgeOn = [&](const char* date) {
        pipeline::StageContext context{branch.store(), branch.referential, rules::Deadlines{}, *rules::Date::parseIso(date)};
        return pipeline::PurgeStage{settings}.run(context);
    };
    purgeOn("2032-06-01");  // not yet five years
    EXPECT_EQ(rawQuery(branch.location(), "SELECT date_naissance FROM candidates WHERE id = 1"), "1990-04-12\n");
    purgeOn("2032-06-20");
    EXPECT_EQ(rawQuery(branch.location(), "SELECT prenoms, nom_naissance, nom_usage, date_naissance, email, reduced_on FROM candidates WHERE id = 1"),
              "Élise Marie | Dupont | Durand | NULL |  | 2032-06-20\n");
    EXPECT_EQ(rawQuery(branch.location(), "SELECT COUNT(*) FROM evaluation_results WHERE candidature_id = 1"), "0\n");
    const auto v = pipeline::verify(branch.store(), branch.referential, "K7QM-3RTX-9BZA-W2HC");
    EXPECT_EQ(v.state, pipeline::Verification::State::Valid);
    EXPECT_EQ(v.holder, "Élise Marie Durand");
    // Reduced once: the next nights leave it alone.
    EXPECT_TRUE(contains(purgeOn("2032-06-21").details[5], "supprimé : 0 dossier(s)"));
}

INSTANTIATE_TEST_SUITE_P(Backends, Erase, bothBackends(), backendTestName);

}  // namespace
}  // namespace cqp::test
