// The MIME reader on its own (issue 13): parameters continued and encoded by RFC 2231, RFC 2047
// words, transfer encodings and charsets, nesting, limits, automatic messages, digests.

#include "cqp/inbox/MimeMessage.h"

#include <gtest/gtest.h>

#include <string>

using namespace cqp::inbox;

namespace {

std::string crlf(const std::string& text)
{
    std::string out;
    for (char c : text) {
        if (c == '\n' && (out.empty() || out.back() != '\r'))
            out += '\r';
        out += c;
    }
    return out;
}

std::string multipart(const std::string& partHeaders, const std::string& partBody)
{
    return crlf("From: Entreprise <rh@chimie-exemple.fr>\n"
                "To: cqp@branche.example\n"
                "Subject: envoi\n"
                "Message-ID: <m1@chimie-exemple.fr>\n"
                "MIME-Version: 1.0\n"
                "Content-Type: multipart/mixed; boundary=\"b1\"\n"
                "\n"
                "--b1\n"
                "Content-Type: text/plain; charset=utf-8\n"
                "\n"
                "Bonjour\n"
                "--b1\n" +
                partHeaders + "\n" + partBody +
                "\n"
                "--b1--\n");
}

}  // namespace

TEST(MimeMessage, Rfc2231ContinuationsAndEncodedFileNames)
{
    // filename*0*=…; filename*1*=… : one name in two pieces, percent-encoded UTF-8.
    const auto continued = parseMime(multipart("Content-Type: application/pdf\n"
                                               "Content-Disposition: attachment;\n"
                                               " filename*0*=utf-8''outil%C2%A06%20-%20;\n"
                                               " filename*1*=Dupr%C3%A9.pdf\n"
                                               "Content-Transfer-Encoding: base64\n",
                                               "JVBERi0xLjQK"));
    ASSERT_EQ(continued.attachments.size(), 1u);
    EXPECT_EQ(continued.attachments[0].fileName, "outil\xC2\xA0" "6 - Dupré.pdf");
    EXPECT_EQ(continued.attachments[0].mediaType, "application/pdf");
    EXPECT_EQ(continued.attachments[0].content, "%PDF-1.4\n");

    // An ISO-8859-1 name by RFC 2231, and one by RFC 2047 in the name parameter.
    const auto latin = parseMime(multipart("Content-Type: image/png; name*=iso-8859-1''dipl%F4me.png\n"
                                           "Content-Transfer-Encoding: base64\n",
                                           "iVBORw0KGgo="));
    ASSERT_EQ(latin.attachments.size(), 1u);
    EXPECT_EQ(latin.attachments[0].fileName, "diplôme.png");
    const auto words = parseMime(multipart("Content-Type: application/pdf; name=\"=?UTF-8?B?w6l0w6k=?=.pdf\"\n"
                                           "Content-Transfer-Encoding: base64\n",
                                           "JVBERi0xLjQK"));
    ASSERT_EQ(words.attachments.size(), 1u);
    EXPECT_EQ(words.attachments[0].fileName, "été.pdf");
}

TEST(MimeMessage, FileNamesNeverCarryAPathOrControlCharacters)
{
    const auto m = parseMime(multipart("Content-Type: application/xml\n"
                                       "Content-Disposition: attachment; filename=\"../../etc/.passwd\x01.xml\"\n",
                                       "<a/>"));
    ASSERT_EQ(m.attachments.size(), 1u);
    const auto& name = m.attachments[0].fileName;
    EXPECT_EQ(name.find('/'), std::string::npos) << name;
    EXPECT_EQ(name.find('\x01'), std::string::npos) << name;
    EXPECT_NE(name.front(), '.') << name;
    EXPECT_EQ(safeFileName("", 3).empty(), false);
}

