// Issue 12: the attacks an outside test found, replayed on the real binary and the real stages.
// Each test names the item of the issue it guards.

#include "cqp/outbox/Letters.h"
#include "cqp/stages/MailSettings.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/workflow/MailIntake.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/stages/FetchStage.h"
#include "cqp/stages/SendStage.h"
#include "cqp/stages/IngestStage.h"
#include "cqp/repositories/Store.h"
#include "cqp/repositories/SubmissionRepository.h"
#include "cqp/workflow/Workflow.h"

#include "Branch.h"
#include "MailBuilder.h"
#include "MailServers.h"

#include <Poco/Net/MessageHeader.h>

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <sstream>
#include <thread>

using namespace cqp;
using namespace cqp::pipeline;
using namespace cqp::test;
using Status = SubmissionOutcome::Status;

namespace {

rules::Date d(const char* iso) { return *rules::Date::parseIso(iso); }

// Every line of a raw message, CRLF-split; fails the test on a bare LF or CR.
std::vector<std::string> crlfLines(const std::string& raw)
{
    std::vector<std::string> out;
    std::string line;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') {
            out.push_back(line);
            line.clear();
            ++i;
        } else {
            EXPECT_TRUE(raw[i] != '\r' && raw[i] != '\n') << "bare line break at " << i;
            line += raw[i];
        }
    }
    out.push_back(line);
    return out;
}

void expectNoInjectedHeader(const std::string& raw)
{
    const auto lines = crlfLines(raw);
    bool inHeader = true;
    for (const auto& line : lines) {
        if (line.empty())
            inHeader = false;
        if (inHeader) {
            EXPECT_LE(line.size(), 78u) << line;
            EXPECT_NE(line.rfind("Bcc:", 0), 0u) << line;
            EXPECT_NE(line.rfind("X-Injected:", 0), 0u) << line;
        }
        EXPECT_LE(line.size(), 998u);
    }
}

std::string decodedSubject(const std::string& raw)
{
    std::istringstream in{raw};
    Poco::Net::MessageHeader header;
    header.read(in);
    return Poco::Net::MessageHeader::decodeWord(header.get("Subject"));
}

constexpr const char* injectedSubject = "=?utf-8?q?Bonjour=0D=0ABcc:_victim@evil.example=0D=0AX-Injected:_1?=";

}  // namespace

// Item 1: a received subject with CR LF, through `cqp run` from a Maildir to the spool.
TEST(IntakeSecurity, AnInjectedSubjectAddsNoHeaderToTheReplyInTheSpool)
{
    TempDir dir;
    ASSERT_EQ(runCqp(dir.path(), {"init"}).exitCode, 0);
    writeFile(dir / "var/inbox/new/1.M1.test", std::string{"From: Jean Martin <jean.martin@exemple.fr>\r\nSubject: "} +
                                                   injectedSubject + "\r\nMessage-ID: <inj@exemple.fr>\r\n\r\nBonjour\r\n");
    writeFile(dir / "var/inbox/new/2.M2.test", "From: Paul <paul@exemple.fr>\r\nSubject: " + std::string(994, 'x') +
                                                   "\r\nMessage-ID: <long@exemple.fr>\r\n\r\nBonjour\r\n");
    const auto run = runCqp(dir.path(), {"--date=2026-12-03", "run"});
    EXPECT_EQ(run.exitCode, 1) << run.err;
    int replies = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir / "var/outbox")) {
        const std::string raw = readFile(entry.path());
        expectNoInjectedHeader(raw);
        const std::string subject = decodedSubject(raw);
        if (contains(subject, "Bonjour")) {
            ++replies;
            EXPECT_EQ(subject, "Re: Bonjour Bcc: victim@evil.example X-Injected: 1");
            EXPECT_EQ(headerOf(raw, "To"), "jean.martin@exemple.fr");
        }
    }
    EXPECT_EQ(replies, 1);
    // The secretariat's terminal gets no control character from the subjects either.
    const auto list = runCqp(dir.path(), {"quarantine", "list"});
    EXPECT_TRUE(contains(list.out, "Bonjour Bcc: victim@evil.example X-Injected: 1")) << list.out;
    for (const char c : list.out + runCqp(dir.path(), {"quarantine", "show", "1"}).out)
        EXPECT_TRUE(c == '\n' || c == '\t' || static_cast<unsigned char>(c) >= 0x20) << static_cast<int>(c);
}

