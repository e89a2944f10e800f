#include "cqp/outbox/OutgoingMessage.h"

#include "cqp/outbox/HeaderText.h"

#include <Poco/DateTimeParser.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/StringPartSource.h>
#include <Poco/String.h>

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace cqp::outbox {

namespace {

// A Message-ID we may repeat in In-Reply-To: id-left "@" id-right, printable ASCII only.
bool isMessageId(const std::string& id)
{
    return id.size() <= 250 && id.find('@') != std::string::npos &&
           std::all_of(id.begin(), id.end(), [](char c) { return c > 0x20 && c < 0x7F && c != '<' && c != '>'; });
}

// Our attachments carry names we made, but a scan's name came from its sender: one short line.
std::string attachmentName(const std::string& name)
{
    std::string out;
    for (char c : singleLine(name, 80))
        out += c == '"' || c == '\\' ? '_' : c;
    return out.empty() ? "piece-jointe" : out;
}

}  // namespace

std::vector<std::string> splitAddresses(const std::string& list)
{
    std::vector<std::string> out;
    std::string current;
    for (char c : list + ",") {
        if (c == ',' || c == ';') {
            const std::string address = Poco::trim(current);
            if (!address.empty())
                out.push_back(address);
            current.clear();
        } else {
            current += c;
        }
    }
    return out;
}

std::string composeMessage(const OutgoingMessage& m)
{
    Poco::Net::MailMessage mail;
    // Every header value is written here already cleaned, encoded and folded (HeaderText):
    // whatever came from outside cannot add a header or a line longer than a server takes.
    std::string fromName;
    std::string fromAddress = m.from;
    if (const auto open = m.from.rfind('<'); open != std::string::npos) {
        fromName = Poco::trim(m.from.substr(0, open));
        fromAddress = m.from.substr(open + 1, m.from.find('>', open) - open - 1);
    }
    if (fromName.size() >= 2 && fromName.front() == '"' && fromName.back() == '"')
        fromName = fromName.substr(1, fromName.size() - 2);
    if (!isMailboxAddress(fromAddress))
        throw std::invalid_argument("mail.from is not one mailbox address: " + singleLine(m.from));
    mail.set("From", mailboxHeader("From", fromName, fromAddress));
    std::string to;
    for (const auto& address : m.to) {
        if (!isMailboxAddress(address))
            throw std::invalid_argument("not a mailbox address: " + singleLine(address));
        to += (to.empty() ? "" : ",\r\n ") + address;
    }
    mail.set("To", to);
    mail.set("Subject", headerValue("Subject", m.subject));
    mail.set("Message-ID", "<" + m.messageId + ">");
    if (!m.inReplyTo.empty() && isMessageId(m.inReplyTo)) {
        mail.set("In-Reply-To", "<" + m.inReplyTo + ">");
        mail.set("References", "<" + m.inReplyTo + ">");
    }
    mail.set("Auto-Submitted", m.reply ? "auto-replied" : "auto-generated");
    mail.set("Content-Language", "fr");
    int tzd = 0;
    Poco::DateTime date;
    if (!m.dateIso.empty() && Poco::DateTimeParser::tryParse(m.dateIso, date, tzd))
        mail.setDate(date.timestamp());
    // The body quotes file names and subjects from outside: no control character but line feeds.
    const std::string body = withCrlf(printableText(m.body));
    if (m.attachments.empty()) {
        mail.setContentType("text/plain; charset=UTF-8");
        mail.setContent(body, Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
    } else {
        mail.addContent(new Poco::Net::StringPartSource(body, "text/plain; charset=UTF-8"),
                        Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
        for (const auto& a : m.attachments) {
            const std::string name = attachmentName(a.fileName);
            mail.addAttachment(Poco::Net::MailMessage::encodeWord(name, "UTF-8"),
                               new Poco::Net::StringPartSource(a.content, a.mediaType, name));
        }
    }
    std::ostringstream out;
    mail.write(out);
    // Poco writes CRLF after headers but copies the quoted-printable body's own line breaks.
    return withCrlf(out.str());
}

}  // namespace cqp::outbox
