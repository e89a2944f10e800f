// The nightly job killed with SIGKILL at 30 points (injected crash points and random times),
// rerun each time, ends exactly where an uninterrupted run ends: the same store, the same mails
// received by a real SMTP server, none lost, none doubled — except inside the documented window
// between the server's acceptance and the commit that records it, which is counted.

#include "cqp/ingest/ScanReader.h"
#include "cqp/workflow/FormDocuments.h"

#include "Branch.h"
#include "MailBuilder.h"
#include "MailServers.h"
#include "ScanSet.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <sstream>

using namespace cqp;
using namespace cqp::pipeline;
using namespace cqp::test;

namespace {

const char* const logicalDate = "--date=2027-01-12";

std::vector<std::string> corpus(Branch& branch)
{
    std::vector<std::string> messages;
    const std::string company = "Service RH <rh@chimie-exemple.fr>";
    auto candidat = [](int n) {
        return signWithXmlsec1("entreprise", Branch::example("03-candidat.xml", {{"MAT-0042", "CR-" + std::to_string(n)},
                                                                                 {"<nomNaissance>Dupont", "<nomNaissance>Durand-" + std::to_string(n)}}));
    };
    auto id = [](const std::string& kind, int i) { return kind + "-" + std::to_string(i) + "@crash.example"; };
    for (int i = 0; i < 180; ++i)
        messages.push_back(buildMessage(company, "Dossier " + std::to_string(i), id("valid", i), "Ci-joint.",
                                        {{"candidat.xml", "application/xml", candidat(i)}}));
    for (int i = 0; i < 30; ++i)
        messages.push_back(buildMessage(company, "Candidature", id("malformed", i), "Voici.",
                                        {{"c.xml", "application/xml", "<candidature><cqp>FAB</cqpp>" + std::to_string(i)}}));
    for (int i = 0; i < 20; ++i)
        messages.push_back(buildMessage(company, "Dossier", id("unsigned", i), "Voici.",
                                        {{"candidat.xml", "application/xml", Branch::example("03-candidat.xml", {{"MAT-0042", "U-" + std::to_string(i)}})}}));
    for (int i = 0; i < 20; ++i)
        messages.push_back(buildMessage(company, "Envoi groupé", id("mixed", i), "Plusieurs pièces.",
                                        {{"bon.xml", "application/xml", candidat(1000 + i)},
                                         {"mauvais.xml", "application/xml", "<?xml version=\"1.0\"?><x/>"},
                                         {"scan.pdf", "application/pdf", "%PDF-1.4 scan abîmé " + std::to_string(i)}}));
    for (int i = 0; i < 15; ++i)
        messages.push_back(buildMessage(company, "Absence", id("auto", i), "Je suis absent.", {}, {{"Auto-Submitted", "auto-replied"}}));
    for (int i = 0; i < 15; ++i)
        messages.push_back(buildMessage("Jean Martin <jean.martin@exemple.fr>", "Question", id("text", i), "Comment s'inscrire ?"));
    // Scans of candidature 1's outil n°4 from its evaluator: the first gives the results, the
    // others contradict nothing and are filed.
    const auto pdf = renderForm(branch.store(), branch.referential, 1, 4, "12/01/2027");
    const auto png = ingest::encodePng(fillOutil4(pdf, {1, 1, 1, 1, 0}, true));
    for (int i = 0; i < 5; ++i)
        messages.push_back(buildMessage("sophie.martin@evaluateurs.example", "Outil 4", id("scan", i), "Ci-joint.",
                                        {{"outil4-" + std::to_string(i) + ".png", "image/png", png}}));
    // The same messages again (a client that sends twice): processed once.
    for (int i = 0; i < 15; ++i)
        messages.push_back(messages[static_cast<std::size_t>(i * 7)]);
    return messages;
}

struct Outcome {
    std::string store;                          // the rows that matter, without timestamps
    std::multiset<std::string> delivered;       // received by the SMTP server: outbox row, To and Subject
    int doubled = 0;                            // the same Message-ID received twice
    int inWindow = 0;                           // kills that may fall in the window: at "mail accepted", or timed
    int kills = 0;
    int crashPoints = 0;                        // passed by an uninterrupted run
};

// One store, one SMTP server, the messages in the Maildir; `cqp run` killed `kills` times at
// random, then run to the end.
Outcome scenario(const std::vector<std::string>& messages, int kills, int crashPoints, unsigned seed)
{
    Branch branch;
    branch.createCandidature();
    EXPECT_EQ(branch.send("evaluateur", Branch::example("05-invitation-evaluateur-metier.xml"), "2027-01-05").status,
              SubmissionOutcome::Status::Accepted);
    SmtpServer smtp;
    TempDir work;
    writeFile(work / "cqp.properties", "store = sqlite:" + branch.location().target + "\ninbox = maildir:" +
                                           (work / "inbox").string() + "\noutbox = smtp:127.0.0.1:" + std::to_string(smtp.port()) +
                                           "\nparchment.key_file = " + (work / "parchment.key").string() + "\n");
    EXPECT_EQ(runCqp(work.path(), {"init"}).exitCode, 0);
    for (std::size_t i = 0; i < messages.size(); ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "%04zu.M1.crash", i);
        writeFile(work / "inbox" / "new" / name, messages[i]);
    }
    Outcome outcome;
    std::mt19937 random{seed};
    while (outcome.kills < kills) {
        CommandResult result;
        if (outcome.kills % 2 == 0) {
            // An injected crash point, early in what is left.
            std::uniform_int_distribution<int> at(1, std::max(1, crashPoints / 60));
            result = runCqp(work.path(), {logicalDate, "run"}, {{"CQP_CRASH_AT", std::to_string(at(random))}});
        } else {
            std::uniform_int_distribution<int> ms(30, 400);
            result = runCqp(work.path(), {logicalDate, "run"}, {}, ms(random));
        }
        if (result.exitCode == 0 || result.exitCode == 1)
            break;  // it finished before the crash came: nothing left to kill
        ++outcome.kills;
        outcome.inWindow += result.err.find("(mail accepted): killed") != std::string::npos || outcome.kills % 2 == 0;
    }
    const auto last = runCqp(work.path(), {logicalDate, "run"}, {{"CQP_CRASH_COUNT", "1"}});
    EXPECT_TRUE(last.exitCode == 0 || last.exitCode == 1) << last.err;
    if (const auto at = last.err.find("crash points passed: "); at != std::string::npos)
        outcome.crashPoints = std::stoi(last.err.substr(at + 21));
    // A further run finds nothing to do.
    const auto again = runCqp(work.path(), {logicalDate, "run"});
    std::istringstream summary{again.out.substr(again.out.find("\nfetch") + 1)};
    std::string stage;
    int processed = -1;
    summary >> stage >> processed;
    EXPECT_EQ(processed, 0) << again.out;

