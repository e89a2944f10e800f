#include "MailBuilder.h"

#include <algorithm>

#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/StringPartSource.h>

#include <sstream>

namespace cqp::test {

std::string buildMessage(const std::string& from, const std::string& subject, const std::string& messageId,
                         const std::string& text, const std::vector<Part>& attachments,
                         const std::vector<std::pair<std::string, std::string>>& extraHeaders)
{
    Poco::Net::MailMessage mail;
    mail.setSender(from);
    mail.addRecipient(Poco::Net::MailRecipient{Poco::Net::MailRecipient::PRIMARY_RECIPIENT, "cqp@branche.example"});
    mail.setSubject(Poco::Net::MailMessage::encodeWord(subject, "UTF-8"));
    if (!messageId.empty())
        mail.set("Message-ID", "<" + messageId + ">");
    for (std::size_t i = 0; i < extraHeaders.size(); ++i) {
        const auto& [name, value] = extraHeaders[i];
        const bool repeated = std::any_of(extraHeaders.begin(), extraHeaders.begin() + static_cast<std::ptrdiff_t>(i),
                                          [&](const auto& h) { return h.first == name; });
        if (repeated)
            mail.add(name, value);  // a header given several times (Received, Authentication-Results)
        else
            mail.set(name, value);
    }
    if (attachments.empty()) {
        mail.setContentType("text/plain; charset=UTF-8");
        mail.setContent(text, Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
    } else {
        mail.addContent(new Poco::Net::StringPartSource(text, "text/plain; charset=UTF-8"),
                        Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
        for (const auto& a : attachments)
            mail.addAttachment(a.fileName, new Poco::Net::StringPartSource(a.content, a.mediaType, a.fileName));
    }
    std::ostringstream out;
    mail.write(out);
    return out.str();
}

std::string headerOf(const std::string& raw, const std::string& header)
{
    std::istringstream in{raw};
    Poco::Net::MessageHeader h;
    h.setFieldLimit(1000);
    h.read(in);
    return h.get(header, "");
}

}  // namespace cqp::test
