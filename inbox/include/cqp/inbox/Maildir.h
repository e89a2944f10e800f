#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace cqp::inbox {

/// A Maildir folder (new/, cur/, tmp/) as written by any MDA. Messages wait in new/ and move
/// to cur/ only once their work is committed, so a killed run leaves them to be taken again.
class Maildir {
public:
    explicit Maildir(std::filesystem::path root);

    /// Creates root/new, root/cur and root/tmp when missing.
    void create() const;
    bool exists() const;

    /// File names in new/, sorted (Maildir names start with the delivery time).
    std::vector<std::string> waiting() const;

    /// Moves new/NAME to cur/NAME:2,S (seen). Nothing happens when it is already there.
    void markProcessed(const std::string& name) const;

    const std::filesystem::path& root() const { return root_; }

private:
    std::filesystem::path root_;
};

}  // namespace cqp::inbox
