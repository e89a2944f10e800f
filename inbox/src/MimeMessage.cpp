#include "cqp/inbox/MimeMessage.h"

#include "MimeText.h"

#include <openssl/evp.h>

#include <Poco/Base64Decoder.h>
#include <Poco/Exception.h>
#include <Poco/Latin1Encoding.h>
#include <Poco/MemoryStream.h>
#include <Poco/Net/MediaType.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/MultipartReader.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/QuotedPrintableDecoder.h>
#include <Poco/String.h>
#include <Poco/TextConverter.h>
#include <Poco/UTF8Encoding.h>
#include <Poco/Windows1252Encoding.h>

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <regex>
#include <cctype>
#include <map>
#include <limits>
#include <memory>
#include <stdexcept>
#include <sstream>


namespace cqp::inbox {

using namespace detail;

namespace {

class Walker {
public:
    Walker(MimeMessage& message, const MimeLimits& limits) : message_{message}, limits_{limits} {}

    void walk(const Poco::Net::MessageHeader& header, std::istream& body, int depth)
    {
        if (depth > limits_.maxDepth)
            throw MimeError{"le message imbrique plus de " + std::to_string(limits_.maxDepth) + " niveaux de parties."};
        if (++parts_ > limits_.maxParts)
            throw MimeError{"le message compte plus de " + std::to_string(limits_.maxParts) + " parties."};
        std::string type = "text";
        std::string subtype = "plain";
        Poco::Net::NameValueCollection typeParams;
        if (header.has("Content-Type")) {
            std::string value;
            Poco::Net::MessageHeader::splitParameters(header.get("Content-Type"), value, typeParams);
            value = lower(Poco::trim(value));
            const auto slash = value.find('/');
            if (slash != std::string::npos) {
                type = value.substr(0, slash);
                subtype = value.substr(slash + 1);
            }
        }
        if (type == "multipart") {
            if (subtype == "encrypted")
                message_.encrypted = true;
            if (subtype == "report" && !message_.automatic) {
                message_.automatic = true;
                message_.automaticWhy = "avis de non-remise ou de lecture (multipart/report)";
            }
            const std::string boundary = typeParams.get("boundary", "");
            if (boundary.empty())
                throw MimeError{"une partie multipart n'a pas de délimiteur (boundary)."};
            Poco::Net::MultipartReader reader{body, boundary};
            try {
                while (reader.hasNextPart()) {
                    Poco::Net::MessageHeader partHeader;
                    reader.nextPart(partHeader);
                    walk(partHeader, reader.stream(), depth + 1);
                }
            } catch (const Poco::Net::MultipartException&) {
                throw MimeError{"la structure multipart est incomplète (délimiteur final absent ou mal formé)."};
            } catch (const Poco::Exception& e) {
                // A part's header that is not a header (found by fuzzing: Poco's MessageException).
                throw MimeError{"une partie du message est illisible (" + e.message() + ")."};
            }
            // The reader stops at this multipart's closing delimiter. When it is itself a part,
            // its parent's reader starts the next part where the stream stands: read on to the
            // end of this part (the line break before the parent's delimiter, an epilogue), or
            // every part after a multipart/alternative body would be lost. Only while the
            // stream is not at its end: past it, a part's stream goes on into the next part.
            if (!body.eof())
                body.ignore(std::numeric_limits<std::streamsize>::max());
            return;
        }
        std::string content = decoded(header, body);
        if (type == "message" && subtype == "rfc822") {
            // A forwarded message: its parts count as this message's parts.
            std::istringstream inner{content};
            Poco::Net::MessageHeader innerHeader;
            readHeader(innerHeader, inner);
            walk(innerHeader, inner, depth + 1);
            return;
        }
        const std::string mediaType = type + "/" + subtype;
        if (mediaType == "application/pkcs7-mime" || mediaType == "application/x-pkcs7-mime" ||
            mediaType == "application/pgp-encrypted")
            message_.encrypted = true;
        std::string fileName = attachmentName(header, typeParams);
        if (fileName.empty() && type == "text" && (subtype == "plain" || subtype == "html") && message_.body.empty()) {
            bool known = true;
            message_.body = toUtf8(content, typeParams.get("charset", "us-ascii"), &known);
            if (!known)
                message_.notes.push_back("Jeu de caractères inconnu « " + typeParams.get("charset", "") +
                                         " » dans le texte du message : texte conservé tel quel.");
            return;
        }
        if (fileName.empty() && type == "text" && (subtype == "plain" || subtype == "html"))
            return;  // another rendering of the body (multipart/alternative)
        message_.attachments.push_back({safeFileName(fileName, static_cast<int>(message_.attachments.size()) + 1), mediaType,
                                        std::move(content)});
    }

