// The nightly jury preparation: freeze, list, file with the scans, mails to the jury.

#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/stages/JuryStage.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/cli/Settings.h"
#include "cqp/repositories/Store.h"
#include "cqp/render/Report.h"

#include "Branch.h"

#include <gtest/gtest.h>

#include <set>


using namespace cqp;
using namespace cqp::pipeline;
using namespace cqp::test;
using cqp::test::shell;

namespace {


// A real one-page PDF standing for a scanned outil n°4.
std::string scannedOutil4()
{
    render::Report scan{*render::findFonts(), "Outil 4", "scan"};
    scan.heading("GUIDE D'ÉVALUATION DES COMPÉTENCES — OUTIL N°4 (SCAN)");
    return scan.finish();
}

}  // namespace

TEST(JuryStage, FreezesAfterTheCutOffAndSendsTheListAndTheFiles)
{
    Branch branch;
    TempDir dir;
    ParchmentSettings settings;
    settings.juryDir = dir / "jury";
    settings.secretariatEmail = "secretariat@branche.example";
    branch.store().juries().addMember({0, "Marie Lambert", "marie.lambert@syndicat.example", "Collège salariés"});
    branch.createCandidature();
    ASSERT_EQ(branch.send("evaluateur", Branch::example("05-invitation-evaluateur-metier.xml"), "2027-01-05").status,
              SubmissionOutcome::Status::Accepted);
    ASSERT_EQ(branch.send("evaluateur", Branch::example("06-resultats-evaluation.xml"), "2027-01-12",
                          {{"outil4-dupont.pdf", "application/pdf", scannedOutil4()}})
                  .status,
              SubmissionOutcome::Status::Accepted);
    branch.readScans("2027-01-12");
    branch.observe();
    branch.register_();

    auto run = [&](const char* date) {
        StageContext context{branch.store(), branch.referential, rules::Deadlines{}, *rules::Date::parseIso(date)};
        return JuryStage{settings}.run(context);
    };
    run("2027-05-25");  // the cut-off day itself: still open (jury n°1, long closed and empty, is frozen)
    EXPECT_FALSE(branch.store().juries().jury(2)->frozenOn);
    const auto report = run("2027-05-26");
    EXPECT_EQ(branch.store().juries().jury(2)->frozenOn, rules::Date::parseIso("2027-05-26"));
    EXPECT_EQ(report.accepted, 1);

    const auto list = dir / "jury/jury-2-2027-06-15-liste.pdf";
    const auto files = dir / "jury/jury-2-2027-06-15-dossiers.pdf";
    for (const auto& f : {list, files})
        EXPECT_TRUE(qpdfClean(f));
    const auto listText = pdfText(list);
    EXPECT_NE(listText.find("FAB-OPE — Opérateur(trice) de fabrication des Industries Chimiques"), std::string::npos) << listText;
    EXPECT_NE(listText.find("Élise Marie Durand"), std::string::npos);
    EXPECT_NE(listText.find("FAB-OPE-C5 : non acquis"), std::string::npos);
    EXPECT_NE(listText.find("Validée par le jury ?"), std::string::npos) << listText;  // a column for the decisions
    EXPECT_NE(listText.find("oui"), std::string::npos) << listText;
    const auto fileText = pdfText(files);
    EXPECT_NE(fileText.find("Transmissions orales incomplètes lors de la relève."), std::string::npos) << fileText;
    EXPECT_NE(fileText.find("Évaluation représentative du travail réel au poste."), std::string::npos);
    EXPECT_NE(fileText.find("je souhaite progresser sur les relèves"), std::string::npos);
    // Labels, not codes, for the jury.
    EXPECT_NE(fileText.find("Formation continue hors contrat de professionnalisation"), std::string::npos) << fileText;
    EXPECT_NE(fileText.find("Élise Marie Durand, née le 12/04/1990"), std::string::npos) << fileText;
    EXPECT_EQ(fileText.find("FORMATION_CONTINUE"), std::string::npos) << fileText;
    EXPECT_NE(fileText.find("GUIDE D'ÉVALUATION DES COMPÉTENCES — OUTIL N°4"), std::string::npos);  // the scan's page
    EXPECT_NE(fileText.find("Scan joint."), std::string::npos);  // the outil n°6 scan's page, inserted

    // Confidential: one mail to each — the secretariat, each member — nobody sees the others.
    std::vector<std::string> recipients;
    for (const auto& m : branch.store().mail().inState(OutboxState::Pending))
        if (m.kind == "jury_files" && m.subject.find("du 15/06/2027") != std::string::npos) {
            recipients.push_back(m.recipient);
            EXPECT_EQ(branch.store().mail().attachments(m.id).size(), 2u);
        }
    EXPECT_EQ(recipients, (std::vector<std::string>{"secretariat@branche.example", "marie.lambert@syndicat.example"}));

    // Frozen: the next night does nothing, and nobody can be added to this jury any more.
    EXPECT_EQ(run("2027-05-27").processed, 0);
    EXPECT_TRUE(branch.store().juries().sessions()[1].frozen);
}