// Item 1: a 994-character subject and an escape sequence reach a real SMTP server, which takes
// the reply (no 500 "Line too long"); the server sees no added header.
TEST(IntakeSecurity, AReplyWithAVeryLongSubjectIsTakenByARealSmtpServer)
{
    Branch branch;
    SmtpServer smtp;
    MailSettings mail;
    mail.outbox = MailSettings::Outbox::Smtp;
    mail.smtp.port = smtp.port();
    branch.store().transaction([&] {
        Workflow{branch.store(), branch.referential, rules::Deadlines{}, d("2026-12-03")}.queue(
            "reply", std::nullopt, "rh@chimie-exemple.fr",
            outbox::messageReply(std::string(994, 'y'), {{"Question\r\nBcc: victim@evil.example", {"\x1b[2Jligne"}}}));
        Workflow{branch.store(), branch.referential, rules::Deadlines{}, d("2026-12-03")}.queue(
            "reply", std::nullopt, "rh@chimie-exemple.fr", outbox::messageReply("Bonjour\r\nBcc: victim@evil.example", {}));
    });
    const auto before = branch.store().mail().inState(OutboxState::Pending).size();
    StageContext context{branch.store(), branch.referential, rules::Deadlines{}, d("2026-12-03"), &mail};
    const auto report = SendStage{}.run(context);
    EXPECT_EQ(report.mailsSent, static_cast<int>(before));
    EXPECT_EQ(report.rejected, 0);
    const auto received = smtp.messages();
    ASSERT_EQ(received.size(), before);
    for (const auto& raw : received) {
        const std::string header = raw.substr(0, raw.find("\n\n") == std::string::npos ? raw.find("\r\n\r\n") : raw.find("\n\n"));
        EXPECT_FALSE(contains(header, "\nBcc:")) << header;
        EXPECT_FALSE(contains(raw, "\x1b"));
        EXPECT_TRUE(contains(raw, "Auto-Submitted: auto-"));
    }
}

namespace {

// Messages through the real intake, then the real ingest stage (a message with scans is
// answered once they are read).
class Backscatter : public ::testing::Test {
protected:
    Branch branch;
    MailSettings settings;
    const char* day = "2026-12-03";

    Backscatter() { settings.domain = "branche.example"; }

    IntakeResult deliver(const std::string& raw, const char* on = nullptr)
    {
        MailIntake intake{branch.store(), branch.referential, rules::Deadlines{}, d(on ? on : day), settings.intake()};
        const auto result = intake.process(raw);
        StageContext context{branch.store(), branch.referential, rules::Deadlines{}, d(on ? on : day), &settings};
        IngestStage{}.run(context);
        return result;
    }

    int repliesTo(Id receivedMailId)
    {
        int n = 0;
        for (const auto& m : branch.store().mail().inState(OutboxState::Pending))
            n += m.reply && m.receivedMailId == receivedMailId;
        return n;
    }

    std::string fate(Id receivedMailId) { return branch.store().mail().received(receivedMailId)->reason; }
};

}  // namespace

// Item 5: robots, lists, automatic mail and answers to our own mail are never answered.
TEST_F(Backscatter, MachinesAndListsAreNeverAnswered)
{
    struct Case {
        std::string from;
        std::vector<std::pair<std::string, std::string>> headers;
        std::string why;
    };
    const std::vector<Case> cases{
        {"noreply@banque.example", {}, "adresse d'expéditeur automatique"},
        {"No-Reply <no-reply@newsletter.example>", {}, "adresse d'expéditeur automatique"},
        {"MAILER-DAEMON@relay.example", {}, "adresse d'expéditeur automatique"},
        {"postmaster@relay.example", {}, "adresse d'expéditeur automatique"},
        {"ne-pas-repondre@impots.example", {}, "adresse d'expéditeur automatique"},
        {"news@shop.example", {{"List-Unsubscribe", "<mailto:u@shop.example>"}}, "liste de diffusion"},
        {"news@shop.example", {{"List-Id", "<promo.shop.example>"}}, "liste de diffusion"},
        {"promo@shop.example", {{"Precedence", "junk"}}, "envoi en nombre"},
        {"promo@shop.example", {{"Precedence", "bulk"}}, "envoi en nombre"},
        {"robot@erp.example", {{"Auto-Submitted", "auto-generated"}}, "réponse automatique"},
        {"absent@chimie-exemple.fr", {{"X-Autoreply", "yes"}}, "réponse automatique"},
        {"claire@chimie-exemple.fr", {{"In-Reply-To", "<cqp.12.0123456789abcdef@branche.example>"}}, "réponse à l'un de nos courriels"},
        {"claire@chimie-exemple.fr", {{"References", "<a@b.example> <cqp.7.00ff@branche.example>"}}, "réponse à l'un de nos courriels"},
        {"<big bug bb@bug.com>", {}, "pas d'adresse d'expéditeur valide"},
        {"a@x.example, b@y.example", {}, "pas d'adresse d'expéditeur valide"},
        {"", {}, "pas d'adresse d'expéditeur valide"},
    };
    int n = 0;
    for (const auto& c : cases) {
        const std::string id = "robot-" + std::to_string(++n) + "@x.example";
        const auto result = deliver(buildMessage(c.from, "Absence", id, "Je suis absent jusqu'au 5.", {}, c.headers));
        EXPECT_EQ(repliesTo(result.receivedMailId), 0) << c.from;
        EXPECT_TRUE(contains(fate(result.receivedMailId), c.why)) << c.from << ": " << fate(result.receivedMailId);
    }
    // A person answering one of our mails with a document is answered.
    const auto withDocument = deliver(buildMessage(
        "rh@chimie-exemple.fr", "Re: Dossier", "answer@x.example", "Voici le dossier.",
        {{"candidat.xml", "application/xml", signWithXmlsec1("entreprise", stamped(Branch::example("03-candidat.xml"), day))}},
        {{"In-Reply-To", "<cqp.12.0123456789abcdef@branche.example>"}}));
    EXPECT_EQ(withDocument.accepted, 1);
    EXPECT_EQ(repliesTo(withDocument.receivedMailId), 1);
}