TEST(MimeMessage, EncodedWordsQuotedPrintableAndCharsets)
{
    const auto m = parseMime(crlf("From: =?ISO-8859-1?Q?Fran=E7oise_L=E9vy?= <f.levy@chimie-exemple.fr>\n"
                                  "Subject: =?UTF-8?B?UsOpc3VsdGF0cw==?= =?UTF-8?Q?_d=27=C3=A9valuation?=\n"
                                  "Message-ID: <q@x>\n"
                                  "MIME-Version: 1.0\n"
                                  "Content-Type: text/plain; charset=windows-1252\n"
                                  "Content-Transfer-Encoding: quoted-printable\n"
                                  "\n"
                                  "Ci-joint l=92outil n=B04, pour le jury =96 merci.=\n"
                                  " Fin\n"));
    EXPECT_EQ(m.from, "f.levy@chimie-exemple.fr");
    EXPECT_EQ(m.fromDisplay.find("Françoise Lévy") != std::string::npos, true) << m.fromDisplay;
    EXPECT_EQ(m.subject, "Résultats d'évaluation");
    EXPECT_NE(m.body.find("l’outil n°4, pour le jury – merci. Fin"), std::string::npos) << m.body;
    EXPECT_EQ(m.messageId, "q@x");

    bool known = true;
    EXPECT_EQ(toUtf8("caf\xE9", "latin1", &known), "café");
    EXPECT_TRUE(known);
    EXPECT_EQ(toUtf8("abc", "x-no-such-charset", &known), "abc");
    EXPECT_FALSE(known);
}

TEST(MimeMessage, ForwardedMessagesAreReadThroughAndNestingIsBounded)
{
    const std::string inner = "From: rh@chimie-exemple.fr\r\nSubject: original\r\nMIME-Version: 1.0\r\n"
                              "Content-Type: multipart/mixed; boundary=\"in\"\r\n\r\n--in\r\nContent-Type: text/plain\r\n\r\ntexte\r\n"
                              "--in\r\nContent-Type: application/xml; name=\"candidat.xml\"\r\n\r\n<candidat/>\r\n--in--\r\n";
    const auto forwarded = parseMime(multipart("Content-Type: message/rfc822\n", inner));
    ASSERT_EQ(forwarded.attachments.size(), 1u);
    EXPECT_EQ(forwarded.attachments[0].fileName, "candidat.xml");
    EXPECT_EQ(forwarded.attachments[0].content, "<candidat/>");

    // Twelve multiparts one inside the other: over the depth limit, refused with a reason.
    std::string nested = "From: a@b.fr\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n";
    for (int i = 0; i < 12; ++i)
        nested += "--b" + std::to_string(i) + "\r\nContent-Type: multipart/mixed; boundary=\"b" + std::to_string(i + 1) + "\"\r\n\r\n";
    nested += "--b12\r\nContent-Type: text/plain\r\n\r\nfond\r\n";
    for (int i = 12; i >= 0; --i)
        nested += "--b" + std::to_string(i) + "--\r\n";
    MimeLimits limits;
    limits.maxDepth = 10;
    try {
        parseMime(nested, limits);
        ADD_FAILURE() << "a message nested 13 deep was read";
    } catch (const MimeError& e) {
        EXPECT_FALSE(e.reason.empty());
        EXPECT_EQ(e.from, "a@b.fr");
    }
    limits.maxDepth = 20;
    EXPECT_NO_THROW(parseMime(nested, limits));
}

TEST(MimeMessage, PartsAndSizesAreBounded)
{
    std::string many = "From: a@b.fr\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n";
    for (int i = 0; i < 30; ++i)
        many += "--b\r\nContent-Type: application/octet-stream; name=\"f" + std::to_string(i) + ".bin\"\r\n\r\nx\r\n";
    many += "--b--\r\n";
    MimeLimits limits;
    limits.maxParts = 10;
    EXPECT_THROW(parseMime(many, limits), MimeError);
    limits.maxParts = 200;
    EXPECT_EQ(parseMime(many, limits).attachments.size(), 30u);
    limits.maxMessageBytes = 100;
    EXPECT_THROW(parseMime(many, limits), MimeError);
}

