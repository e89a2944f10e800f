// 50 messages through real servers: dovecot (POP3) in, aiosmtpd (SMTP) out, the real cqp.

#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"

#include "Branch.h"
#include "MailBuilder.h"
#include "MailServers.h"
#include "cqp/inbox/Maildir.h"

#include <gtest/gtest.h>

#include <set>

using namespace cqp;
using namespace cqp::test;

namespace {

struct Corpus {
    std::vector<std::string> messages;
    std::set<std::string> answerable;  // Message-IDs that must get exactly one reply
    int candidates = 0;
};

// 20 valid, 5 malformed, 5 unsigned, 5 mixed (valid + invalid + scan + executable), 5 automatic,
// 5 plain text, 5 scans alone.
Corpus corpus()
{
    Corpus c;
    auto add = [&](const std::string& id, const std::string& raw, bool answerable) {
        c.messages.push_back(raw);
        if (answerable)
            c.answerable.insert(id);
    };
    auto candidat = [&](int n) {
        return signWithXmlsec1("entreprise", Branch::example("03-candidat.xml", {{"MAT-0042", "MAT-" + std::to_string(n)},
                                                                                 {"<nomNaissance>Dupont", "<nomNaissance>Dupont-" + std::to_string(n)}}));
    };
    const std::string company = "Service RH <rh@chimie-exemple.fr>";
    for (int i = 0; i < 20; ++i) {
        const std::string id = "valid-" + std::to_string(i) + "@chimie-exemple.fr";
        add(id, buildMessage(company, "Dossier candidat " + std::to_string(i), id, "Bonjour, ci-joint le dossier.",
                             {{"candidat-" + std::to_string(i) + ".xml", "application/xml", candidat(i)}}),
            true);
        ++c.candidates;
    }
    for (int i = 0; i < 5; ++i) {
        const std::string id = "malformed-" + std::to_string(i) + "@chimie-exemple.fr";
        add(id, buildMessage(company, "Candidature", id, "Voici.", {{"c.xml", "application/xml", "<candidature><cqp>FAB</cqpp>"}}), true);
    }
    for (int i = 0; i < 5; ++i) {
        const std::string id = "unsigned-" + std::to_string(i) + "@chimie-exemple.fr";
        add(id, buildMessage(company, "Dossier", id, "Voici.",
                             {{"candidat.xml", "application/xml", Branch::example("03-candidat.xml", {{"MAT-0042", "U-" + std::to_string(i)}})}}),
            true);
    }
    for (int i = 0; i < 5; ++i) {
        const std::string id = "mixed-" + std::to_string(i) + "@chimie-exemple.fr";
        add(id, buildMessage(company, "Envoi groupé", id, "Plusieurs pièces.",
                             {{"bon.xml", "application/xml", candidat(100 + i)},
                              {"mauvais.xml", "application/xml", "<?xml version=\"1.0\"?><x/>"},
                              {"scan.pdf", "application/pdf", "%PDF-1.4 scan " + std::to_string(i)},
                              {"outil.exe", "application/x-msdownload", "MZ\x90"}}),
            true);
        ++c.candidates;
    }
    for (int i = 0; i < 5; ++i) {
        const std::string id = "auto-" + std::to_string(i) + "@chimie-exemple.fr";
        add(id, buildMessage(company, "Absence du bureau", id, "Je suis absent.", {}, {{"Auto-Submitted", "auto-replied"}}), false);
    }
    for (int i = 0; i < 5; ++i) {
        const std::string id = "text-" + std::to_string(i) + "@exemple.fr";
        // An address no account knows gets one reply a day, whatever it sends.
        add(id, buildMessage("Jean Martin <jean.martin@exemple.fr>", "Question", id, "Comment s'inscrire ?"), i == 0);
    }
    for (int i = 0; i < 5; ++i) {
        const std::string id = "scan-" + std::to_string(i) + "@chimie-exemple.fr";
        add(id, buildMessage(company, "Scan", id, "Le scan.", {{"outil4-" + std::to_string(i) + ".pdf", "application/pdf",
                                                                 "%PDF-1.4 outil 4 n" + std::to_string(i)}}),
            true);
    }
    return c;
}

void expectDelivered(const SmtpServer& smtp, const Corpus& c, Branch& branch)
{
    const auto received = smtp.messages();
    std::multiset<std::string> inReplyTo;
    std::set<std::string> ids;
    int workflow = 0;
    for (const auto& raw : received) {
        const std::string reply = headerOf(raw, "In-Reply-To");
        ids.insert(headerOf(raw, "Message-ID"));
        EXPECT_NE(headerOf(raw, "Auto-Submitted"), "");  // robots must not answer us
        if (reply.empty())
            ++workflow;
        else
            inReplyTo.insert(reply.substr(1, reply.size() - 2));
    }
    EXPECT_EQ(ids.size(), received.size()) << "a mail was sent twice";
    // Exactly one reply per message that deserves one, none to the automatic ones.
    EXPECT_EQ(inReplyTo.size(), c.answerable.size());
    EXPECT_EQ(std::set<std::string>(inReplyTo.begin(), inReplyTo.end()), c.answerable);
    // Workflow mails: one invitation per new candidate (the example invites the candidate),
    // the three account letters of the fixture's account requests, and the statistics of the
    // month before (when the fixture's accounts were opened).
    EXPECT_EQ(workflow, c.candidates + 3 + 1);
    // Everything queued was sent, and by Message-ID exactly what the outbox holds.
    EXPECT_TRUE(branch.store().mail().inState(pipeline::OutboxState::Pending).empty());
    EXPECT_EQ(static_cast<std::size_t>(countRows(branch.location(), "outbox")), received.size());
    EXPECT_EQ(countRows(branch.location(), "candidates"), c.candidates);
    EXPECT_EQ(countRows(branch.location(), "received_mail"), 50);
    EXPECT_EQ(branch.store().mail().countReceivedInState(pipeline::ReceivedState::Quarantined), 5);
    EXPECT_EQ(branch.store().mail().countReceivedInState(pipeline::ReceivedState::Ignored), 5);
    // The ten scans went to the scan stage, which could not read them (they are not real scans):
    // each is left to the secretariat as a review, none is lost; the five that came with a
    // candidate's XML are filed in that candidate's dossier all the same.
    EXPECT_EQ(branch.store().mail().countScansPending(), 0);
    EXPECT_EQ(countRows(branch.location(), "reviews"), 10);
    EXPECT_EQ(countRows(branch.location(), "candidate_documents"), 5);
}

class MailEndToEnd : public ::testing::Test {
protected:
    Branch branch;
    TempDir work;
    SmtpServer smtp;