// Item 5: one reply per message whatever it carries; an unknown address gets one reply a day;
// a known one at most the daily cap.
TEST_F(Backscatter, OneReplyPerMessageOnePerDayToStrangers)
{
    std::vector<Part> pdfs;
    for (int i = 0; i < 20; ++i)
        pdfs.push_back({"scan-" + std::to_string(i) + ".pdf", "application/pdf", "%PDF-1.4 abîmé " + std::to_string(i)});
    const auto many = deliver(buildMessage("inconnu@ailleurs.example", "Vingt scans", "twenty@x", "Ci-joint.", pdfs));
    EXPECT_EQ(repliesTo(many.receivedMailId), 1);
    const auto second = deliver(buildMessage("inconnu@ailleurs.example", "Question", "q2@x", "Encore moi."));
    EXPECT_EQ(repliesTo(second.receivedMailId), 0);
    EXPECT_TRUE(contains(fate(second.receivedMailId), "expéditeur inconnu, déjà une réponse aujourd'hui"));
    const auto nextDay = deliver(buildMessage("inconnu@ailleurs.example", "Question", "q3@x", "Le lendemain."), "2026-12-04");
    EXPECT_EQ(repliesTo(nextDay.receivedMailId), 1);

    settings.replies.perSenderPerDay = 3;
    int answered = 0;
    for (int i = 0; i < 5; ++i)
        answered += repliesTo(deliver(buildMessage("rh@chimie-exemple.fr", "Question", "cap-" + std::to_string(i) + "@x", "?")).receivedMailId);
    EXPECT_EQ(answered, 3);
}