    static void readHeader(Poco::Net::MessageHeader& header, std::istream& in)
    {
        header.setFieldLimit(1000);
        try {
            header.read(in);
        } catch (const Poco::Exception& e) {
            throw MimeError{"en-tête illisible (" + e.message() + ")."};
        }
        // Poco leaves the blank line that ends the header in the stream.
        if (in.peek() == '\r')
            in.get();
        if (in.peek() == '\n')
            in.get();
    }

private:
    std::string decoded(const Poco::Net::MessageHeader& header, std::istream& body)
    {
        const std::string encoding = lower(Poco::trim(header.get("Content-Transfer-Encoding", "")));
        std::string out;
        auto copy = [&](std::istream& in) {
            char buffer[8192];
            while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
                decodedBytes_ += static_cast<std::size_t>(in.gcount());
                if (decodedBytes_ > limits_.maxDecodedBytes)
                    throw MimeError{"le contenu décodé du message dépasse " + std::to_string(limits_.maxDecodedBytes) +
                                    " octets."};
                out.append(buffer, static_cast<std::size_t>(in.gcount()));
            }
        };
        try {
            if (encoding == "base64") {
                Poco::Base64Decoder decoder{body};
                copy(decoder);
            } else if (encoding == "quoted-printable") {
                Poco::Net::QuotedPrintableDecoder decoder{body};
                copy(decoder);
            } else {
                copy(body);
            }
        } catch (const Poco::DataFormatException&) {
            message_.notes.push_back("Une partie du message est mal encodée (" + encoding + " invalide) : elle n'a pas pu être lue.");
            return {};
        }
        return out;
    }

    std::string attachmentName(const Poco::Net::MessageHeader& header, const Poco::Net::NameValueCollection& typeParams)
    {
        std::string name;
        if (header.has("Content-Disposition")) {
            std::string disposition;
            Poco::Net::NameValueCollection params;
            Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition"), disposition, params);
            bool extended = false;
            name = rfc2231(params, "filename", extended);
            if (!extended)
                name = params.get("filename", "");
            if (name.empty() && lower(Poco::trim(disposition)) == "attachment")
                name = "piece-jointe";
        }
        if (name.empty()) {
            bool extended = false;
            name = rfc2231(typeParams, "name", extended);
            if (!extended)
                name = typeParams.get("name", "");
        }
        return Poco::Net::MessageHeader::decodeWord(name);
    }

    MimeMessage& message_;
    const MimeLimits& limits_;
    int parts_ = 0;
    std::size_t decodedBytes_ = 0;
};

// The one address of a From line: "Name <a@x>" or "a@x". A line naming several addresses
// (a comma or a second @ outside the brackets) gives none: it is never answered.
std::string addressOf(const std::string& from)
{
    std::string address = from;
    const auto open = from.find('<');
    const auto close = from.find('>', open == std::string::npos ? 0 : open);
    if (open != std::string::npos) {
        if (close == std::string::npos || from.find('<', open + 1) != std::string::npos)
            return {};
        address = from.substr(open + 1, close - open - 1);
        const std::string outside = from.substr(0, open) + from.substr(close + 1);
        if (outside.find('@') != std::string::npos && outside.find('"') == std::string::npos)
            return {};
    }
    return lower(Poco::trim(address));
}

}  // namespace

static void readEnvelope(const Poco::Net::MessageHeader& header, MimeMessage& message, const std::string& rawFields);

MimeMessage parseMime(const std::string& raw, const MimeLimits& limits)
{
    if (raw.size() > limits.maxMessageBytes)
        throw MimeError{"le message fait " + std::to_string(raw.size()) + " octets ; la taille maximale est de " +
                        std::to_string(limits.maxMessageBytes) + " octets."};
    MimeMessage message;
    Poco::MemoryInputStream in{raw.data(), static_cast<std::streamsize>(raw.size())};  // no copy of 25 MB
    Poco::Net::MessageHeader header;
    Walker::readHeader(header, in);
    const auto blank = std::min(raw.find("\n\n"), raw.find("\n\r\n"));
    readEnvelope(header, message, raw.substr(0, std::min<std::size_t>(blank == std::string::npos ? raw.size() : blank + 1, 1 << 20)));
    Walker walker{message, limits};
    try {
        walker.walk(header, in, 0);
    } catch (MimeError& e) {
        e.from = message.from;
        e.subject = message.subject;
        e.messageId = message.messageId;
        e.automatic = message.automatic;
        e.automaticWhy = message.automaticWhy;
        e.inReplyTo = message.inReplyTo;
        e.references = message.references;
        throw;
    }
    return message;
}

