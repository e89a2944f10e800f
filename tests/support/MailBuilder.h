#pragma once

// Builds raw test messages the way mail clients do (Poco MailMessage), and edits them by hand
// where a test needs a broken one.

#include <string>
#include <vector>

namespace cqp::test {

struct Part {
    std::string fileName;
    std::string mediaType;
    std::string content;
};

std::string buildMessage(const std::string& from, const std::string& subject, const std::string& messageId,
                         const std::string& text, const std::vector<Part>& attachments = {},
                         const std::vector<std::pair<std::string, std::string>>& extraHeaders = {});

/// The value of `header` in a raw message ("" when absent).
std::string headerOf(const std::string& raw, const std::string& header);

}  // namespace cqp::test
