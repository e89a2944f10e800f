#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace cqp::outbox {

/// The file outbox of the embedded default: each sent mail becomes NAME.eml in one folder,
/// written to a temporary name then renamed, so a reader never sees half a message.
class Spool {
public:
    explicit Spool(std::filesystem::path folder);

    void create() const;

    /// Writes `message` (a complete RFC 5322 message) as NAME.eml; replaces nothing that exists.
    /// Returns false when NAME.eml was already there (the mail was already delivered).
    bool deliver(const std::string& name, const std::string& message) const;

    std::vector<std::filesystem::path> messages() const;
    const std::filesystem::path& folder() const { return folder_; }

private:
    std::filesystem::path folder_;
};

}  // namespace cqp::outbox
