#include "cqp/outbox/OutgoingMessage.h"

#include <Poco/DateTimeParser.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/StringPartSource.h>
#include <Poco/String.h>

#include <algorithm>
#include <sstream>

namespace cqp::outbox {

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
    // "Secrétariat des CQP <cqp@…>": the display name must be an RFC 2047 word.
    std::string from = m.from;
    if (const auto open = from.rfind('<'); open != std::string::npos && open > 0) {
        const std::string name = Poco::trim(from.substr(0, open));
        if (std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
            from = Poco::Net::MailMessage::encodeWord(name, "UTF-8") + " " + from.substr(open);
    }
    mail.setSender(from);
    for (const auto& address : m.to)
        mail.addRecipient(Poco::Net::MailRecipient{Poco::Net::MailRecipient::PRIMARY_RECIPIENT, address});
    mail.setSubject(Poco::Net::MailMessage::encodeWord(m.subject, "UTF-8"));
    mail.set("Message-ID", "<" + m.messageId + ">");
    if (!m.inReplyTo.empty()) {
        mail.set("In-Reply-To", "<" + m.inReplyTo + ">");
        mail.set("References", "<" + m.inReplyTo + ">");
    }
    mail.set("Auto-Submitted", m.reply ? "auto-replied" : "auto-generated");
    mail.set("Content-Language", "fr");
    int tzd = 0;
    Poco::DateTime date;
    if (!m.dateIso.empty() && Poco::DateTimeParser::tryParse(m.dateIso, date, tzd))
        mail.setDate(date.timestamp());
    if (m.attachments.empty()) {
        mail.setContentType("text/plain; charset=UTF-8");
        mail.setContent(m.body, Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
    } else {
        mail.addContent(new Poco::Net::StringPartSource(m.body, "text/plain; charset=UTF-8"),
                        Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
        for (const auto& a : m.attachments)
            mail.addAttachment(Poco::Net::MailMessage::encodeWord(a.fileName, "UTF-8"),
                               new Poco::Net::StringPartSource(a.content, a.mediaType, a.fileName));
    }
    std::ostringstream out;
    mail.write(out);
    return out.str();
}

}  // namespace cqp::outbox
