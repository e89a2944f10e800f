// Issue 12: the attacks an outside test found, replayed on the real binary and the real stages.
// Each test names the item of the issue it guards.

#include "cqp/outbox/Letters.h"
#include "cqp/pipeline/CandidatureRepository.h"
#include "cqp/pipeline/DocumentRepository.h"
#include "cqp/pipeline/MailIntake.h"
#include "cqp/pipeline/MailRepository.h"
#include "cqp/pipeline/MailStages.h"
#include "cqp/pipeline/Store.h"
#include "cqp/pipeline/SubmissionRepository.h"
#include "cqp/pipeline/Workflow.h"

#include "Branch.h"
#include "MailBuilder.h"
#include "MailServers.h"

#include <Poco/Net/MessageHeader.h>
#include <Poco/TextConverter.h>
#include <Poco/UTF16Encoding.h>
#include <Poco/UTF8Encoding.h>

#include <gtest/gtest.h>

#include <sstream>

using namespace cqp;
using namespace cqp::pipeline;
using namespace cqp::test;
using Status = SubmissionOutcome::Status;

namespace {

rules::Date d(const char* iso) { return *rules::Date::parseIso(iso); }
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

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
    const auto before = branch.store().mail().inState("pending").size();
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

class Replay : public ::testing::Test {
protected:
    Branch branch;

    void SetUp() override { branch.createCandidature(); }

    // The évaluateur habilité's invitation, signed on `date` and applied.
    std::string invitation(const std::string& identifier = "invitation-0001", const char* signedOn = "2027-01-05")
    {
        std::string xml = Branch::example("05-invitation-evaluateur-metier.xml",
                                          {{"identifiant=\"exemple-05-invitation-evaluateur-metier\"",
                                            "identifiant=\"" + identifier + "\""},
                                           {"dateSignature=\"2026-11-30\"", std::string{"dateSignature=\""} + signedOn + "\""}});
        return signWithXmlsec1("evaluateur", xml);
    }

    SubmissionOutcome process(const std::string& bytes, const char* date = "2027-01-05",
                              const std::string& from = "attacker@evil.example", rules::Deadlines deadlines = {})
    {
        SubmissionProcessor processor{branch.store(), branch.referential, deadlines, d(date)};
        return processor.process({bytes, "invitation.xml", from, {}});
    }

    long long invitations() { return countRows(branch.location(), "invitations"); }
    long long outbox() { return countRows(branch.location(), "outbox"); }
};

std::string utf16(const std::string& xml)
{
    std::string body = xml;
    body.replace(0, body.find("?>") + 2, "<?xml version=\"1.0\" encoding=\"UTF-16\"?>");
    Poco::UTF8Encoding from;
    Poco::UTF16Encoding to{Poco::UTF16Encoding::LITTLE_ENDIAN_BYTE_ORDER};
    std::string out = "\xff\xfe";
    Poco::TextConverter{from, to}.convert(body, out);
    return out;
}

}  // namespace

// Item 2: the same signed content in other bytes, from anyone, is « déjà reçu »: no second
// invitation, no new token, no mail.
TEST_F(Replay, TheSameSignedContentInOtherBytesIsAlreadyReceived)
{
    const std::string original = invitation();
    ASSERT_EQ(process(original, "2027-01-05", "sophie.martin@evaluateurs.example").status, Status::Accepted);
    const auto invitationsBefore = invitations();
    const auto outboxBefore = outbox();
    std::string requoted = original;
    requoted.replace(requoted.find("compte=\"2\""), 10, "compte='2'");
    std::string commented = original;
    commented.insert(commented.find("<candidature"), "<!-- rejoué -->");
    std::string inSignature = original;
    inSignature.insert(inSignature.find("</ds:Signature>"), "<ds:Object>rejoué</ds:Object>");
    const std::vector<std::pair<std::string, std::string>> variants{
        {"identical", original}, {"re-quoted", requoted}, {"comment", commented}, {"trailing newline", original + "\n\n"},
        {"UTF-16", utf16(original)}, {"inside ds:Signature", inSignature}};
    for (const auto& [name, bytes] : variants) {
        const auto outcome = process(bytes, "2027-01-06");
        EXPECT_EQ(outcome.status, Status::AlreadyReceived) << name << ": " << (outcome.messages.empty() ? "" : outcome.messages[0]);
        EXPECT_FALSE(outcome.candidatureId) << name;  // nothing of the first document is handed over
        EXPECT_FALSE(outcome.accountId) << name;
    }
    EXPECT_EQ(invitations(), invitationsBefore);
    EXPECT_EQ(outbox(), outboxBefore);
}