    // The Message-ID holds the outbox row and a hash of its creation time (different in two
    // scenarios): the row, the recipients and the subject say which mail it is.
    std::set<std::string> messageIds;
    for (const auto& raw : smtp.messages()) {
        const auto messageId = headerOf(raw, "Message-ID");
        outcome.delivered.insert(messageId.substr(0, messageId.find('.', 5)) + " | " + headerOf(raw, "To") + " | " +
                                 headerOf(raw, "Subject"));
        outcome.doubled += !messageIds.insert(messageId).second;
    }
    const auto& store = branch.location();
    for (const char* sql : {
             "SELECT id, candidate_id, certificate_code, status FROM candidatures ORDER BY id",
             "SELECT id, nom_naissance, account_id FROM candidates ORDER BY id",
             "SELECT candidature_id, from_status, to_status, rule, actor FROM status_history ORDER BY id",
             "SELECT id, sha256, state, sender FROM received_mail ORDER BY id",
             "SELECT id, kind, candidature_id, recipient, subject, state, attempts FROM outbox ORDER BY id",
             // PDFs made by cqp carry their creation time: their bytes differ from run to run. The
             // searchable PDF of two identical scans read within the same second is one document
             // (same bytes): how many there are depends on timing, so they are left out, and the
             // documents made after them are compared by name.
             "SELECT CASE WHEN media_type = 'application/pdf' THEN '' ELSE sha256 END, media_type, file_name FROM documents"
             " WHERE file_name NOT LIKE '%.ocr.pdf' ORDER BY file_name, 1",
             "SELECT l.candidate_id, d.file_name, l.kind FROM candidate_documents l JOIN documents d ON d.id = l.document_id"
             " WHERE d.file_name NOT LIKE '%.ocr.pdf' ORDER BY 1, 2, 3",
             "SELECT l.candidature_id, d.file_name, l.kind FROM candidature_documents l JOIN documents d ON d.id = l.document_id"
             " WHERE d.file_name NOT LIKE '%.ocr.pdf' ORDER BY 1, 2, 3",
             "SELECT candidature_id, evaluation_date FROM evaluations ORDER BY 1",
             "SELECT candidature_id, competence_code, acquired FROM evaluation_results ORDER BY 1, 2",
             "SELECT id, sha256, kind, candidature_id FROM submissions ORDER BY id",
             "SELECT id, document_id, state, outcome FROM scan_queue ORDER BY id",
             "SELECT r.id, r.candidature_id, d.file_name, r.reason, r.state FROM reviews r JOIN documents d ON d.id = r.document_id ORDER BY r.id",
             "SELECT kind, COUNT(*) FROM invitations GROUP BY kind ORDER BY kind",  // tokens are random
         })
        outcome.store += std::string{sql} + "\n" + rawQuery(store, sql);
    return outcome;
}

}  // namespace