// Item 10: every message has a row and a fate — copies, reused Message-IDs, no sender.
TEST(IntakeSecurity, EveryMessageIsListedWithItsFate)
{
    TempDir dir;
    ASSERT_EQ(runCqp(dir.path(), {"init"}).exitCode, 0);
    const std::string question = "From: Jean Martin <jean.martin@exemple.fr>\r\nSubject: Question\r\nMessage-ID: <same@exemple.fr>\r\n\r\n"
                                 "Comment s'inscrire ?\r\n";
    writeFile(dir / "var/inbox/new/1.M1.test", question);
    writeFile(dir / "var/inbox/new/2.M2.test", question);  // the same bytes, delivered twice
    writeFile(dir / "var/inbox/new/3.M3.test", "Received: from relay.example\r\n" + question);  // through another relay
    writeFile(dir / "var/inbox/new/4.M4.test",  // the same Message-ID, other content, another sender
              "From: Paul <paul@autre.example>\r\nSubject: Autre chose\r\nMessage-ID: <same@exemple.fr>\r\n\r\nAutre.\r\n");
    writeFile(dir / "var/inbox/new/5.M5.test", "Subject: Sans expéditeur\r\nMessage-ID: <nofrom@x>\r\n\r\nQui ?\r\n");
    writeFile(dir / "var/inbox/new/6.M6.test",
              "From: news@shop.example\r\nList-Id: <promo.shop.example>\r\nSubject: Promo\r\nMessage-ID: <promo@x>\r\n\r\n-50 %\r\n");
    const auto run = runCqp(dir.path(), {"--date=2026-12-03", "run"});
    EXPECT_EQ(run.exitCode, 1) << run.out << run.err;
    const auto list = runCqp(dir.path(), {"inbox", "list"});
    EXPECT_EQ(list.exitCode, 0);
    int rows = 0;
    for (const char c : list.out)
        rows += c == '\n';
    EXPECT_EQ(rows, 6) << list.out;
    EXPECT_TRUE(contains(list.out, "doublon")) << list.out;
    EXPECT_TRUE(contains(list.out, "copie identique du message n°1")) << list.out;
    EXPECT_TRUE(contains(list.out, "paul@autre.example  « Autre chose »")) << list.out;
    EXPECT_TRUE(contains(list.out, "pas d'adresse d'expéditeur valide")) << list.out;
    EXPECT_TRUE(contains(list.out, "ignoré")) << list.out;
    EXPECT_TRUE(contains(runCqp(dir.path(), {"inbox", "list", "--state=duplicate"}).out, "copie identique"));
    // Two answers: Jean Martin once, Paul once; no answer to the copies, the list or nobody.
    int mails = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir / "var/outbox"))
        ++mails;
    EXPECT_EQ(mails, 2);
}

// Item 7: a message, a scan or a mail that makes its stage fail is set aside with its reason;
// the others go through, the run exits 1, `cqp status` says it, and the next run is clean —
// whether it fails while applied ("fetch item") or while prepared ahead on a worker thread
// ("fetch prepare", issue 15).
class PoisonMessage : public ::testing::TestWithParam<const char*> {};

TEST_P(PoisonMessage, StopsNothing)
{
    const std::string point = GetParam();
    TempDir dir;
    ASSERT_EQ(runCqp(dir.path(), {"init"}).exitCode, 0);
    for (int i = 1; i <= 3; ++i)
        writeFile(dir / ("var/inbox/new/" + std::to_string(i) + ".M" + std::to_string(i) + ".test"),
                  "From: Jean <jean" + std::to_string(i) + "@exemple.fr>\r\nSubject: Question " + std::to_string(i) +
                      "\r\nMessage-ID: <p" + std::to_string(i) + "@x>\r\n\r\nBonjour\r\n");
    const auto run = runCqp(dir.path(), {"--date=2026-12-03", "run"}, {{"CQP_FAIL_AT", point + ":2"}});
    EXPECT_EQ(run.exitCode, 1) << run.out << run.err;
    EXPECT_TRUE(contains(run.out, "échecs : 1 à l'étape fetch")) << run.out;
    EXPECT_TRUE(std::filesystem::is_empty(dir / "var/inbox/new"));
    const auto list = runCqp(dir.path(), {"inbox", "list"}).out;
    EXPECT_TRUE(contains(list, "erreur interne pendant le traitement : injected failure at " + point + " #2")) << list;
    EXPECT_TRUE(contains(runCqp(dir.path(), {"quarantine", "list"}).out, "jean2@exemple.fr"));
    const auto status = runCqp(dir.path(), {"--date=2026-12-03", "status"});
    EXPECT_EQ(status.exitCode, 1);
    EXPECT_TRUE(contains(status.out, "incident du 03/12/2026, étape fetch")) << status.out;
    // The two other questions were answered; the poisoned one is kept for the secretariat.
    std::size_t mails = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir / "var/outbox"))
        ++mails;
    EXPECT_EQ(mails, 2u);
    const auto again = runCqp(dir.path(), {"--date=2026-12-04", "run"});
    EXPECT_EQ(again.exitCode, 0) << again.out;  // nothing failed again; the quarantined one waits for the secretariat
    EXPECT_FALSE(contains(again.out, "failures:")) << again.out;

    // A mail that cannot be written is retried later, the others go.
    writeFile(dir / "var/inbox/new/4.M4.test", "From: Marc <marc@exemple.fr>\r\nSubject: A\r\nMessage-ID: <p4@x>\r\n\r\nA\r\n");
    writeFile(dir / "var/inbox/new/5.M5.test", "From: Lea <lea@exemple.fr>\r\nSubject: B\r\nMessage-ID: <p5@x>\r\n\r\nB\r\n");
    const auto send = runCqp(dir.path(), {"--date=2026-12-05", "run"}, {{"CQP_FAIL_AT", "send item:1"}});
    EXPECT_TRUE(contains(send.out, "échecs : 1 à l'étape send")) << send.out;
    EXPECT_TRUE(contains(runCqp(dir.path(), {"--date=2026-12-05", "status"}).out, "envois : 1 courriel(s) à envoyer"));
}

