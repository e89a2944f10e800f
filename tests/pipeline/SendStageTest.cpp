// The send stage against real SMTP servers and the spool folder.

#include "cqp/outbox/Letters.h"
#include "cqp/outbox/Spool.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/stages/SendStage.h"
#include "cqp/cli/Settings.h"
#include "cqp/repositories/Store.h"
#include "cqp/workflow/Workflow.h"

#include "Branch.h"
#include "MailBuilder.h"
#include "MailServers.h"

#include <gtest/gtest.h>

using namespace cqp;
using namespace cqp::pipeline;
using namespace cqp::test;

namespace {

class SendStageTest : public ::testing::Test {
protected:
    Branch branch;
    MailSettings mail;
    rules::Date today = *rules::Date::parseIso("2026-12-03");

    Id queue(const std::string& to, const std::string& subject)
    {
        Id id = 0;
        branch.store().transaction([&] {
            id = Workflow{branch.store(), branch.referential, rules::Deadlines{}, today}.queue(
                "test", std::nullopt, to, outbox::Letter{subject, "Bonjour,\nÉvaluation terminée.\n.\nUne ligne avec un point seul au-dessus.\n"});
        });
        return id;
    }

    StageReport send()
    {
        StageContext context{branch.store(), branch.referential, rules::Deadlines{}, today, &mail};
        return SendStage{}.run(context);
    }
};

}  // namespace

TEST_F(SendStageTest, DeliversOverSmtpOnceWithADeterministicMessageId)
{
    SmtpServer smtp;
    mail.outbox = MailSettings::Outbox::Smtp;
    mail.smtp.port = smtp.port();
    mail.domain = "branche.example";
    const auto before = branch.store().mail().inState(OutboxState::Pending).size();
    const Id id = queue("rh@chimie-exemple.fr, direction@chimie-exemple.fr", "Résultat du jury");
    const auto report = send();
    EXPECT_EQ(report.mailsSent, static_cast<int>(before + 1));
    const auto received = smtp.messages();
    ASSERT_EQ(received.size(), before + 1);
    const auto& last = received.back();
    EXPECT_NE(headerOf(last, "Message-ID").find("<cqp." + std::to_string(id) + "."), std::string::npos);
    EXPECT_EQ(headerOf(last, "Auto-Submitted"), "auto-generated");
    EXPECT_NE(last.find("=C3=89valuation termin=C3=A9e"), std::string::npos);  // quoted-printable UTF-8
    EXPECT_NE(last.find("\n.\n"), std::string::npos) << "the lone dot must survive dot-stuffing";
    EXPECT_EQ(branch.store().mail().outgoing(id)->state, OutboxState::Sent);
    EXPECT_EQ(send().mailsSent, 0);  // sent mails are never sent again
    EXPECT_EQ(smtp.messages().size(), before + 1);
}

TEST_F(SendStageTest, TemporaryFailuresAreRetriedPermanentOnesRecorded)
{
    SmtpServer smtp{true};
    mail.outbox = MailSettings::Outbox::Smtp;
    mail.smtp.port = smtp.port();
    for (const auto& m : branch.store().mail().inState(OutboxState::Pending))
        branch.store().mail().markSent(m.id, "2026-12-01T00:00:00Z");  // the fixture's letters: out of the way
    const Id refused = queue("refuse@chimie-exemple.fr", "A");
    const Id later = queue("later@chimie-exemple.fr", "B");
    const Id good = queue("ok@chimie-exemple.fr", "C");
    send();
    EXPECT_EQ(branch.store().mail().outgoing(refused)->state, OutboxState::Failed);
    EXPECT_NE(branch.store().mail().outgoing(refused)->lastError.find("550"), std::string::npos);
    const auto retry = branch.store().mail().outgoing(later);
    EXPECT_EQ(retry->state, OutboxState::Pending);
    EXPECT_EQ(retry->attempts, 1);
    EXPECT_NE(retry->lastError.find("451"), std::string::npos);
    EXPECT_GT(retry->nextAttemptAt, utcTimestamp());  // backed off
    // The stage stopped at the temporary failure; the next run goes on with the rest.
    send();
    EXPECT_EQ(branch.store().mail().outgoing(good)->state, OutboxState::Sent);
    EXPECT_EQ(branch.store().mail().outgoing(later)->attempts, 1);  // not due yet
    EXPECT_EQ(smtp.messages().size(), 1u);
}

TEST_F(SendStageTest, ARefusedConnectionIsATemporaryFailure)
{
    mail.outbox = MailSettings::Outbox::Smtp;
    const ReservedPort nobody;  // held, and nobody listens there
    mail.smtp.port = nobody.port();
    const Id id = queue("rh@chimie-exemple.fr", "A");
    for (const auto& m : branch.store().mail().inState(OutboxState::Pending))
        if (m.id != id)
            branch.store().mail().markSent(m.id, "2026-12-01T00:00:00Z");
    send();
    const auto row = branch.store().mail().outgoing(id);
    EXPECT_EQ(row->state, OutboxState::Pending);
    EXPECT_EQ(row->attempts, 1);
    EXPECT_FALSE(row->lastError.empty());
}