TEST(MimeMessage, AutomaticMessagesAreKnownFromTheirHeader)
{
    const auto vacation = parseMime(crlf("From: rh@chimie-exemple.fr\nSubject: Absent\nAuto-Submitted: auto-replied\n"
                                         "Content-Type: text/plain\n\nabsent\n"));
    EXPECT_TRUE(vacation.automatic);
    EXPECT_FALSE(vacation.automaticWhy.empty());
    const auto bounce = parseMime(crlf("Return-Path: <>\nFrom: MAILER-DAEMON@relay.example\nSubject: Undelivered\n"
                                       "Content-Type: text/plain\n\nfailed\n"));
    EXPECT_TRUE(bounce.automatic);
    const auto person = parseMime(crlf("From: rh@chimie-exemple.fr\nSubject: Bonjour\nContent-Type: text/plain\n\nbonjour\n"));
    EXPECT_FALSE(person.automatic);

    // The header alone, from the first bytes of a message too big to read.
    const auto head = parseHeaderOnly(crlf("From: =?UTF-8?Q?L=C3=A9a?= <lea@chimie-exemple.fr>\nSubject: gros\n"
                                           "Message-ID: <big@x>\nPrecedence: bulk\n\n"));
    EXPECT_EQ(head.from, "lea@chimie-exemple.fr");
    EXPECT_EQ(head.messageId, "big@x");
    EXPECT_TRUE(head.automatic);
}

TEST(MimeMessage, TheContentDigestIgnoresWhatRelaysAdd)
{
    const std::string message = crlf("From: rh@chimie-exemple.fr\nSubject: x\nMessage-ID: <d@x>\n\ncorps\n");
    const std::string relayed = crlf("Received: from relay.example by mx.example; Mon, 30 Nov 2026 10:00:00 +0100\n"
                                     "Return-Path: <rh@chimie-exemple.fr>\nDelivered-To: cqp@branche.example\n") +
                                message;
    EXPECT_EQ(contentDigest(message), contentDigest(relayed));
    EXPECT_EQ(contentDigest(message).size(), 64u);
    EXPECT_NE(contentDigest(message), contentDigest(message + "!"));
}

TEST(MimeMessage, AttachmentsAfterAnAlternativeBodyAreKept)
{
    // What Thunderbird, Outlook and webmails send: a text and an HTML body in a
    // multipart/alternative, then the files. Poco's reader lost every part after the
    // alternative one until each part was read to its end.
    const auto m = parseMime(crlf("From: rh@chimie-exemple.fr\nSubject: dossier\nMIME-Version: 1.0\n"
                                  "Content-Type: multipart/mixed; boundary=\"mix\"\n\n"
                                  "--mix\nContent-Type: multipart/alternative; boundary=\"alt\"\n\n"
                                  "--alt\nContent-Type: text/plain; charset=utf-8\n\nCi-joint le dossier.\n"
                                  "--alt\nContent-Type: text/html; charset=utf-8\n\n<p>Ci-joint le dossier.</p>\n--alt--\n\n"
                                  "--mix\nContent-Type: application/xml; name=\"candidature.xml\"\n\n<candidature/>\n"
                                  "--mix\nContent-Type: application/pdf; name=\"outil6.pdf\"\nContent-Transfer-Encoding: base64\n\n"
                                  "JVBERi0xLjQK\n--mix--\n"));
    EXPECT_EQ(m.body, "Ci-joint le dossier.");
    ASSERT_EQ(m.attachments.size(), 2u);
    EXPECT_EQ(m.attachments[0].fileName, "candidature.xml");
    EXPECT_EQ(m.attachments[0].content, "<candidature/>");
    EXPECT_EQ(m.attachments[1].fileName, "outil6.pdf");
    EXPECT_EQ(m.attachments[1].content, "%PDF-1.4\n");
}
