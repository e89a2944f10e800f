#pragma once

// Private to inbox: the text of headers and parameters — RFC 2047 words, RFC 2231 parameters,
// charsets through iconv — shared by the MIME reader (MimeMessage.cpp).

#include <Poco/Net/NameValueCollection.h>

#include <optional>
#include <string>

namespace cqp::inbox::detail {

std::string lower(std::string s);
bool validUtf8(const std::string& s);
/// RFC 2231: name*=charset'lang'percent-encoded, possibly split as name*0*, name*1*, …
std::string rfc2231(const Poco::Net::NameValueCollection& params, const std::string& name, bool& found);
/// Any charset the C library knows (EUC-KR, ISO-2022-JP, GB18030, KOI8-R…) through iconv(3).
std::optional<std::string> withIconv(const std::string& text, const std::string& charset);
/// A header field as written (unfolded), without Poco's decoding of its encoded words.
std::string rawField(const std::string& raw, const std::string& name);
/// RFC 2047 words decoded and converted to UTF-8; the rest read as UTF-8, ISO-2022-JP or
/// Windows-1252.
std::string decodedHeader(const std::string& value);
/// Text that is not UTF-8, as ISO-2022-JP (escape sequences) or Windows-1252.
std::string plainText(const std::string& text);

}  // namespace cqp::inbox::detail