// Item 2: an identifier already applied for this account is « déjà reçu », even on new content.
TEST_F(Replay, AnIdentifierIsAppliedOncePerSigner)
{
    ASSERT_EQ(process(invitation("invitation-0002")).status, Status::Accepted);
    const auto applied = invitations();
    std::string other = Branch::example("05-invitation-evaluateur-metier.xml",
                                        {{"identifiant=\"exemple-05-invitation-evaluateur-metier\"", "identifiant=\"invitation-0002\""},
                                         {"dateSignature=\"2026-11-30\"", "dateSignature=\"2027-01-06\""},
                                         {"<prenom>", "<prenom>Jean-"}});
    EXPECT_EQ(process(signWithXmlsec1("evaluateur", other), "2027-01-06").status, Status::AlreadyReceived);
    EXPECT_EQ(invitations(), applied);
}

// Item 2: a document signed more than 30 days ago, or dated after its arrival, is refused.
TEST_F(Replay, OldAndFutureSigningDatesAreRefused)
{
    const auto before = invitations();
    const auto old = process(invitation("invitation-0003", "2026-12-05"), "2027-01-05");
    ASSERT_EQ(old.status, Status::Rejected);
    EXPECT_TRUE(contains(old.messages.at(0), "signé le 05/12/2026, il y a plus de 30 jours")) << old.messages.at(0);
    const auto future = process(invitation("invitation-0004", "2027-01-09"), "2027-01-05");
    ASSERT_EQ(future.status, Status::Rejected);
    EXPECT_TRUE(contains(future.messages.at(0), "après sa réception")) << future.messages.at(0);
    rules::Deadlines shorter;
    shorter.signatureMaxAgeDays = 2;
    EXPECT_EQ(process(invitation("invitation-0005", "2027-01-02"), "2027-01-05", "sophie.martin@evaluateurs.example", shorter).status,
              Status::Rejected);
    EXPECT_EQ(invitations(), before);
}

// Item 2: format 1.0 (no identifier) is still taken until its last day, deduplicated on what its
// signature covers; after that day it is refused with the reason.
TEST_F(Replay, Version10IsAcceptedUntilItsLastDayThenRefused)
{
    const std::string xml = Branch::example("05-invitation-evaluateur-metier.xml",
                                            {{"version=\"1.1\"\n    identifiant=\"exemple-05-invitation-evaluateur-metier\" "
                                              "dateSignature=\"2026-11-30\"",
                                              "version=\"1.0\""}});
    const std::string bytes = signWithXmlsec1("evaluateur", xml);
    const auto before = invitations();
    rules::Deadlines retired;
    retired.version10AcceptedUntil = d("2027-01-04");
    const auto refused = process(bytes, "2027-01-05", "sophie.martin@evaluateurs.example", retired);
    ASSERT_EQ(refused.status, Status::Rejected);
    EXPECT_TRUE(contains(refused.messages.at(0), "La version 1.0 du format n'est plus acceptée depuis le 05/01/2027"))
        << refused.messages.at(0);
    ASSERT_EQ(process(bytes).status, Status::Accepted);
    std::string requoted = bytes;
    requoted.replace(requoted.find("compte=\"2\""), 10, "compte='2'");
    EXPECT_EQ(process(requoted).status, Status::AlreadyReceived);
    EXPECT_EQ(invitations(), before + 1);
}

// Item 2: old results replayed after a secretariat correction do not move the candidature again.
TEST_F(Replay, OldResultsAfterACorrectionAreAlreadyReceived)
{
    branch.evaluate();
    const auto evaluated = branch.store().candidatures().candidature(1)->status;
    std::string results;
    for (const auto& s : branch.store().submissions().all())
        if (s.kind == "resultatsEvaluation" && s.status == "accepted")
            results = branch.store().documents().document(s.documentId)->content;
    ASSERT_FALSE(results.empty());
    branch.store().candidatures().changeStatus(
        1, StatusChange{evaluated, rules::CandidatureStatus::EnAttenteEvaluation, d("2027-01-13"), "secretariat", "correction", {}, "erreur"});
    results.replace(results.find("compte=\"2\""), 10, "compte='2'");
    const auto outcome = process(results, "2027-01-13");
    EXPECT_EQ(outcome.status, Status::AlreadyReceived);
    EXPECT_EQ(branch.store().candidatures().candidature(1)->status, rules::CandidatureStatus::EnAttenteEvaluation);
}
