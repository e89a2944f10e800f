#pragma once

// Text that came from outside (a received Subject, a display name, a file name) made safe to
// write into a mail header or show on a terminal, and header lines that every server accepts.

#include <cstddef>
#include <string>
#include <string_view>

namespace cqp::outbox {

/// One line of UTF-8 text with nothing that can break a header or a terminal: every control
/// character (C0 including CR, LF, NUL and ESC; DEL; C1 including NEL; U+2028 and U+2029) and
/// every invalid UTF-8 byte removed or, for tabs and line breaks, made a space; runs of spaces
/// collapsed; trimmed; cut to at most `maxChars` characters (an ellipsis marks the cut).
std::string singleLine(std::string_view text, std::size_t maxChars = 200);

/// Text shown on a terminal or written to a log: line feeds, tabs and spacing kept; every other
/// control character (ESC, BEL, CR, C1, U+2028/2029, bidirectional overrides) and invalid UTF-8 removed.
std::string printableText(std::string_view text);

/// A mailbox address as cqp will write it in To: one `local@domain`, ASCII, no space, no
/// control character, no comma, angle bracket, quote or second @, at most 254 characters;
/// the domain is one or more labels of letters, digits and hyphens.
bool isMailboxAddress(std::string_view address);

/// `Name: value` as it goes into a message: `value` cleaned with singleLine, plain when it is
/// printable ASCII whose words fit, else RFC 2047 encoded words (UTF-8, base64), folded so that
/// no line exceeds 78 octets. Lines end with CRLF; the last one has no line break.
std::string headerValue(std::string_view name, std::string_view value);

/// `"Display Name" <address>` with the display name encoded and cleaned like headerValue.
std::string mailboxHeader(std::string_view name, std::string_view displayName, std::string_view address);

/// Every line break of `text` made CRLF (bare LF and bare CR alike).
std::string withCrlf(std::string_view text);

}  // namespace cqp::outbox