TEST(JuryCommands, DecideMembersAndMove)
{
    Branch branch;
    TempDir dir;
    writeFile(dir / "cqp.properties", "store = sqlite:" + branch.location().target + "\n");
    branch.createCandidature();
    branch.evaluate();
    branch.observe();
    branch.register_();
    EXPECT_EQ(runCqp(dir.path(), {"jury", "member", "add", "--name=Marie Lambert", "--email=marie.lambert@syndicat.example",
                                  "--organisation=Collège salariés"})
                  .exitCode,
              0);
    EXPECT_NE(runCqp(dir.path(), {"jury", "member", "list"}).out.find("Marie Lambert <marie.lambert@syndicat.example>  Collège salariés"),
              std::string::npos);
    // A member who leaves: removed, and the jury files of the night go to the others only.
    ASSERT_EQ(runCqp(dir.path(), {"jury", "member", "add", "--name=Paul Girard", "--email=paul.girard@patronat.example"}).exitCode, 0);
    const auto removed = runCqp(dir.path(), {"jury", "member", "remove", "2"});
    EXPECT_EQ(removed.exitCode, 0) << removed.err;
    const auto members = runCqp(dir.path(), {"jury", "member", "list"}).out;
    EXPECT_EQ(members.find("Paul Girard"), std::string::npos) << members;
    EXPECT_NE(members.find("Marie Lambert"), std::string::npos) << members;
    EXPECT_EQ(runCqp(dir.path(), {"jury", "member", "remove", "2"}).exitCode, 2);  // no longer there

    // Before the jury moves: the secretariat moves the candidature, with a reason kept in the history.
    const auto move = runCqp(dir.path(), {"--date=2027-02-01", "jury", "move", "1", "--jury=3", "--reason=Jury de juin annulé"});
    EXPECT_EQ(move.exitCode, 0) << move.err;
    EXPECT_EQ(branch.store().juries().registrationOf(1)->placedJuryId, 3);
    EXPECT_NE(runCqp(dir.path(), {"history", "1"}).out.find("règle jury_change  motif : Jury de juin annulé (jury n°3)"),
              std::string::npos);
    EXPECT_EQ(runCqp(dir.path(), {"jury", "move", "1", "--jury=3"}).exitCode, 2);  // a reason is required

    // The jury night of jury n°3: its files go to the members left.
    const auto night = runCqp(dir.path(), {"--date=2027-10-01", "run", "--only=jury"});
    EXPECT_NE(night.out.find("jury                3         1"), std::string::npos) << night.out << night.err;  // juries 1 to 3 frozen, one candidature

    // The decisions, given by the secretariat from a file, unsigned.
    writeFile(dir / "decisions.xml", Branch::example("09-decisions-jury.xml", {{"<jury numero=\"2\"/>", "<jury numero=\"3\"/>"}}));
    EXPECT_EQ(runCqp(dir.path(), {"--date=2027-10-16", "jury", "decide", "2", "decisions.xml"}).exitCode, 2);  // not jury 2's
    const auto decided = runCqp(dir.path(), {"--date=2027-10-16", "jury", "decide", "3", "decisions.xml"});
    EXPECT_EQ(decided.exitCode, 0) << decided.out << decided.err;
    EXPECT_NE(decided.out.find("Candidature n°1 : statut « partiel »."), std::string::npos) << decided.out;
    // The jury with its names and decisions, without SQL (issue 14, item 7).
    const auto shown = runCqp(dir.path(), {"jury", "show", "3"});
    EXPECT_EQ(shown.exitCode, 0) << shown.err;
    EXPECT_NE(shown.out.find("jury n°3 du "), std::string::npos) << shown.out;
    EXPECT_NE(shown.out.find("liste arrêtée le 01/10/2027"), std::string::npos) << shown.out;
    EXPECT_NE(shown.out.find("candidature n°1  Élise Marie Durand  FAB-OPE"), std::string::npos) << shown.out;
    EXPECT_NE(shown.out.find("« partiel »  (déplacée)"), std::string::npos) << shown.out;
    EXPECT_NE(shown.out.find("FAB-OPE-C5 : non validée le 16/10/2027"), std::string::npos) << shown.out;
    EXPECT_EQ(runCqp(dir.path(), {"jury", "show", "9"}).exitCode, 2);
    std::set<std::string> juryFilesTo;
    for (const auto& m : branch.store().mail().inState(OutboxState::Pending))
        if (m.kind == "jury_files")
            juryFilesTo.insert(m.recipient);
    EXPECT_TRUE(juryFilesTo.count("marie.lambert@syndicat.example"));
    EXPECT_FALSE(juryFilesTo.count("paul.girard@patronat.example"));
}