TEST(CrashSafety, ThirtyKillsEndWhereAnUninterruptedRunEnds)
{
    std::vector<std::string> messages;
    {
        Branch branch;
        branch.createCandidature();
        messages = corpus(branch);
    }
    ASSERT_EQ(messages.size(), 300u);
    const auto reference = scenario(messages, 0, 0, 1);
    ASSERT_GT(reference.crashPoints, 300);
    const auto crashed = scenario(messages, 30, reference.crashPoints, 20261128);
    EXPECT_EQ(crashed.kills, 30);

    // The same store, row for row.
    if (crashed.store != reference.store) {
        // Beside the test program (build/tests), for `diff`.
        writeFile(std::filesystem::current_path() / "crash-safety-reference.txt", reference.store);
        writeFile(std::filesystem::current_path() / "crash-safety-crashed.txt", crashed.store);
    }
    EXPECT_TRUE(crashed.store == reference.store)
        << "diff " << (std::filesystem::current_path() / "crash-safety-reference.txt").string() << " "
        << (std::filesystem::current_path() / "crash-safety-crashed.txt").string();
    // Every mail of the uninterrupted run was received; a mail received twice only where a kill
    // fell between the server's acceptance and the commit (at most one per kill).
    const std::set<std::string> expected(reference.delivered.begin(), reference.delivered.end());
    const std::set<std::string> got(crashed.delivered.begin(), crashed.delivered.end());
    EXPECT_EQ(expected.size(), reference.delivered.size());
    EXPECT_EQ(got, expected);
    const auto doubled = crashed.delivered.size() - got.size();
    EXPECT_EQ(doubled, static_cast<std::size_t>(crashed.doubled));
    EXPECT_EQ(reference.doubled, 0);
    EXPECT_LE(doubled, static_cast<std::size_t>(crashed.inWindow));
    std::printf("crash safety: %zu messages, %d crash points in an uninterrupted run, %d kills (%d at \"mail accepted\" or "
                "timed), %zu mails delivered, %zu delivered twice (acceptance-to-commit window)\n",
                messages.size(), reference.crashPoints, crashed.kills, crashed.inWindow, reference.delivered.size(), doubled);
}
