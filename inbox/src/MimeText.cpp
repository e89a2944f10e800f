#include "cqp/inbox/MimeMessage.h"

#include "MimeText.h"

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

namespace detail {

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

}  // namespace detail

using namespace detail;

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

}  // namespace cqp::inbox
