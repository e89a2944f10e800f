// Text from outside in the mails we write: no header can be added, no line is too long for a
// server, every line ends with CRLF (issue 12, item 1).

#include "cqp/outbox/HeaderText.h"
#include "cqp/outbox/OutgoingMessage.h"

#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MessageHeader.h>

#include <gtest/gtest.h>

#include <sstream>

using namespace cqp::outbox;
using namespace std::string_literals;

namespace {

std::vector<std::string> lines(const std::string& text)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find("\r\n", start);
        out.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos)
            break;
        start = end + 2;
    }
    return out;
}

std::string headerSection(const std::string& message) { return message.substr(0, message.find("\r\n\r\n")); }

OutgoingMessage reply(const std::string& subject)
{
    OutgoingMessage m;
    m.messageId = "cqp.1.abc@branche.example";
    m.from = "Secrétariat des CQP <cqp@branche.example>";
    m.to = {"rh@chimie-exemple.fr"};
    m.subject = subject;
    m.body = "Bonjour,\nune ligne.\nune autre.\n";
    m.reply = true;
    return m;
}

// Parses the message back as a mail client does (RFC 2047 6.2: the white space between two
// adjacent encoded words is not part of the text; Poco's decodeWord keeps it, so words are
// decoded one by one here) and returns the decoded subject.
std::string decodedSubject(const std::string& message)
{
    // Poco's MessageHeader::read decodes the words itself, keeping the spaces: read it raw.
    auto at = message.find("\r\nSubject: ");
    std::string value;
    for (at = message.find("\r\n", at + 2); message.compare(at, 3, "\r\n ") == 0; at = message.find("\r\n", at + 2))
        value += message.substr(at + 2, message.find("\r\n", at + 2) - at - 2);
    value = message.substr(message.find("\r\nSubject: ") + 11, message.find("\r\n", message.find("\r\nSubject: ") + 2) -
                                                                     message.find("\r\nSubject: ") - 11) + value;
    std::istringstream words{value};
    std::string out;
    bool lastEncoded = false;
    for (std::string word; words >> word;) {
        const bool encoded = word.rfind("=?", 0) == 0 && word.size() > 4 && word.compare(word.size() - 2, 2, "?=") == 0;
        if (!out.empty() && !(encoded && lastEncoded))
            out += ' ';
        out += encoded ? Poco::Net::MessageHeader::decodeWord(word) : word;
        lastEncoded = encoded;
    }
    return out;
}

}  // namespace

TEST(HeaderText, ControlCharactersNeverSurvive)
{
    const std::string hostile = "Bonjour\r\nBcc: victim@evil.example\r\nX-Injected: 1\x1b[31m\x07\x00\xc2\x85NEL\xe2\x80\xa8LS"
                                "\xe2\x80\xa9PS\xe2\x80\xaeRLO\x7f\xc2\x9b\0z\xff"s;
    const std::string line = singleLine(hostile, 500);
    for (const char c : line)
        EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 || c == 0x7f) << static_cast<int>(c);
    for (const char* forbidden : {"\xc2\x85", "\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x80\xae", "\xc2\x9b", "\xff"})
        EXPECT_EQ(line.find(forbidden), std::string::npos) << line;
    EXPECT_EQ(line, "Bonjour Bcc: victim@evil.example X-Injected: 1[31m NEL LS PSRLOz");
    // On a terminal the line breaks stay; the escape sequences and the bell go.
    EXPECT_EQ(printableText("a\tb\r\nc\x1b[2J\x07  d"), "a\tb\nc[2J  d");
    EXPECT_EQ(singleLine("  trop   d'espaces  "), "trop d'espaces");
    EXPECT_EQ(singleLine(std::string(300, 'a'), 10), "aaaaaaaaaa…");
}

TEST(HeaderText, AnInjectedSubjectStaysOneEncodedHeader)
{
    // The subject a mail client decodes from =?utf-8?q?Bonjour=0D=0ABcc:_victim@evil.example=0D=0AX-Injected:_1?=
    const std::string message = composeMessage(reply("Re: Bonjour\r\nBcc: victim@evil.example\r\nX-Injected: 1"));
    for (const auto& line : lines(headerSection(message))) {
        EXPECT_NE(line.rfind("Bcc:", 0), 0u) << line;
        EXPECT_NE(line.rfind("X-Injected:", 0), 0u) << line;
    }
    EXPECT_EQ(decodedSubject(message), "Re: Bonjour Bcc: victim@evil.example X-Injected: 1");
}

TEST(HeaderText, LongSubjectsAreFoldedToLinesEveryServerTakes)
{
    for (const std::string& subject : {std::string(994, 'x'), std::string("Résultat ") + std::string(600, 'y'),
                                       std::string(200, ' ') + "é" + std::string(2000, 'z')}) {
        const std::string message = composeMessage(reply(subject));
        for (const auto& line : lines(headerSection(message)))
            EXPECT_LE(line.size(), 78u) << line;
        for (const auto& line : lines(message))
            EXPECT_LE(line.size(), 998u);
        EXPECT_EQ(decodedSubject(message), singleLine(subject, 900));
    }
    EXPECT_EQ(headerValue("Subject", "Re: Question simple"), "Re: Question simple");
}

TEST(HeaderText, EveryLineOfTheMessageEndsWithCrlf)
{
    auto m = reply("Accusé de réception");
    m.body = "Bonjour,\nligne un\rligne deux\r\nligne trois avec des accents : é à ç\n" + std::string(300, 'w') + "\n";
    m.attachments.push_back({"outil4\r\nX-Evil: 1.pdf", "application/pdf", std::string(5000, '\x01')});
    const std::string message = composeMessage(m);
    for (std::size_t i = 0; i < message.size(); ++i) {
        if (message[i] == '\n') {
            ASSERT_TRUE(i > 0 && message[i - 1] == '\r') << "bare LF at " << i;
        }
        if (message[i] == '\r') {
            ASSERT_TRUE(i + 1 < message.size() && message[i + 1] == '\n') << "bare CR at " << i;
        }
    }
    for (const auto& line : lines(message)) {
        EXPECT_LE(line.size(), 998u);
        EXPECT_NE(line.rfind("X-Evil:", 0), 0u);
    }
}

TEST(HeaderText, RecipientsAreSingleStrictAddresses)
{
    for (const char* good : {"rh@chimie-exemple.fr", "a.b+c@x.example", "cqp@localhost"})
        EXPECT_TRUE(isMailboxAddress(good)) << good;
    for (const char* bad : {"", "a@x.example,b@y.example", "big bug bb@bug.com", "<a@x.fr>", "a@@x.fr", "a@x.fr\r\nBcc: v@e.fr",
                            "@x.fr", "a@", "a@-x.fr", "a..b@x.fr", "a@x..fr", "\"a b\"@x.fr", "é@x.fr"})
        EXPECT_FALSE(isMailboxAddress(bad)) << bad;
    auto m = reply("x");
    m.to = {"a@x.example,b@y.example"};
    EXPECT_THROW(composeMessage(m), std::invalid_argument);
    EXPECT_EQ(mailboxHeader("From", "Secrétariat \"des\" CQP\r\nBcc: x@y.z", "cqp@branche.example").find("\r\nBcc"),
              std::string::npos);
}
