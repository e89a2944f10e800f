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
