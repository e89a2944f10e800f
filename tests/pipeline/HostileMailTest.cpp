// Hostile and odd mail, one test each: the message is kept, answered or deliberately not,
// nothing is lost, and the next message is still processed.

#include "cqp/inbox/MimeMessage.h"
#include "cqp/stages/MailSettings.h"
#include "cqp/workflow/MailIntake.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/stages/IngestStage.h"
#include "cqp/repositories/Store.h"

#include "Branch.h"
#include "MailBuilder.h"

#include <gtest/gtest.h>

using namespace cqp;
using namespace cqp::pipeline;
using namespace cqp::test;
using Kind = IntakeResult::Kind;

namespace {

const std::string head = "From: Service RH <rh@chimie-exemple.fr>\r\nTo: cqp@branche.example\r\nSubject: Envoi\r\n"
                         "MIME-Version: 1.0\r\n";

class HostileMail : public ::testing::Test {
protected:
    Branch branch;
    MailSettings settings;
    int counter = 0;

    // The message through the fetch stage's intake, then its scans through the ingest stage (a
    // message with scans gets its one reply once they are read).
    IntakeResult deliver(const std::string& raw)
    {
        MailIntake intake{branch.store(), branch.referential, rules::Deadlines{}, *rules::Date::parseIso("2026-12-03"), settings.intake()};
        const auto result = intake.process(raw);
        StageContext context{branch.store(), branch.referential, rules::Deadlines{}, *rules::Date::parseIso("2026-12-03"),
                             &settings};
        IngestStage{}.run(context);
        return result;
    }

    bool answeredMessage(Id receivedMailId)
    {
        for (const auto& m : branch.store().mail().inState(OutboxState::Pending))
            if (m.reply && m.receivedMailId == receivedMailId)
                return true;
        return false;
    }

    std::size_t replies()
    {
        const auto pending = branch.store().mail().inState(OutboxState::Pending);
        return static_cast<std::size_t>(std::count_if(pending.begin(), pending.end(), [](const OutboxMail& m) { return m.reply; }));
    }

    // The checks every hostile message must pass.
    IntakeResult expectHandled(const std::string& raw, Kind kind, bool answered)
    {
        const auto before = replies();
        const auto result = deliver(raw);
        EXPECT_EQ(result.kind, kind) << result.reason;
        const auto kept = branch.store().mail().received(result.receivedMailId);
        EXPECT_TRUE(kept) << "the message was not kept";
        if (kept) {
            EXPECT_EQ(kept->raw, raw);
        }
        EXPECT_EQ(replies(), before + (answered ? 1 : 0));
        EXPECT_EQ(answeredMessage(result.receivedMailId), answered);
        reply_.clear();
        for (const auto& m : branch.store().mail().inState(OutboxState::Pending))
            if (m.reply && m.receivedMailId == result.receivedMailId)
                reply_ = m.body;
        // The run goes on: a good message right after is processed.
        const std::string id = "next-" + std::to_string(++counter) + "@chimie-exemple.fr";
        const auto next = deliver(buildMessage("rh@chimie-exemple.fr", "Question", id, "Bonjour"));
        EXPECT_EQ(next.kind, Kind::Quarantined);  // a plain question: kept for the secretariat, answered
        EXPECT_TRUE(next.replied);
        return result;
    }

    const std::string& lastReply() const { return reply_; }
    std::string reply_;
};

std::string multipart(const std::string& boundary, const std::string& parts, bool close = true)
{
    return head + "Message-ID: <" + boundary + "@x>\r\nContent-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n" +
           parts + (close ? "--" + boundary + "--\r\n" : "");
}

std::string part(const std::string& boundary, const std::string& headers, const std::string& body)
{
    return "--" + boundary + "\r\n" + headers + "\r\n\r\n" + body + "\r\n";
}

}  // namespace

TEST_F(HostileMail, UnterminatedBoundary)
{
    const auto raw = multipart("b1", part("b1", "Content-Type: text/plain", "Bonjour") +
                                         part("b1", "Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=a.pdf", "%PDF"),
                               false);
    // Poco reads the parts that are there; the missing closing line loses nothing.
    expectHandled(raw, Kind::Processed, true);
    EXPECT_NE(lastReply().find("« a.pdf » : illisible"), std::string::npos) << lastReply();
}

TEST_F(HostileMail, APartHeaderThatIsNoHeader)
{
    // Found by fuzz_mime: Poco's MultipartReader threw MessageException, which escaped intake.
    const auto raw = readFile(sourceDir() / "tests/fuzz/corpus/mime/regression-part-header.eml");
    expectHandled(raw, Kind::Quarantined, true);
    EXPECT_NE(lastReply().find("une partie du message est illisible"), std::string::npos) << lastReply();
}

