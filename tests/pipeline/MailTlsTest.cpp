// Issue 12, item 13: mail transport under TLS with certificate checks and authentication,
// against dovecot (POP3 with STLS, POP3S) and aiosmtpd (STARTTLS, SMTPS) configured by the test
// with a CA and certificates it makes.

#include "cqp/outbox/Letters.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/stages/FetchStage.h"
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

rules::Date d(const char* iso) { return *rules::Date::parseIso(iso); }

class MailTls : public ::testing::Test {
protected:
    TempDir certificates;
    TlsFiles tls = makeTlsFiles(certificates.path());
    Branch branch;

    StageReport fetch(const MailSettings& mail)
    {
        StageContext context{branch.store(), branch.referential, rules::Deadlines{}, d("2026-12-03"), &mail};
        return FetchStage{}.run(context);
    }

    StageReport send(const MailSettings& mail)
    {
        StageContext context{branch.store(), branch.referential, rules::Deadlines{}, d("2026-12-03"), &mail};
        return SendStage{}.run(context);
    }

    MailSettings pop3(int port, inbox::Pop3Settings::Tls mode, const std::string& password = Pop3Server::password)
    {
        MailSettings mail;
        mail.inbox = MailSettings::Inbox::Pop3;
        mail.pop3.port = port;
        mail.pop3.tls = mode;
        mail.pop3.caFile = tls.ca.string();
        mail.pop3.user = Pop3Server::user;
        mail.pop3.password = password;
        return mail;
    }

    MailSettings smtp(int port, outbox::SmtpSettings::Tls mode, const std::string& password = SmtpServer::password)
    {
        MailSettings mail;
        mail.outbox = MailSettings::Outbox::Smtp;
        mail.smtp.port = port;
        mail.smtp.tls = mode;
        mail.smtp.caFile = tls.ca.string();
        mail.smtp.user = SmtpServer::user;
        mail.smtp.password = password;
        mail.domain = "branche.example";
        return mail;
    }

    std::string lastFailure()
    {
        const auto failures = branch.store().failuresSince("2026-01-01");
        return failures.empty() ? std::string{} : failures.back().reason;
    }
};

}  // namespace

TEST_F(MailTls, Pop3WithStlsAndWithImplicitTls)
{
    Pop3Server server{tls.cert, tls.key};
    server.deliver(buildMessage("rh@chimie-exemple.fr", "Question", "stls@x", "Bonjour"));
    auto report = fetch(pop3(server.port(), inbox::Pop3Settings::Tls::Stls));
    EXPECT_EQ(report.failed, 0) << lastFailure();
    EXPECT_EQ(report.processed, 1);
    server.deliver(buildMessage("rh@chimie-exemple.fr", "Question", "pop3s@x", "Bonjour"));
    report = fetch(pop3(server.tlsPort(), inbox::Pop3Settings::Tls::Implicit));
    EXPECT_EQ(report.failed, 0) << lastFailure();
    EXPECT_EQ(report.processed, 1);
    EXPECT_EQ(server.count(), 0u);
}

TEST_F(MailTls, Pop3RefusesAWrongCertificateAnUnknownCaAndAWrongPassword)
{
    Pop3Server wrong{tls.wrongCert, tls.wrongKey};
    wrong.deliver(buildMessage("rh@chimie-exemple.fr", "Question", "wrong@x", "Bonjour"));
    auto report = fetch(pop3(wrong.tlsPort(), inbox::Pop3Settings::Tls::Implicit));
    EXPECT_EQ(report.failed, 1);
    EXPECT_EQ(report.processed, 0);
    EXPECT_TRUE(contains(lastFailure(), "boîte POP3 injoignable")) << lastFailure();
    EXPECT_EQ(wrong.count(), 1u);  // nothing taken

    Pop3Server good{tls.cert, tls.key};
    good.deliver(buildMessage("rh@chimie-exemple.fr", "Question", "ca@x", "Bonjour"));
    auto systemCas = pop3(good.tlsPort(), inbox::Pop3Settings::Tls::Implicit);
    systemCas.pop3.caFile.clear();  // the test's CA is not one of the system's
    EXPECT_EQ(fetch(systemCas).failed, 1);
    EXPECT_EQ(fetch(pop3(good.port(), inbox::Pop3Settings::Tls::Stls, "wrong-password")).failed, 1);
    EXPECT_EQ(good.count(), 1u);
}