TEST_F(SendStageTest, TheSpoolGetsEachMailOnceAsAnEmlFile)
{
    TempDir dir;
    mail.outbox = MailSettings::Outbox::Spool;
    mail.outboxSpool = dir / "outbox";
    queue("rh@chimie-exemple.fr", "Résultat");
    const auto pending = branch.store().mail().inState(OutboxState::Pending).size();
    EXPECT_EQ(send().mailsSent, static_cast<int>(pending));
    const outbox::Spool spool{dir / "outbox"};
    ASSERT_EQ(spool.messages().size(), pending);
    EXPECT_EQ(send().mailsSent, 0);
    EXPECT_EQ(spool.messages().size(), pending);
    bool found = false;
    for (const auto& file : spool.messages())
        found = found || readFile(file).find("Subject: =?UTF-8?B?UsOpc3VsdGF0?=") != std::string::npos;
    EXPECT_TRUE(found) << "the subject is an RFC 2047 word";
}

TEST_F(SendStageTest, TheSecretariatListsTheOutboxAndSendsAMailAgain)
{
    // Issue 14, item 7: the outbox without SQL, and a mail sent again from the command line.
    SmtpServer smtp{true};
    for (const auto& m : branch.store().mail().inState(OutboxState::Pending))
        branch.store().mail().markSent(m.id, "2026-12-01T00:00:00Z");  // the fixture's letters: out of the way
    const Id refused = queue("refuse@chimie-exemple.fr", "Compte ouvert");
    const Id good = queue("ok@chimie-exemple.fr", "Résultat du jury");
    TempDir dir;
    writeFile(dir / "cqp.properties", "store = " + branch.location().describe() + "\noutbox = smtp:127.0.0.1:" +
                                          std::to_string(smtp.port()) + "\n");
    ASSERT_EQ(runCqp(dir.path(), {"--date=2026-12-03", "run", "--only=send"}).exitCode, 1);  // one refused for good
    ASSERT_EQ(smtp.messages().size(), 1u);

    const auto failed = runCqp(dir.path(), {"mail", "list", "--state=failed"});
    EXPECT_EQ(failed.exitCode, 0) << failed.err;
    EXPECT_TRUE(contains(failed.out, std::to_string(refused) + " ")) << failed.out;
    EXPECT_TRUE(contains(failed.out, "03/12/2026  échec")) << failed.out;
    EXPECT_TRUE(contains(failed.out, "refuse@chimie-exemple.fr  « Compte ouvert »  1 essai(s) : ")) << failed.out;
    EXPECT_TRUE(contains(failed.out, "550 5.1.1")) << failed.out;
    EXPECT_TRUE(contains(failed.out, "1 courriel(s)")) << failed.out;
    const auto toGood = runCqp(dir.path(), {"mail", "list", "--to=OK@chimie"});
    EXPECT_TRUE(contains(toGood.out, "envoyé")) << toGood.out;
    EXPECT_TRUE(contains(toGood.out, "ok@chimie-exemple.fr  « Résultat du jury »  envoyé le 20")) << toGood.out;
    EXPECT_FALSE(contains(toGood.out, "refuse@")) << toGood.out;
    EXPECT_EQ(runCqp(dir.path(), {"mail", "list", "--state=lost"}).exitCode, 2);

    // The failed one is tried again (still refused: the server says so again); the sent one
    // goes once more as a copy, with the same subject and body.
    const auto again = runCqp(dir.path(), {"mail", "resend", std::to_string(refused)});
    EXPECT_EQ(again.exitCode, 0) << again.err;
    EXPECT_EQ(branch.store().mail().outgoing(refused)->state, OutboxState::Pending);
    EXPECT_EQ(branch.store().mail().outgoing(refused)->attempts, 0);
    const auto copy = runCqp(dir.path(), {"mail", "resend", std::to_string(good)});
    EXPECT_EQ(copy.exitCode, 0) << copy.err;
    EXPECT_TRUE(contains(copy.out, "une copie est à envoyer")) << copy.out;
    EXPECT_EQ(runCqp(dir.path(), {"mail", "resend", std::to_string(refused)}).exitCode, 1);  // already waiting
    EXPECT_EQ(runCqp(dir.path(), {"mail", "resend", "999"}).exitCode, 2);
    runCqp(dir.path(), {"--date=2026-12-04", "run", "--only=send"});
    ASSERT_EQ(smtp.messages().size(), 2u);
    EXPECT_EQ(headerOf(smtp.messages().back(), "Subject"), headerOf(smtp.messages().front(), "Subject"));
    EXPECT_EQ(branch.store().mail().outgoing(refused)->state, OutboxState::Failed);
}
