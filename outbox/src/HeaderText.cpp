#include "cqp/outbox/HeaderText.h"

#include <Poco/Base64Encoder.h>

#include <algorithm>
#include <sstream>
#include <vector>

namespace cqp::outbox {

namespace {

constexpr std::size_t maxLine = 78;  // RFC 5322 2.1.1: SHOULD be no more than 78 characters

// One code point of `text` from `i`; 0xFFFFFFFF and one byte consumed when the byte at `i`
// does not start valid UTF-8 (overlong forms and surrogates included).
char32_t nextCodePoint(std::string_view text, std::size_t& i)
{
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = 0;
    char32_t cp = 0;
    if (c < 0x80) {
        ++i;
        return c;
    }
    if ((c >> 5) == 6) {
        n = 2;
        cp = c & 0x1F;
    } else if ((c >> 4) == 14) {
        n = 3;
        cp = c & 0x0F;
    } else if ((c >> 3) == 30) {
        n = 4;
        cp = c & 0x07;
    } else {
        ++i;
        return 0xFFFFFFFF;
    }
    if (i + n > text.size()) {
        ++i;
        return 0xFFFFFFFF;
    }
    for (std::size_t k = 1; k < n; ++k) {
        const auto b = static_cast<unsigned char>(text[i + k]);
        if ((b & 0xC0) != 0x80) {
            ++i;
            return 0xFFFFFFFF;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    static constexpr char32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < smallest[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return 0xFFFFFFFF;
    }
    i += n;
    return cp;
}

void append(std::string& out, char32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

enum class Kept { Drop, Space, LineFeed, Keep };

// What a code point becomes. Beyond the control characters: the bidirectional overrides and
// isolates (they reorder what a terminal or a mail client shows) and the byte order mark.
Kept judge(char32_t cp)
{
    if (cp == 0xFFFFFFFF)
        return Kept::Drop;
    if (cp == '\n')
        return Kept::LineFeed;
    if (cp == '\t' || cp == '\r' || cp == 0x2028 || cp == 0x2029 || cp == 0x85 || cp == 0xA0)
        return Kept::Space;
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
        return Kept::Drop;
    if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF)
        return Kept::Drop;
    return Kept::Keep;
}

// Header mode: one line, spaces collapsed, trimmed, cut. Terminal mode: line feeds and tabs
// kept, spacing kept as it is (tables stay aligned), only what a terminal would obey removed.
std::string cleaned(std::string_view text, bool terminal, std::size_t maxChars)
{
    std::string out;
    out.reserve(std::min(text.size(), maxChars * 4));
    std::size_t chars = 0;
    bool pendingSpace = false;
    std::size_t i = 0;
    while (i < text.size()) {
        const char32_t cp = nextCodePoint(text, i);
        Kept kept = judge(cp);
        if (terminal) {
            if (kept == Kept::Drop || cp == '\r')
                continue;
            if (kept == Kept::LineFeed || cp == '\t')
                out += static_cast<char>(cp);
            else if (kept == Kept::Space)
                out += ' ';
            else
                append(out, cp);
            continue;
        }
        if (kept == Kept::LineFeed)
            kept = Kept::Space;
        if (kept == Kept::Drop)
            continue;
        if (kept == Kept::Space || cp == ' ') {
            pendingSpace = !out.empty();
            continue;
        }
        if (chars + (pendingSpace ? 1 : 0) >= maxChars) {
            out += "…";
            return out;
        }
        if (pendingSpace) {
            out += ' ';
            ++chars;
            pendingSpace = false;
        }
        append(out, cp);
        ++chars;
    }
    return out;
}

std::string base64(std::string_view bytes)
{
    std::ostringstream out;
    Poco::Base64Encoder encoder{out};
    encoder.rdbuf()->setLineLength(0);
    encoder.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    encoder.close();
    return out.str();
}

bool plainWords(std::string_view text)
{
    if (text.find("=?") != std::string_view::npos)
        return false;  // would be read as an encoded word
    std::size_t word = 0;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7F)
            return false;
        word = c == ' ' ? 0 : word + 1;
        if (word > 60)
            return false;
    }
    return true;
}

// RFC 2047 encoded words, each holding whole characters and fitting a folded line.
std::vector<std::string> encodedWords(std::string_view text, std::size_t firstRoom)
{
    std::vector<std::string> words;
    std::size_t i = 0;
    std::size_t room = firstRoom;
    while (i < text.size()) {
        // "=?UTF-8?B?" + "?=" take 12 octets; base64 turns 3 octets into 4.
        const std::size_t maxBytes = std::max<std::size_t>(3, (room > 12 ? room - 12 : 0) / 4 * 3);
        std::size_t end = i;
        while (end < text.size()) {
            std::size_t next = end;
            nextCodePoint(text, next);
            if (next - i > maxBytes)
                break;
            end = next;
        }
        if (end == i)
            nextCodePoint(text, end);
        words.push_back("=?UTF-8?B?" + base64(text.substr(i, end - i)) + "?=");
        i = end;
        room = maxLine - 1;  // the next line starts with a space
    }
    return words;
}

// Tokens joined by spaces, a line break before a token that would pass the line length.
std::string folded(std::size_t used, const std::vector<std::string>& tokens)
{
    std::string out;
    bool first = true;
    for (const auto& token : tokens) {
        if (first) {
            out += token;
            used += token.size();
            first = false;
        } else if (used + 1 + token.size() > maxLine) {
            out += "\r\n " + token;
            used = 1 + token.size();
        } else {
            out += " " + token;
            used += 1 + token.size();
        }
    }
    return out;
}

std::vector<std::string> phraseTokens(std::string_view text, std::size_t used)
{
    if (plainWords(text)) {
        std::vector<std::string> words;
        std::istringstream in{std::string{text}};
        for (std::string word; in >> word;)
            words.push_back(word);
        return words;
    }
    return encodedWords(text, maxLine - used);
}

}  // namespace

std::string singleLine(std::string_view text, std::size_t maxChars) { return cleaned(text, false, maxChars); }

std::string printableText(std::string_view text) { return cleaned(text, true, 0); }

bool isMailboxAddress(std::string_view address)
{
    if (address.empty() || address.size() > 254)
        return false;
    const auto at = address.find('@');
    if (at == 0 || at == std::string_view::npos || at > 64 || address.find('@', at + 1) != std::string_view::npos)
        return false;
    const std::string_view local = address.substr(0, at);
    const std::string_view domain = address.substr(at + 1);
    static constexpr std::string_view localSpecials = "!#$%&'*+-/=?^_`{|}~.";
    for (const char c : local)
        if (!std::isalnum(static_cast<unsigned char>(c)) && localSpecials.find(c) == std::string_view::npos)
            return false;
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
        return false;
    if (domain.empty() || domain.size() > 253)
        return false;
    std::size_t label = 0;
    for (std::size_t k = 0; k < domain.size(); ++k) {
        const char c = domain[k];
        if (c == '.') {
            if (label == 0 || domain[k - 1] == '-')
                return false;
            label = 0;
            continue;
        }
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-')
            return false;
        if (label == 0 && c == '-')
            return false;
        if (++label > 63)
            return false;
    }
    return label > 0 && domain.back() != '-';
}

std::string headerValue(std::string_view name, std::string_view value)
{
    const std::string text = singleLine(value, 900);
    const std::size_t used = name.size() + 2;
    return folded(used, phraseTokens(text, used));
}

std::string mailboxHeader(std::string_view name, std::string_view displayName, std::string_view address)
{
    const std::string text = singleLine(displayName, 120);
    const std::size_t used = name.size() + 2;
    std::vector<std::string> tokens;
    if (!text.empty()) {
        const bool atoms = std::all_of(text.begin(), text.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == ' ' || c == '-' || c == '.' || c == '\'';
        });
        tokens = atoms && plainWords(text) ? phraseTokens("\"" + text + "\"", used) : encodedWords(text, maxLine - used);
    }
    tokens.push_back("<" + std::string{address} + ">");
    return folded(used, tokens);
}

std::string withCrlf(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 32);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\r') {
            out += "\r\n";
            if (i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace cqp::outbox