    void configure(const std::string& inbox)
    {
        writeFile(work / "pop3.password", std::string{Pop3Server::password} + "\n");
        writeFile(work / "cqp.properties", "store = sqlite:" + branch.location().target + "\ninbox = " + inbox +
                                               "\ninbox.pop3.user = cqp\ninbox.pop3.password_file = " + (work / "pop3.password").string() +
                                               "\noutbox = smtp:127.0.0.1:" + std::to_string(smtp.port()) +
                                               "\nmail.from = Secrétariat des CQP <cqp@branche.example>\nmail.domain = branche.example\n");
    }
};

}  // namespace

TEST_F(MailEndToEnd, FiftyMessagesFromPop3ToSmtpAndNothingTwice)
{
    Pop3Server pop3;
    const auto c = corpus();
    for (const auto& raw : c.messages)
        pop3.deliver(raw);
    configure("pop3:127.0.0.1:" + std::to_string(pop3.port()));
    const auto run = runCqp(work.path(), {"--date=2026-12-03", "run"});
    EXPECT_EQ(run.exitCode, 1) << run.out << run.err;  // some inputs were rejected
    EXPECT_TRUE(run.out.find("fetch              50") != std::string::npos) << run.out;
    expectDelivered(smtp, c, branch);
    EXPECT_EQ(pop3.count(), 0u);  // deleted once committed

    const auto sentBefore = smtp.messages().size();
    for (int i = 0; i < 2; ++i)
        pop3.deliver(c.messages[static_cast<std::size_t>(i)]);  // the same messages again
    const auto again = runCqp(work.path(), {"--date=2026-12-03", "run"});
    EXPECT_EQ(smtp.messages().size(), sentBefore) << again.out;
    EXPECT_EQ(countRows(branch.location(), "received_mail"), 50);
}

TEST_F(MailEndToEnd, FiftyMessagesFromAMaildirToSmtpAndNothingTwice)
{
    const auto c = corpus();
    configure("maildir:" + (work / "inbox").string());
    ASSERT_EQ(runCqp(work.path(), {"init"}).exitCode, 0);
    for (std::size_t i = 0; i < c.messages.size(); ++i)
        writeFile(work / "inbox/new" / (std::to_string(1800000000 + i) + ".M" + std::to_string(i) + ".test"), c.messages[i]);
    const auto run = runCqp(work.path(), {"--date=2026-12-03", "run"});
    EXPECT_EQ(run.exitCode, 1) << run.out << run.err;
    expectDelivered(smtp, c, branch);
    EXPECT_TRUE(inbox::Maildir{work / "inbox"}.waiting().empty());
    const auto sentBefore = smtp.messages().size();
    const auto again = runCqp(work.path(), {"--date=2026-12-03", "run"});
    EXPECT_EQ(again.exitCode, 0) << again.out;
    EXPECT_EQ(smtp.messages().size(), sentBefore);
}