TEST_F(HostileMail, FiftyNestedLevels)
{
    std::string body = "Bonjour";
    std::string type = "text/plain";
    for (int i = 0; i < 50; ++i) {
        const std::string b = "n" + std::to_string(i);
        body = "--" + b + "\r\nContent-Type: " + type + "\r\n\r\n" + body + "\r\n--" + b + "--\r\n";
        type = "multipart/mixed; boundary=\"" + b + "\"";
    }
    const auto r = expectHandled(head + "Message-ID: <nested@x>\r\nContent-Type: " + type + "\r\n\r\n" + body, Kind::Quarantined, true);
    EXPECT_NE(r.reason.find("niveaux"), std::string::npos) << r.reason;
}

TEST_F(HostileMail, TenThousandParts)
{
    std::string parts;
    for (int i = 0; i < 10000; ++i)
        parts += part("many", "Content-Type: text/plain", "x");
    const auto r = expectHandled(multipart("many", parts), Kind::Quarantined, true);
    EXPECT_NE(r.reason.find("parties"), std::string::npos) << r.reason;
}

TEST_F(HostileMail, OneMegabyteHeader)
{
    const auto raw = head + "X-Long: " + std::string(1024 * 1024, 'a') + "\r\nMessage-ID: <long@x>\r\n\r\nBonjour\r\n";
    const auto r = expectHandled(raw, Kind::Quarantined, false);  // unreadable header: no address to answer
    EXPECT_NE(r.reason.find("en-tête"), std::string::npos) << r.reason;
}

TEST_F(HostileMail, NulBytes)
{
    std::string raw = multipart("nul", part("nul", "Content-Type: text/plain", std::string("Bon\0jour", 8)) +
                                           part("nul", "Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=scan.pdf",
                                                std::string("%PDF\0\0\0", 7)));
    const auto r = expectHandled(raw, Kind::Processed, true);
    EXPECT_EQ(countRows(branch.location(), "scan_queue"), 1);
    EXPECT_NE(lastReply().find("« scan.pdf » : illisible"), std::string::npos) << lastReply();
    (void)r;
}

TEST_F(HostileMail, InvalidBase64)
{
    const auto raw = multipart("b64", part("b64", "Content-Type: text/plain", "Voici") +
                                          part("b64", "Content-Type: application/xml\r\nContent-Transfer-Encoding: base64\r\n"
                                                      "Content-Disposition: attachment; filename=doc.xml",
                                               "!!!! pas du base64 ####"));
    expectHandled(raw, Kind::Processed, true);
    // Whatever the decoder makes of it is not a document: refused, and the sender is told.
    EXPECT_NE(lastReply().find("doc.xml (document XML) : refusé"), std::string::npos) << lastReply();
}

TEST_F(HostileMail, WrongCharsetLabel)
{
    const auto raw = head + "Message-ID: <charset@x>\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\nBonjour \xe9t\xe9\r\n";
    expectHandled(raw, Kind::Quarantined, true);
    const auto parsed = inbox::parseMime(raw);
    EXPECT_EQ(parsed.body, "Bonjour été\r\n");
    ASSERT_EQ(parsed.notes.size(), 1u);
    EXPECT_NE(parsed.notes[0].find("x-klingon"), std::string::npos);
}

TEST_F(HostileMail, PathTricksInFileNames)
{
    const std::string names[] = {"../../etc/passwd", "..\\..\\windows\\system32\\scan.pdf", "/etc/shadow", ".hidden.pdf",
                                 "a\x01\x02b.pdf", ""};
    std::string parts = part("path", "Content-Type: text/plain", "Voici");
    for (const auto& name : names)
        parts += part("path", "Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"" + name + "\"", "%PDF");
    const auto raw = multipart("path", parts);
    expectHandled(raw, Kind::Processed, true);
    const auto parsed = inbox::parseMime(raw);
    std::vector<std::string> got;
    for (const auto& a : parsed.attachments)
        got.push_back(a.fileName);
    ASSERT_EQ(got.size(), 6u);
    EXPECT_EQ(got[0], "passwd");
    EXPECT_EQ(got[2], "shadow");
    EXPECT_EQ(got[3], "hidden.pdf");
    EXPECT_EQ(got[5], "piece-jointe");
    for (const auto& name : got) {
        EXPECT_EQ(name.find_first_of("/\\"), std::string::npos) << name;
        EXPECT_NE(name.front(), '.') << name;
        EXPECT_TRUE(std::none_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) << name;
    }
}

