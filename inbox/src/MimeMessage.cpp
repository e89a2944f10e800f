#include "cqp/inbox/MimeMessage.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Exception.h>
#include <Poco/Latin1Encoding.h>
#include <Poco/MemoryStream.h>
#include <Poco/SHA2Engine.h>
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
#include <sstream>

namespace cqp::inbox {

namespace {

std::string lower(std::string s)
{
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool validUtf8(const std::string& s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size())
            return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
                return false;
        i += n;
    }
    return true;
}

// RFC 2231: name*=charset'lang'percent-encoded, possibly split as name*0*, name*1*, …
std::string rfc2231(const Poco::Net::NameValueCollection& params, const std::string& name, bool& found)
{
    std::map<int, std::pair<std::string, bool>> segments;  // index → (value, encoded)
    for (const auto& [key, value] : params) {
        const std::string k = lower(key);
        if (k.rfind(name + "*", 0) != 0)
            continue;
        // "name*" (one encoded value), "name*0", "name*0*", "name*1*"…
        std::string rest = k.substr(name.size() + 1);
        if (rest.empty()) {
            segments[0] = {value, true};
            continue;
        }
        const bool encoded = rest.back() == '*';
        if (encoded)
            rest.pop_back();
        if (rest.empty() || rest.size() > 3 || !std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; }))
            continue;
        segments[std::stoi(rest)] = {value, encoded};
    }
    found = !segments.empty();
    std::string charset = "utf-8";
    std::string out;
    bool first = true;
    for (auto& [index, segment] : segments) {
        std::string value = segment.first;
        if (segment.second) {
            if (first) {
                const auto q1 = value.find('\'');
                const auto q2 = q1 == std::string::npos ? q1 : value.find('\'', q1 + 1);
                if (q2 != std::string::npos) {
                    charset = lower(value.substr(0, q1));
                    value = value.substr(q2 + 1);
                }
            }
            std::string decoded;
            for (std::size_t i = 0; i < value.size(); ++i) {
                if (value[i] == '%' && i + 2 < value.size() && std::isxdigit(static_cast<unsigned char>(value[i + 1])) &&
                    std::isxdigit(static_cast<unsigned char>(value[i + 2]))) {
                    decoded += static_cast<char>(std::stoi(value.substr(i + 1, 2), nullptr, 16));
                    i += 2;
                } else {
                    decoded += value[i];
                }
            }
            value = decoded;
        }
        out += value;
        first = false;
    }
    return toUtf8(out, charset);
}

// Any charset the C library knows (EUC-KR, ISO-2022-JP, GB18030, KOI8-R…) through iconv(3).
std::optional<std::string> withIconv(const std::string& text, const std::string& charset)
{
    if (charset.empty() || charset.size() > 40)
        return std::nullopt;
    iconv_t cd = iconv_open("UTF-8", charset.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1))
        return std::nullopt;
    std::string out(text.size() * 4 + 16, '\0');
    char* in = const_cast<char*>(text.data());
    std::size_t inLeft = text.size();
    char* to = out.data();
    std::size_t outLeft = out.size();
    bool ok = true;
    while (inLeft > 0) {
        if (iconv(cd, &in, &inLeft, &to, &outLeft) == static_cast<std::size_t>(-1)) {
            if (errno == EILSEQ || errno == EINVAL) {  // a byte that is not of that charset: skipped
                ++in;
                --inLeft;
                continue;
            }
            ok = false;
            break;
        }
    }
    iconv(cd, nullptr, nullptr, &to, &outLeft);
    iconv_close(cd);
    if (!ok)
        return std::nullopt;
    out.resize(out.size() - outLeft);
    return out;
}

// A header field as written (unfolded), without Poco's decoding of its encoded words.
std::string rawField(const std::string& raw, const std::string& name)
{
    const std::string wanted = lower(name) + ":";
    std::size_t at = 0;
    while (at < raw.size()) {
        auto end = raw.find('\n', at);
        if (end == std::string::npos)
            end = raw.size();
        std::string line = raw.substr(at, end - at);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.empty())
            return {};
        if (lower(line.substr(0, wanted.size())) == wanted) {
            std::string value = line.substr(wanted.size());
            // Continuation lines start with a space or a tab.
            for (at = end + 1; at < raw.size() && (raw[at] == ' ' || raw[at] == '\t');) {
                auto next = raw.find('\n', at);
                if (next == std::string::npos)
                    next = raw.size();
                std::string more = raw.substr(at, next - at);
                if (!more.empty() && more.back() == '\r')
                    more.pop_back();
                value += more;
                at = next + 1;
            }
            return Poco::trim(value).substr(0, 4000);
        }
        at = end + 1;
    }
    return {};
}

std::string plainText(const std::string& text);