TEST_F(MailTls, SmtpWithStartTlsAndWithImplicitTlsAndAuth)
{
    for (const auto& [mode, tlsMode] : {std::pair{std::string{"starttls"}, outbox::SmtpSettings::Tls::StartTls},
                                        std::pair{std::string{"implicit"}, outbox::SmtpSettings::Tls::Implicit}}) {
        SmtpServer server{mode, tls.cert, tls.key};
        branch.store().transaction([&] {
            Workflow{branch.store(), branch.referential, rules::Deadlines{}, d("2026-12-03")}.queue(
                "test", std::nullopt, "rh@chimie-exemple.fr", outbox::Letter{"Essai " + mode, "Bonjour,\nun essai.\n"});
        });
        const auto pending = branch.store().mail().inState(OutboxState::Pending).size();
        const auto report = send(smtp(server.port(), tlsMode));
        EXPECT_EQ(report.failed, 0) << mode << ": " << lastFailure();
        std::string errors;
        for (const auto& m : branch.store().mail().inState(OutboxState::Failed))
            errors += m.lastError + "\n";
        EXPECT_EQ(report.mailsSent, static_cast<int>(pending)) << mode << ": " << lastFailure() << errors;
        EXPECT_EQ(server.messages().size(), pending) << mode;
    }
}

TEST_F(MailTls, SmtpRefusesAWrongCertificateAndAWrongPasswordAndKeepsTheMail)
{
    branch.store().transaction([&] {
        Workflow{branch.store(), branch.referential, rules::Deadlines{}, d("2026-12-03")}.queue(
            "test", std::nullopt, "rh@chimie-exemple.fr", outbox::Letter{"Essai", "Bonjour.\n"});
    });
    const auto pending = branch.store().mail().inState(OutboxState::Pending).size();
    {
        SmtpServer wrong{"implicit", tls.wrongCert, tls.wrongKey};
        const auto report = send(smtp(wrong.port(), outbox::SmtpSettings::Tls::Implicit));
        EXPECT_EQ(report.failed, 1);
        EXPECT_EQ(report.mailsSent, 0);
        EXPECT_TRUE(wrong.messages().empty());
        EXPECT_TRUE(contains(lastFailure(), "serveur d'envoi injoignable ou refusé")) << lastFailure();
    }
    {
        SmtpServer good{"starttls", tls.cert, tls.key};
        // aiosmtpd never answers a failed AUTH (it lets the client time out): a short timeout.
        auto settings = smtp(good.port(), outbox::SmtpSettings::Tls::StartTls, "wrong-password");
        settings.smtp.timeoutSeconds = 2;
        const auto report = send(settings);
        EXPECT_EQ(report.failed, 1);
        EXPECT_TRUE(good.messages().empty());
    }
    // Nothing was lost: every mail waits for the next attempt.
    EXPECT_EQ(branch.store().mail().inState(OutboxState::Pending).size(), pending);
    EXPECT_TRUE(branch.store().mail().inState(OutboxState::Failed).empty());
}

// A mailbox that only offers IMAP is fed into the Maildir by mbsync (Debian's isync), as the
// README says; `cqp run` then takes the messages like any delivered by an MDA.
TEST(MailImap, MbsyncFeedsTheMaildirFromAnImapMailbox)
{
    Pop3Server imap{Pop3Server::WithImap{}};
    imap.deliver(buildMessage("Jean <jean@exemple.fr>", "Question par IMAP", "imap-1@x", "Bonjour"));
    imap.deliver(buildMessage("Paul <paul@exemple.fr>", "Autre question", "imap-2@x", "Bonjour"));
    TempDir dir;
    ASSERT_EQ(runCqp(dir.path(), {"init"}).exitCode, 0);
    writeFile(dir / "mbsyncrc", "IMAPAccount branche\nHost 127.0.0.1\nPort " + std::to_string(imap.imapPort()) +
                                    "\nUser cqp\nPass " + Pop3Server::password +
                                    "\nSSLType None\nAuthMechs LOGIN\n\nIMAPStore branche-remote\nAccount branche\n\n"
                                    "MaildirStore cqp-local\nPath " + (dir / "var/mbsync").string() + "/\nInbox " +
                                    (dir / "var/inbox").string() +
                                    "\n\nChannel branche\nFar :branche-remote:\nNear :cqp-local:\nPatterns INBOX\nCreate Near\n"
                                    "Sync Pull\nExpunge None\nSyncState " + (dir / "var/mbsync-state").string() + "/\n");
    const std::string sync = "mbsync -c '" + (dir / "mbsyncrc").string() + "' branche 2>&1";
    std::filesystem::create_directories(dir / "var/mbsync");
    std::filesystem::create_directories(dir / "var/mbsync-state");
    const std::string output = shell(sync);
    std::size_t arrived = 0;
    for (const char* sub : {"new", "cur"})
        for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir / "var/inbox" / sub))
            ++arrived;
    ASSERT_EQ(arrived, 2u) << output;
    const auto run = runCqp(dir.path(), {"--date=2026-12-03", "run"});
    const auto list = runCqp(dir.path(), {"inbox", "list"}).out;
    EXPECT_TRUE(contains(list, "Question par IMAP")) << list << run.out << run.err;
    EXPECT_TRUE(contains(list, "Autre question")) << list;
    shell(sync);  // a second pass brings nothing twice
    runCqp(dir.path(), {"--date=2026-12-03", "run"});
    EXPECT_EQ(runCqp(dir.path(), {"inbox", "list"}).out, list);
}