TEST_F(HostileMail, ExecutablesAndArchives)
{
    const auto raw = buildMessage("rh@chimie-exemple.fr", "Pièces", "exe@x", "Voici",
                                  {{"setup.exe", "application/x-msdownload", "MZ\x90\x00"},
                                   {"dossier.zip", "application/zip", "PK\x03\x04"},
                                   {"scan.pdf", "application/pdf", "%PDF-1.4"}});
    expectHandled(raw, Kind::Processed, true);
    EXPECT_NE(lastReply().find("setup.exe : type de fichier non accepté (application/x-msdownload)"), std::string::npos) << lastReply();
    EXPECT_NE(lastReply().find("dossier.zip : type de fichier non accepté"), std::string::npos);
    EXPECT_NE(lastReply().find("« scan.pdf » : illisible"), std::string::npos) << lastReply();
}

TEST_F(HostileMail, SmimeEncrypted)
{
    const auto raw = head + "Message-ID: <smime@x>\r\nContent-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\r\n"
                            "Content-Transfer-Encoding: base64\r\n\r\nMIAGCSqGSIb3DQEHA6CAMIACAQAxggE=\r\n";
    const auto r = expectHandled(raw, Kind::Quarantined, true);
    EXPECT_NE(r.reason.find("chiffré"), std::string::npos);
}

TEST_F(HostileMail, PgpEncrypted)
{
    const auto raw = multipart("pgp", part("pgp", "Content-Type: application/pgp-encrypted", "Version: 1") +
                                          part("pgp", "Content-Type: application/octet-stream", "-----BEGIN PGP MESSAGE-----"));
    std::string encrypted = raw;
    encrypted.replace(encrypted.find("multipart/mixed"), 15, "multipart/encrypted");
    const auto r = expectHandled(encrypted, Kind::Quarantined, true);
    EXPECT_NE(r.reason.find("PGP"), std::string::npos);
}

