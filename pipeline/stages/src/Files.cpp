#include "Files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace cqp::pipeline::detail {

namespace fs = std::filesystem;

void writeWholeFile(const fs::path& file, const std::string& bytes)
{
    if (file.has_parent_path())
        fs::create_directories(file.parent_path());
    const fs::path temporary = file.parent_path() / ("." + file.filename().string() + ".tmp");
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        throw std::runtime_error("cannot write " + file.string() + ": " + std::strerror(errno));
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const int error = errno;
            ::close(fd);
            fs::remove(temporary);
            throw std::runtime_error("cannot write " + file.string() + ": " + std::strerror(error));
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const int error = errno;
        fs::remove(temporary);
        throw std::runtime_error("cannot write " + file.string() + ": " + std::strerror(error));
    }
    fs::rename(temporary, file);
}

std::string readWholeFile(const std::filesystem::path& file)
{
    std::ifstream in{file, std::ios::binary};
    if (!in.is_open())
        throw std::runtime_error("cannot read " + file.string() + ": " + std::strerror(errno));
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad())
        throw std::runtime_error("cannot read " + file.string() + ": " + std::strerror(errno));
    return bytes.str();
}

}  // namespace cqp::pipeline::detail