// RFC 2047: "=?charset?B|Q?text?=" words decoded and converted to UTF-8 (any charset iconv
// knows); the white space between two adjacent encoded words is dropped; the rest of the text,
// when it is not UTF-8, read as ISO-2022-JP (it has escape sequences) or Windows-1252.
std::string decodedHeader(const std::string& value)
{
    static const std::regex word{R"(=\?([^?\s]{1,40})\?([BbQq])\?([^?\s]*)\?=)"};
    std::string out;
    auto begin = std::sregex_iterator(value.begin(), value.end(), word);
    std::size_t last = 0;
    bool previousEncoded = false;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
        const auto& m = *it;
        const std::string between = value.substr(last, static_cast<std::size_t>(m.position()) - last);
        if (!(previousEncoded && Poco::trim(between).empty()))
            out += plainText(between);
        std::string charset = lower(m[1].str());
        if (const auto star = charset.find('*'); star != std::string::npos)
            charset = charset.substr(0, star);  // RFC 2231 language
        std::string bytes;
        const std::string payload = m[3].str();
        if (m[2].str() == "B" || m[2].str() == "b") {
            std::istringstream in{payload};
            Poco::Base64Decoder decoder{in};
            try {
                char buffer[256];
                while (decoder.read(buffer, sizeof buffer) || decoder.gcount() > 0)
                    bytes.append(buffer, static_cast<std::size_t>(decoder.gcount()));
            } catch (const Poco::Exception&) {
                bytes = payload;
            }
        } else {
            for (std::size_t i = 0; i < payload.size(); ++i) {
                if (payload[i] == '_')
                    bytes += ' ';
                else if (payload[i] == '=' && i + 2 < payload.size() && std::isxdigit(static_cast<unsigned char>(payload[i + 1])) &&
                         std::isxdigit(static_cast<unsigned char>(payload[i + 2]))) {
                    bytes += static_cast<char>(std::stoi(payload.substr(i + 1, 2), nullptr, 16));
                    i += 2;
                } else
                    bytes += payload[i];
            }
        }
        out += toUtf8(bytes, charset);
        last = static_cast<std::size_t>(m.position() + m.length());
        previousEncoded = true;
    }
    out += plainText(value.substr(last));
    return out;
}

std::string plainText(const std::string& text)
{
    if (text.find("\x1b$B") != std::string::npos || text.find("\x1b$@") != std::string::npos)
        if (auto japanese = withIconv(text, "iso-2022-jp"))
            return *japanese;
    return validUtf8(text) ? text : toUtf8(text, "windows-1252");
}

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

std::string toUtf8(const std::string& text, const std::string& charset, bool* known)
{
    const std::string cs = lower(Poco::trim(charset));
    if (known)
        *known = true;
    if (cs.empty() || cs == "utf-8" || cs == "utf8" || cs == "us-ascii" || cs == "ascii") {
        if (validUtf8(text))
            return text;
        // Mislabelled 8-bit text is nearly always Windows-1252 in French mail.
        return toUtf8(text, "windows-1252");
    }
    Poco::UTF8Encoding utf8;
    std::string out;
    if (cs == "iso-8859-1" || cs == "latin1" || cs == "iso8859-1" || cs == "iso_8859-1" || cs == "iso-8859-15") {
        Poco::Latin1Encoding latin1;
        Poco::TextConverter{latin1, utf8}.convert(text, out);
        return out;
    }
    if (cs == "windows-1252" || cs == "cp1252") {
        Poco::Windows1252Encoding windows;
        Poco::TextConverter{windows, utf8}.convert(text, out);
        return out;
    }
    if (auto converted = withIconv(text, cs)) {
        return *converted;
    }
    if (known)
        *known = false;
    return validUtf8(text) ? text : toUtf8(text, "windows-1252");
}

std::string safeFileName(const std::string& name, int index)
{
    std::string base = name;
    const auto slash = base.find_last_of("/\\");
    if (slash != std::string::npos)
        base = base.substr(slash + 1);
    if (!validUtf8(base))
        base = toUtf8(base, "windows-1252");
    std::string out;
    for (std::size_t i = 0; i < base.size(); ++i) {
        const auto c = static_cast<unsigned char>(base[i]);
        const auto next = i + 1 < base.size() ? static_cast<unsigned char>(base[i + 1]) : 0;
        const auto third = i + 2 < base.size() ? static_cast<unsigned char>(base[i + 2]) : 0;
        // C1 controls (U+0080–U+009F), and U+2028/2029 and the bidirectional overrides and
        // isolates (U+202A–U+202E, U+2066–U+2069), which make a name read as something else.
        if (c == 0xC2 && next >= 0x80 && next <= 0x9F) {
            ++i;
            continue;
        }
        if (c == 0xE2 && ((next == 0x80 && third >= 0xA8 && third <= 0xAE) || (next == 0x81 && third >= 0xA6 && third <= 0xA9))) {
            i += 2;
            continue;
        }
        if (c >= 0x20 && c != 0x7f && c != ':' && c != '*' && c != '?' && c != '"' && c != '<' && c != '>' && c != '|')
            out += static_cast<char>(c);
    }
    while (!out.empty() && (out.front() == '.' || out.front() == ' '))
        out.erase(out.begin());
    if (out.size() > 120)
        out = out.substr(out.size() - 120);
    if (out.empty())
        out = "piece-" + std::to_string(index);
    return out;
}

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
    Poco::SHA2Engine engine{Poco::SHA2Engine::SHA_256};
    std::size_t at = 0;
    bool dropping = false;
    while (at < raw.size()) {
        auto end = raw.find('\n', at);
        end = end == std::string::npos ? raw.size() : end + 1;
        const std::string_view line{raw.data() + at, end - at};
        if (line == "\r\n" || line == "\n") {  // end of the header: the rest is content
            engine.update(raw.data() + at, static_cast<unsigned>(raw.size() - at));
            break;
        }
        const bool continuation = line.front() == ' ' || line.front() == '\t';
        if (!continuation) {
            const std::string head = lower(std::string{line.substr(0, 32)});
            dropping = std::any_of(std::begin(trace), std::end(trace), [&](const char* t) { return head.rfind(t, 0) == 0; });
        }
        if (!dropping)
            engine.update(line.data(), static_cast<unsigned>(line.size()));
        at = end;
    }
    return Poco::DigestEngine::digestToHex(engine.digest());
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
}

}  // namespace cqp::inbox