TEST_F(HostileMail, CalendarInvitation)
{
    const auto raw = buildMessage("rh@chimie-exemple.fr", "Réunion", "ics@x", "Invitation",
                                  {{"invite.ics", "text/calendar", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"}});
    expectHandled(raw, Kind::Quarantined, true);  // nothing for cqp in it: kept for the secretariat
}

TEST_F(HostileMail, AutoReplyIsNeverAnswered)
{
    expectHandled(buildMessage("rh@chimie-exemple.fr", "Absent", "auto@x", "Absent", {}, {{"Auto-Submitted", "auto-replied"}}),
                  Kind::Ignored, false);
}

TEST_F(HostileMail, BounceIsNeverAnswered)
{
    const auto raw = "From: Mail Delivery System <MAILER-DAEMON@mx.exemple.fr>\r\nTo: cqp@branche.example\r\n"
                     "Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <bounce@x>\r\nReturn-Path: <>\r\n"
                     "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\r\n\r\n"
                     "--r\r\nContent-Type: text/plain\r\n\r\nDelivery failed\r\n--r--\r\n";
    expectHandled(raw, Kind::Ignored, false);
}

TEST_F(HostileMail, MailingListIsNeverAnswered)
{
    expectHandled(buildMessage("liste@exemple.fr", "Lettre d'information", "list@x", "Nouvelles", {},
                               {{"List-Id", "<news.exemple.fr>"}, {"Precedence", "list"}}),
                  Kind::Ignored, false);
}

TEST_F(HostileMail, SpoofedFromGetsNoReplyTheAccountDoes)
{
    // Company B's document, sent under company A's address: B's account gets the answer.
    const auto raw = buildMessage("rh@chimie-exemple.fr", "Dossier", "spoof@x", "Voici",
                                  {{"candidat.xml", "application/xml",
                                    signWithXmlsec1("entreprise-b", Branch::example("03-candidat.xml", {{"compte=\"1\"", "compte=\"4\""}}))}});
    expectHandled(raw, Kind::Processed, true);
    const auto mails = branch.store().mail().inState(OutboxState::Pending);
    const auto reply = std::find_if(mails.begin(), mails.end(), [](const OutboxMail& m) { return m.inReplyTo == "spoof@x"; });
    ASSERT_NE(reply, mails.end());
    EXPECT_EQ(reply->recipient, "rh@snc.example");
}

TEST_F(HostileMail, EmptyMessage)
{
    // No sender to answer: kept for the secretariat, never answered, and not called automatic.
    const auto r = expectHandled("", Kind::Quarantined, false);
    EXPECT_FALSE(r.reason.empty());
    const auto kept = branch.store().mail().received(r.receivedMailId);
    EXPECT_NE(kept->reason.find("pas d'adresse d'expéditeur valide"), std::string::npos) << kept->reason;
    EXPECT_EQ(kept->reason.find("automatique"), std::string::npos) << kept->reason;
}

TEST_F(HostileMail, OversizedMessage)
{
    settings.limits.maxMessageBytes = 1000;
    const auto r = expectHandled(buildMessage("rh@chimie-exemple.fr", "Gros", "big@x", std::string(5000, 'x')), Kind::Quarantined, false);
    // Over the size limit the message is not even parsed: kept whole, no reply.
    EXPECT_NE(r.reason.find("taille maximale"), std::string::npos);
}

TEST_F(HostileMail, EncodedNamesAndLatin1TextAreDecoded)
{
    const auto raw = head + "Message-ID: <enc@x>\r\nSubject: =?ISO-8859-1?Q?R=E9sultats_d=27=E9valuation?=\r\n"
                            "Content-Type: multipart/mixed; boundary=\"e\"\r\n\r\n"
                            "--e\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                            "Ci-joint le r=E9sultat.\r\n"
                            "--e\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename*=UTF-8''outil%C2%A04%20%C3%A9valuation.pdf\r\n\r\n%PDF\r\n"
                            "--e--\r\n";
    const auto parsed = inbox::parseMime(raw);
    EXPECT_EQ(parsed.body, "Ci-joint le résultat.");
    ASSERT_EQ(parsed.attachments.size(), 1u);
    EXPECT_EQ(parsed.attachments[0].fileName, "outil\xc2\xa0" "4 évaluation.pdf");
    expectHandled(raw, Kind::Processed, true);
}

TEST_F(HostileMail, ForwardedMessageIsRead)
{
    const std::string inner = buildMessage("rh@chimie-exemple.fr", "Dossier", "inner@x", "Voici",
                                           {{"candidat.xml", "application/xml", signWithXmlsec1("entreprise", Branch::example("03-candidat.xml"))}});
    const auto raw = multipart("fw", part("fw", "Content-Type: text/plain", "Je vous transfère ce message.") +
                                         part("fw", "Content-Type: message/rfc822", inner));
    const auto r = expectHandled(raw, Kind::Processed, true);
    EXPECT_EQ(r.accepted, 1);
}

TEST_F(HostileMail, TheDocumentsAfterAnAlternativeBodyAreApplied)
{
    // A mail client's usual shape: text and HTML bodies in a multipart/alternative, then the
    // signed document. It was once read as a message without attachments.
    const std::string alternative = part("alt", "Content-Type: text/plain; charset=utf-8", "Voici le candidat.") +
                                    part("alt", "Content-Type: text/html; charset=utf-8", "<p>Voici le candidat.</p>") + "--alt--";
    const auto raw = multipart("mix", part("mix", "Content-Type: multipart/alternative; boundary=\"alt\"", alternative) +
                                          part("mix", "Content-Type: application/xml; name=\"candidat.xml\"",
                                               signWithXmlsec1("entreprise", Branch::example("03-candidat.xml"))));
    const auto r = expectHandled(raw, Kind::Processed, true);
    EXPECT_EQ(r.accepted, 1);
    EXPECT_EQ(countRows(branch.location(), "candidates"), 1);
}

TEST_F(HostileMail, TheSameMessageTwiceIsProcessedOnce)
{
    const auto raw = buildMessage("rh@chimie-exemple.fr", "Dossier", "twice@x", "Voici",
                                  {{"candidat.xml", "application/xml", signWithXmlsec1("entreprise", Branch::example("03-candidat.xml"))}});
    const auto first = deliver(raw);
    EXPECT_EQ(first.accepted, 1);
    const auto before = replies();
    EXPECT_EQ(deliver(raw).kind, Kind::Duplicate);
    // Re-sent through another relay: other bytes, same Message-ID.
    EXPECT_EQ(deliver("Received: from relay\r\n" + raw).kind, Kind::Duplicate);
    EXPECT_EQ(replies(), before);
    EXPECT_EQ(countRows(branch.location(), "candidates"), 1);
}

TEST_F(HostileMail, AQuarantinedMessageCanBeRetried)
{
    // A document from an account still pending is refused; once the account is open the
    // secretariat retries the message kept in quarantine... here: a plain text message stays put.
    const auto r = deliver(buildMessage("rh@chimie-exemple.fr", "Question", "q@x", "Bonjour"));
    ASSERT_EQ(r.kind, Kind::Quarantined);
    MailIntake intake{branch.store(), branch.referential, rules::Deadlines{}, *rules::Date::parseIso("2026-12-03"), settings.intake()};
    const auto again = intake.process(branch.store().mail().received(r.receivedMailId)->raw, {}, r.receivedMailId);
    EXPECT_EQ(again.kind, Kind::Quarantined);
    EXPECT_EQ(again.receivedMailId, r.receivedMailId);
    EXPECT_EQ(countRows(branch.location(), "received_mail"), 1);
}

// ---- issue 12 -----------------------------------------------------------------------------

TEST_F(HostileMail, AKoreanSubjectIsDecoded)
{
    const auto r = expectHandled(head.substr(0, head.find("Subject:")) + "Subject: =?euc-kr?B?vsiz58fPvLy/5A==?=\r\n"
                                 "MIME-Version: 1.0\r\nMessage-ID: <kr@x>\r\n\r\nBonjour\r\n",
                                 Kind::Quarantined, true);
    EXPECT_EQ(branch.store().mail().received(r.receivedMailId)->subject, "안녕하세요");
}

TEST_F(HostileMail, AJapaneseSubjectIsDecoded)
{
    const auto r = expectHandled(head.substr(0, head.find("Subject:")) + "Subject: =?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?=\r\n"
                                 "MIME-Version: 1.0\r\nMessage-ID: <jp@x>\r\n\r\nBonjour\r\n",
                                 Kind::Quarantined, true);
    EXPECT_EQ(branch.store().mail().received(r.receivedMailId)->subject, "こんにちは");
}

TEST_F(HostileMail, ARussianBodyIsDecoded)
{
    const auto message = inbox::parseMime(head + "Message-ID: <ru@x>\r\nContent-Type: text/plain; charset=koi8-r\r\n\r\n\xf0\xd2\xc9\xd7\xc5\xd4\r\n");
    EXPECT_EQ(message.body.substr(0, 12), "Привет");
    EXPECT_TRUE(message.notes.empty());
}

TEST_F(HostileMail, AFromWithTwoAddressesIsNeverAnswered)
{
    const auto r = expectHandled("From: a@x.example, b@y.example\r\nSubject: Deux\r\nMessage-ID: <two@x>\r\n\r\nBonjour\r\n",
                                 Kind::Quarantined, false);
    EXPECT_NE(branch.store().mail().received(r.receivedMailId)->reason.find("pas d'adresse d'expéditeur valide"), std::string::npos);
}

TEST_F(HostileMail, ABrokenFromIsNeverAnswered)
{
    const auto r = expectHandled("From: <big bug bb@bug.com>\r\nSubject: Bug\r\nMessage-ID: <bug@x>\r\n\r\nBonjour\r\n",
                                 Kind::Quarantined, false);
    EXPECT_NE(branch.store().mail().received(r.receivedMailId)->reason.find("pas d'adresse d'expéditeur valide"), std::string::npos);
}

TEST_F(HostileMail, AReusedMessageIdWithOtherContentIsAnotherMessage)
{
    const auto first = deliver("From: rh@chimie-exemple.fr\r\nSubject: Un\r\nMessage-ID: <reused@x>\r\n\r\nPremier\r\n");
    const auto second = expectHandled("From: paul@autre.example\r\nSubject: Deux\r\nMessage-ID: <reused@x>\r\n\r\nSecond\r\n",
                                      Kind::Quarantined, true);
    EXPECT_NE(second.receivedMailId, first.receivedMailId);
    EXPECT_EQ(branch.store().mail().received(second.receivedMailId)->sender, "paul@autre.example");
}

TEST_F(HostileMail, EscapeSequencesInTheSubjectReachNoReply)
{
    expectHandled(head.substr(0, head.find("Subject:")) + "Subject: =?utf-8?q?Dossier=1B[2J=07=E2=80=AEgpj.exe?=\r\n"
                  "MIME-Version: 1.0\r\nMessage-ID: <esc@x>\r\n\r\nBonjour\r\n",
                  Kind::Quarantined, true);
    for (const char* forbidden : {"\x1b", "\x07", "\xe2\x80\xae"})
        EXPECT_EQ(lastReply().find(forbidden), std::string::npos);
    EXPECT_NE(lastReply().find("« Dossier[2Jgpj.exe »"), std::string::npos) << lastReply();
}
