#include "cqp/stages/RenderStage.h"

#include "cqp/stages/ParchmentSettings.h"
#include "cqp/workflow/Errors.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace cqp::pipeline {

namespace fs = std::filesystem;

std::string verificationCode(const std::string& key, const std::string& facts)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(facts.data()),
         facts.size(), digest, &length);
    static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";  // no 0/O, 1/I
    std::string code;
    unsigned buffer = 0;
    int bits = 0;
    std::size_t byte = 0;
    while (code.size() < 19) {
        if (code.size() % 5 == 4) {
            code += '-';
            continue;
        }
        if (bits < 5) {
            buffer = (buffer << 8) | digest[byte++];
            bits += 8;
        }
        code += alphabet[(buffer >> (bits - 5)) & 31];
        bits -= 5;
    }
    return code;
}

std::string parchmentKey(const ParchmentSettings& settings, bool create)
{
    std::ifstream in{settings.keyFile, std::ios::binary};
    std::string key;
    if (in && std::getline(in, key) && key.size() >= 32)
        return key;
    if (!create)
        throw ConfigurationError("no parchment key in " + settings.keyFile.string() + ": run 'cqp init'");
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        throw ConfigurationError("cannot draw the parchment key: the system's random source failed");
    static const char hex[] = "0123456789abcdef";
    key.clear();
    for (unsigned char b : bytes) {
        key += hex[b >> 4];
        key += hex[b & 15];
    }
    if (settings.keyFile.has_parent_path())
        fs::create_directories(settings.keyFile.parent_path());
    // Created with mode 0600 (never readable by others, not even for an instant) and never
    // over an existing file; every byte checked.
    const int fd = ::open(settings.keyFile.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        throw ConfigurationError("cannot create the parchment key " + settings.keyFile.string() + ": " + std::strerror(errno));
    const std::string line = key + "\n";
    const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!written) {
        fs::remove(settings.keyFile);
        throw ConfigurationError("cannot write the parchment key " + settings.keyFile.string());
    }
    return key;
}

}  // namespace cqp::pipeline