INSTANTIATE_TEST_SUITE_P(FetchPoints, PoisonMessage, ::testing::Values("fetch item", "fetch prepare"),
                         [](const ::testing::TestParamInfo<const char*>& point) {
                             return std::string{point.param == std::string{"fetch item"} ? "WhileApplied" : "WhilePrepared"};
                         });

// Item 6: an over-size message is refused from its size, kept aside on disk (not in the
// store), its sender told; the next message goes through.
TEST(IntakeSecurity, AnOverSizeMessageIsKeptAsideUnread)
{
    TempDir dir;
    writeFile(dir / "cqp.properties", "inbox.max_message_bytes = 100000\n");
    ASSERT_EQ(runCqp(dir.path(), {"init"}).exitCode, 0);
    const std::string big = "From: Jean <jean@exemple.fr>\r\nSubject: Gros scan\r\nMessage-ID: <big@x>\r\n"
                            "Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
                            std::string(300000, 'A') + "\r\n";
    writeFile(dir / "var/inbox/new/1.M1.test", big);
    writeFile(dir / "var/inbox/new/2.M2.test", "From: Jean <jean@exemple.fr>\r\nSubject: Petit\r\nMessage-ID: <small@x>\r\n\r\nA\r\n");
    const auto run = runCqp(dir.path(), {"--date=2026-12-03", "run"});
    EXPECT_EQ(run.exitCode, 1) << run.err;
    EXPECT_TRUE(std::filesystem::exists(dir / "var/aside/1.M1.test"));
    EXPECT_EQ(readFile(dir / "var/aside/1.M1.test"), big);
    const auto list = runCqp(dir.path(), {"inbox", "list", "--state=kept_aside"}).out;
    EXPECT_TRUE(contains(list, "mis à part")) << list;
    EXPECT_TRUE(contains(list, "le message fait 293 Ko ; la taille maximale est de 98 Ko")) << list;
    EXPECT_TRUE(contains(list, "var/aside/1.M1.test")) << list;
    const StoreLocation store{StoreLocation::Kind::SQLite, (dir / "var/cqp.db").string()};
    EXPECT_EQ(rawQuery(store, "SELECT COALESCE(LENGTH(raw), 0) FROM received_mail WHERE state = 'kept_aside'"), "0\n");
    bool told = false;
    for (const auto& entry : std::filesystem::directory_iterator(dir / "var/outbox"))
        told = told || contains(readFile(entry.path()), "Gros scan");
    EXPECT_TRUE(told);
}

// Item 8: a POP3 server that cannot be reached shows in the exit code and in `cqp status`.
TEST(IntakeSecurity, AnUnreachablePop3ServerIsAFailure)
{
    TempDir dir;
    const ReservedPort nobody;  // held, and nobody listens there
    writeFile(dir / "cqp.properties",
              "inbox = pop3:127.0.0.1:" + std::to_string(nobody.port()) + "\ninbox.pop3.user = cqp\n");
    ASSERT_EQ(runCqp(dir.path(), {"init"}).exitCode, 0);
    const auto run = runCqp(dir.path(), {"--date=2026-12-03", "run"}, {{"CQP_POP3_PASSWORD", "x"}});
    EXPECT_EQ(run.exitCode, 1) << run.out << run.err;
    EXPECT_TRUE(contains(run.out, "échecs : 1 à l'étape fetch")) << run.out;
    const auto status = runCqp(dir.path(), {"--date=2026-12-03", "status"});
    EXPECT_EQ(status.exitCode, 1);
    EXPECT_TRUE(contains(status.out, "boîte POP3 injoignable")) << status.out;
}

