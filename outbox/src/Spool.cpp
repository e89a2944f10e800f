#include "cqp/outbox/Spool.h"

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace cqp::outbox {

namespace fs = std::filesystem;

Spool::Spool(fs::path folder) : folder_{std::move(folder)} {}

void Spool::create() const { fs::create_directories(folder_); }

bool Spool::deliver(const std::string& name, const std::string& message) const
{
    if (name.empty() || name.find('/') != std::string::npos || name.front() == '.')
        throw std::invalid_argument("bad spool file name: " + name);
    const fs::path target = folder_ / (name + ".eml");
    if (fs::exists(target))
        return false;
    const fs::path temporary = folder_ / ("." + name + ".tmp");
    {
        std::ofstream out{temporary, std::ios::binary | std::ios::trunc};
        out.write(message.data(), static_cast<std::streamsize>(message.size()));
        out.flush();
        if (!out)
            throw std::runtime_error("cannot write " + temporary.string());
    }
    fs::rename(temporary, target);
    return true;
}

std::vector<fs::path> Spool::messages() const
{
    std::vector<fs::path> out;
    if (!fs::is_directory(folder_))
        return out;
    for (const auto& entry : fs::directory_iterator(folder_))
        if (entry.path().extension() == ".eml")
            out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace cqp::outbox