std::string contentDigest(const std::string& raw)
{
    static const char* const trace[] = {"received:", "return-path:", "delivered-to:", "x-original-to:",
                                        "authentication-results:", "arc-", "x-spam-"};
    // OpenSSL's SHA-256 (the processor's SHA instructions; Poco's is several times slower).
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> engine{EVP_MD_CTX_new(), EVP_MD_CTX_free};
    if (!engine || EVP_DigestInit_ex(engine.get(), EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 unavailable");
    const auto update = [&](const char* data, std::size_t size) { EVP_DigestUpdate(engine.get(), data, size); };
    std::size_t at = 0;
    bool dropping = false;
    while (at < raw.size()) {
        auto end = raw.find('\n', at);
        end = end == std::string::npos ? raw.size() : end + 1;
        const std::string_view line{raw.data() + at, end - at};
        if (line == "\r\n" || line == "\n") {  // end of the header: the rest is content
            update(raw.data() + at, raw.size() - at);
            break;
        }
        const bool continuation = line.front() == ' ' || line.front() == '\t';
        if (!continuation) {
            const std::string head = lower(std::string{line.substr(0, 32)});
            dropping = std::any_of(std::begin(trace), std::end(trace), [&](const char* t) { return head.rfind(t, 0) == 0; });
        }
        if (!dropping)
            update(line.data(), line.size());
        at = end;
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(engine.get(), digest, &length);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

MimeMessage parseHeaderOnly(const std::string& head)
{
    MimeMessage message;
    std::istringstream in{head.substr(0, head.find("\r\n\r\n") == std::string::npos ? head.size() : head.find("\r\n\r\n") + 2)};
    Poco::Net::MessageHeader header;
    try {
        Walker::readHeader(header, in);
    } catch (const MimeError&) {
        return message;
    }
    readEnvelope(header, message, head);
    return message;
}

static void readEnvelope(const Poco::Net::MessageHeader& header, MimeMessage& message, const std::string& rawFields)
{
    message.messageId = Poco::trim(header.get("Message-ID", ""));
    if (message.messageId.size() >= 2 && message.messageId.front() == '<' && message.messageId.back() == '>')
        message.messageId = message.messageId.substr(1, message.messageId.size() - 2);
    message.fromDisplay = decodedHeader(rawFields.empty() ? header.get("From", "") : rawField(rawFields, "From"));
    message.from = addressOf(message.fromDisplay);
    message.subject = decodedHeader(rawFields.empty() ? header.get("Subject", "") : rawField(rawFields, "Subject"));
    if (!validUtf8(message.subject))
        message.subject = toUtf8(message.subject, "windows-1252");
    message.returnPath = Poco::trim(header.get("Return-Path", "-"));

    // Never answer a machine: RFC 3834 auto-replies, bounces, lists and bulk mail.
    const std::string autoSubmitted = lower(Poco::trim(header.get("Auto-Submitted", "no")));
    const std::string precedence = lower(Poco::trim(header.get("Precedence", "")));
    if (autoSubmitted != "no")
        message.automaticWhy = "réponse automatique (Auto-Submitted: " + autoSubmitted.substr(0, 40) + ")";
    else if (precedence == "bulk" || precedence == "list" || precedence == "junk" || precedence == "auto_reply")
        message.automaticWhy = "envoi en nombre ou liste de diffusion (Precedence: " + precedence + ")";
    else if (header.has("List-Id") || header.has("List-Unsubscribe"))
        message.automaticWhy = "liste de diffusion ou lettre d'information (List-Id, List-Unsubscribe)";
    else if (header.has("X-Autoreply") || header.has("X-Autorespond"))
        message.automaticWhy = "réponse automatique (X-Autoreply)";
    else if (message.returnPath == "<>")
        message.automaticWhy = "avis de non-remise (Return-Path vide)";
    message.automatic = !message.automaticWhy.empty();
    message.inReplyTo = header.get("In-Reply-To", "").substr(0, 2000);
    message.references = header.get("References", "").substr(0, 8000);
    for (const auto& [name, value] : header)
        if (Poco::icompare(name, "Authentication-Results") == 0 && message.authenticationResults.size() < 20)
            message.authenticationResults.push_back(value.substr(0, 2000));
}

}  // namespace cqp::inbox