// Item 9: secrets and personal data are created readable by their owner only; tokens hashed.
TEST(IntakeSecurity, SecretsAndPersonalDataAreNotReadableByOthers)
{
    TempDir dir;
    ASSERT_EQ(runCqp(dir.path(), {"init"}).exitCode, 0);
    writeFile(dir / "var/inbox/new/1.M1.test", "From: Jean <jean@exemple.fr>\r\nSubject: Q\r\nMessage-ID: <q@x>\r\n\r\nA\r\n");
    EXPECT_EQ(runCqp(dir.path(), {"--date=2026-12-03", "run"}).exitCode, 1);
    namespace fs = std::filesystem;
    const auto others = fs::perms::group_all | fs::perms::others_all;
    for (const char* path : {"var", "var/cqp.db", "var/parchment.key", "var/outbox", "var/inbox"})
        EXPECT_EQ(fs::status(dir / path).permissions() & others, fs::perms::none) << path;
    for (const auto& entry : fs::directory_iterator(dir / "var/outbox"))
        EXPECT_EQ(fs::status(entry.path()).permissions() & others, fs::perms::none) << entry.path();
    EXPECT_EQ(readFile(dir / "var/parchment.key").size(), 65u);

    Branch branch;
    branch.createCandidature();
    ASSERT_EQ(branch.send("evaluateur", Branch::example("05-invitation-evaluateur-metier.xml"), "2027-01-05").status, Status::Accepted);
    const std::string token = branch.token("metier");
    ASSERT_EQ(token.size(), 32u);
    const auto stored = rawQuery(branch.location(), "SELECT token FROM invitations");
    EXPECT_FALSE(contains(stored, token)) << stored;
    EXPECT_TRUE(contains(stored, sha256Hex(token)));
    branch.observe();  // the token still works
}

// Item 6: over POP3, the size from LIST decides: the message is copied to disk as it arrives,
// never held in memory nor stored, and deleted from the server like any other.
TEST(IntakeSecurity, AnOverSizePop3MessageIsKeptAsideFromItsListedSize)
{
    Branch branch;
    Pop3Server pop3;
    TempDir aside;
    const std::string big = "From: Jean <jean@exemple.fr>\r\nSubject: Gros\r\nMessage-ID: <big-pop3@x>\r\n\r\n" +
                            std::string(200000, 'B') + "\r\n";
    pop3.deliver(big);
    pop3.deliver("From: Jean <jean@exemple.fr>\r\nSubject: Petit\r\nMessage-ID: <small-pop3@x>\r\n\r\nA\r\n");
    MailSettings mail;
    mail.inbox = MailSettings::Inbox::Pop3;
    mail.pop3.port = pop3.port();
    mail.pop3.user = Pop3Server::user;
    mail.pop3.password = Pop3Server::password;
    mail.limits.maxMessageBytes = 100000;
    mail.asideDir = aside.path();
    StageContext context{branch.store(), branch.referential, rules::Deadlines{}, d("2026-12-03"), &mail};
    const auto report = FetchStage{}.run(context);
    EXPECT_EQ(report.processed, 2);
    EXPECT_EQ(report.failed, 0);
    EXPECT_EQ(pop3.count(), 0u);
    const auto kept = branch.store().mail().inbox(ReceivedState::KeptAside);
    ASSERT_EQ(kept.size(), 1u);
    EXPECT_EQ(kept[0].subject, "Gros");
    ASSERT_TRUE(std::filesystem::exists(kept[0].keptFile));
    EXPECT_NE(readFile(kept[0].keptFile).find(std::string(200000, 'B')), std::string::npos);
    EXPECT_EQ(FetchStage{}.run(context).processed, 0);  // nothing twice
}

