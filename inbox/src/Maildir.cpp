#include "cqp/inbox/Maildir.h"

#include <algorithm>

namespace cqp::inbox {

namespace fs = std::filesystem;

Maildir::Maildir(fs::path root) : root_{std::move(root)} {}

void Maildir::create() const
{
    for (const char* sub : {"new", "cur", "tmp"})
        fs::create_directories(root_ / sub);
}

bool Maildir::exists() const
{
    return fs::is_directory(root_ / "new") && fs::is_directory(root_ / "cur") && fs::is_directory(root_ / "tmp");
}

std::vector<std::string> Maildir::waiting() const
{
    std::vector<std::string> names;
    if (!fs::is_directory(root_ / "new"))
        return names;
    for (const auto& entry : fs::directory_iterator(root_ / "new"))
        if (entry.is_regular_file() && entry.path().filename().string().front() != '.')
            names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

void Maildir::markProcessed(const std::string& name) const
{
    const fs::path from = root_ / "new" / name;
    const fs::path to = root_ / "cur" / (name + ":2,S");
    std::error_code ec;
    if (!fs::exists(from) && fs::exists(to))
        return;
    fs::rename(from, to);
}

}  // namespace cqp::inbox
