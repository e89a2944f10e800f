#pragma once

// Private: HTML of `cqp serve`. Every value from the store or the request goes through h()
// (or an attribute helper that calls it): a candidate named <script> is shown, never run.
// No script at all, no inline style: the Content-Security-Policy forbids both.

#include <string>
#include <string_view>
#include <vector>

namespace cqp::pipeline::web {

/// Text escaped for HTML content and quoted attribute values.
std::string h(std::string_view text);
/// A query parameter's value, percent-encoded.
std::string urlEncoded(std::string_view text);

/// A whole console page: header with the user and the logout button, navigation (`active` is
/// the current section's path), the flash message, then `body`.
struct ConsoleLayout {
    std::string title;
    std::string user;
    std::string role;
    std::string csrf;
    std::string active;
    std::string flash;
};
std::string consolePage(const ConsoleLayout& layout, const std::string& body);
/// A public page (verification, login): no navigation.
std::string publicPage(const std::string& title, const std::string& body);

/// A POST form made of one button: `fields` are hidden name/value pairs; the CSRF token is added.
std::string actionButton(const std::string& action, const std::string& csrf, const std::string& label,
                         const std::vector<std::pair<std::string, std::string>>& fields = {}, bool danger = false);
/// The CSRF token's hidden field, for forms written out in full.
std::string csrfField(const std::string& csrf);
/// A <table> with a caption: `rows` cells are already HTML.
std::string table(const std::string& caption, const std::vector<std::string>& headers,
                  const std::vector<std::vector<std::string>>& rows);
std::string link(const std::string& href, const std::string& text);

}  // namespace cqp::pipeline::web