// Item 8: a run stopped by SIGTERM still sends what the items it finished queued.
TEST(IntakeSecurity, ARunStoppedBySigtermStillSendsWhatItQueued)
{
    TempDir dir;
    ASSERT_EQ(runCqp(dir.path(), {"init"}).exitCode, 0);
    const int total = 3000;
    for (int i = 0; i < total; ++i)
        writeFile(dir / ("var/inbox/new/" + std::to_string(10000 + i) + ".M.test"),
                  "From: Jean <jean@exemple.fr>\r\nSubject: Question " + std::to_string(i) + "\r\nMessage-ID: <t" +
                      std::to_string(i) + "@x>\r\n\r\nBonjour\r\n");
    CqpProcess run{dir.path(), {"--date=2026-12-03", "run"}};
    // Stopped as soon as the fetch has taken a few messages.
    auto waiting = [&] {
        return std::distance(std::filesystem::directory_iterator(dir / "var/inbox/new"), std::filesystem::directory_iterator{});
    };
    for (int i = 0; i < 2000 && waiting() > total - 20; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    run.terminate();
    const auto result = run.wait();
    EXPECT_TRUE(contains(result.out, "\nsend")) << result.out << result.err;
    EXPECT_FALSE(std::filesystem::is_empty(dir / "var/inbox/new"));  // stopped before the end: the rest waits
    const auto status = runCqp(dir.path(), {"--date=2026-12-03", "status"});
    EXPECT_TRUE(contains(status.out, "envois : 0 courriel(s) à envoyer")) << status.out;
}


// Items 5 and 10, in the large: real-world kinds of mail through `cqp run` — bounces, auto-
// replies, newsletters, robots, broken charsets, multipart oddities. No automatic or no-reply
// sender gets a reply; every message has a row and a fate.
TEST(IntakeSecurity, RealWorldMailGetsNoReplyToMachinesAndEveryMessageAFate)
{
    TempDir dir;
    writeFile(dir / "cqp.properties", "mail.domain = branche.example\n");
    ASSERT_EQ(runCqp(dir.path(), {"init"}).exitCode, 0);
    struct Mail {
        std::string raw;
        bool robot;  // must never be answered
    };
    const std::string ours = "<cqp.41.0a1b2c3d4e5f6071@branche.example>";
    auto simple = [](const std::string& from, const std::string& subject, const std::string& extra, const std::string& body) {
        static int n = 0;
        return "From: " + from + "\r\nTo: cqp@branche.example\r\nSubject: " + subject + "\r\nMessage-ID: <rw" +
               std::to_string(++n) + "@x.example>\r\n" + extra + "\r\n" + body + "\r\n";
    };
    const std::string report = "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n";
    const std::string dsn = "--b\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\n"
                            "Status: 5.1.1\r\n--b--\r\n";
    const std::vector<Mail> mails{
        {simple("MAILER-DAEMON@relay.example (Mail Delivery System)", "Undelivered Mail Returned to Sender",
                "Return-Path: <>\r\n" + report, dsn), true},
        {simple("Mail Delivery Subsystem <mailer-daemon@googlemail.com>", "Delivery Status Notification (Failure)", report, dsn), true},
        {simple("postmaster@exchange.example", "Non remis : Dossier", "Auto-Submitted: auto-replied\r\n", "Non remis."), true},
        {simple("Claire Moreau <claire.moreau@chimie-exemple.fr>", "Réponse automatique : Absence",
                "Auto-Submitted: auto-replied\r\nIn-Reply-To: " + ours + "\r\n", "Je suis absente."), true},
        {simple("Marc <marc@chimie-exemple.fr>", "Absent du bureau", "X-Autoreply: yes\r\n", "Absent."), true},
        {simple("Luc <luc@chimie-exemple.fr>", "Absence", "In-Reply-To: " + ours + "\r\nReferences: " + ours + "\r\n",
                "Je suis absent jusqu'au 5."), true},
        {simple("Chimie Info <news@chimie-info.example>", "Lettre n°42", "List-Id: <lettre.chimie-info.example>\r\n"
                "List-Unsubscribe: <mailto:unsub@chimie-info.example>\r\n", "Actualités."), true},
        {simple("Promo <promo@boutique.example>", "-50 %", "Precedence: bulk\r\n", "Soldes."), true},
        {simple("Service <noreply@banque.example>", "Votre relevé", "", "Relevé."), true},
        {simple("Alertes <no-reply@plateforme.example>", "Alerte", "Content-Type: text/html; charset=utf-8\r\n",
                "<p>Alerte</p>"), true},
        {simple("donotreply@impots.example", "Avis", "", "Avis."), true},
        {simple("ne-pas-repondre@urssaf.example", "Information", "", "Information."), true},
        {simple("Jira <jira@outils.example>", "[JIRA] Ticket", "Auto-Submitted: auto-generated\r\nPrecedence: list\r\n", "Ticket."), true},
        {simple("", "Sans expéditeur", "", "Qui ?"), true},
        {simple("a@x.example, b@y.example", "Deux expéditeurs", "", "?"), true},
        {simple("Jean Dupont", "Nom sans adresse", "", "?"), true},
        {simple("Bob <bob@z.example>", std::string{"=?utf-8?q?Bonjour=0D=0ABcc:_victim@evil.example?="}, "", "Question."), false},
        {simple("Anne <anne@z.example>", "=?iso-8859-1?q?R=E9sultat?=", "Content-Type: text/plain; charset=unknown-8bit\r\n",
                "R\xe9sultat ?"), false},
        {simple("Paul <paul@z.example>", "Sujet brut \xc3\xa9t\xc3\xa9", "", "Texte."), false},
        {simple("Lea <lea@z.example>", "Sujet latin \xe9t\xe9", "Content-Type: text/plain; charset=iso-8859-1\r\n", "\xe9t\xe9"), false},
        {simple("Hugo <hugo@z.example>", "Alternative", "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"a\"\r\n",
                "--a\r\nContent-Type: text/plain\r\n\r\nTexte\r\n--a\r\nContent-Type: text/html\r\n\r\n<p>Texte</p>\r\n--a--"), false},
        {simple("Ines <ines@z.example>", "Sans fin", "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"m\"\r\n",
                "--m\r\nContent-Type: text/plain\r\n\r\nDébut"), false},
        {simple("Yann <yann@z.example>", "Tr: Transfert", "MIME-Version: 1.0\r\nContent-Type: message/rfc822\r\n",
                "From: x@y.example\r\nSubject: Original\r\n\r\nTexte transféré"), false},
        {simple("Zoe <zoe@z.example>", "Première question", "", "?"), false},
        {simple("Zoe <zoe@z.example>", "Deuxième question", "", "?"), true},  // one reply a day to a stranger
    };
    int i = 0;
    for (const auto& m : mails)
        writeFile(dir / ("var/inbox/new/" + std::to_string(1000 + ++i) + ".M.rw"), m.raw);
    const auto run = runCqp(dir.path(), {"--date=2026-12-03", "run"});
    EXPECT_TRUE(run.exitCode == 0 || run.exitCode == 1) << run.err;
    const auto list = runCqp(dir.path(), {"inbox", "list"}).out;
    int rows = 0;
    for (const char c : list)
        rows += c == '\n';
    EXPECT_EQ(rows, static_cast<int>(mails.size())) << list;
    std::set<std::string> answered;
    for (const auto& entry : std::filesystem::directory_iterator(dir / "var/outbox"))
        answered.insert(headerOf(readFile(entry.path()), "To"));
    int expected = 0;
    for (const auto& m : mails)
        expected += !m.robot;
    EXPECT_EQ(static_cast<int>(answered.size()), expected) << list;
    for (const char* robot : {"mailer-daemon", "postmaster", "claire.moreau", "marc@", "luc@", "news@", "promo@", "noreply",
                              "no-reply", "donotreply", "ne-pas-repondre", "jira@"})
        for (const auto& to : answered)
            EXPECT_EQ(to.find(robot), std::string::npos) << to;
}

// Item 7, in the other stages: a scan or a candidature that makes its stage fail is set aside
// with its reason, the stage goes on with the next one, the run exits 1.
TEST(IntakeSecurity, APoisonScanOrCandidatureStopsNothing)
{
    Branch branch;
    branch.createCandidature();
    TempDir dir;
    writeFile(dir / "cqp.properties", "store = sqlite:" + branch.location().target + "\n");
    ASSERT_EQ(runCqp(dir.path(), {"init"}).exitCode, 0);
    for (int i = 1; i <= 2; ++i)
        writeFile(dir / ("var/inbox/new/" + std::to_string(i) + ".M.scan"),
                  buildMessage("rh@chimie-exemple.fr", "Scan " + std::to_string(i), "scan" + std::to_string(i) + "@x", "Ci-joint",
                               {{"scan-" + std::to_string(i) + ".pdf", "application/pdf", "%PDF-1.4 abîmé"}}));
    const auto run = runCqp(dir.path(), {"--date=2026-12-05", "run"}, {{"CQP_FAIL_AT", "scan item:1"}});
    EXPECT_EQ(run.exitCode, 1) << run.out << run.err;
    EXPECT_TRUE(contains(run.out, "échecs : 1 à l'étape ingest")) << run.out;
    const auto reviews = branch.store().mail().reviews(ReviewState::Open);
    EXPECT_TRUE(std::any_of(reviews.begin(), reviews.end(), [](const auto& r) {
        return contains(r.reason, "Lecture impossible (erreur interne : injected failure at scan item #1)");
    }));
    int told = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir / "var/outbox")) {
        const std::string mail = readFile(entry.path());
        told += contains(mail, "scan-1.pdf") || contains(mail, "scan-2.pdf");
    }
    EXPECT_EQ(told, 2);  // both senders told: one scan waits for a person, the other is unreadable

    const auto advance = runCqp(dir.path(), {"--date=2026-12-06", "run", "--only=advance"}, {{"CQP_FAIL_AT", "advance item:1"}});
    EXPECT_EQ(advance.exitCode, 1) << advance.out << advance.err;
    EXPECT_TRUE(contains(advance.out, "échecs : 1 à l'étape advance")) << advance.out;
    EXPECT_TRUE(contains(runCqp(dir.path(), {"--date=2026-12-06", "status"}).out, "incident du 06/12/2026, étape advance (candidature 1)"));
}
