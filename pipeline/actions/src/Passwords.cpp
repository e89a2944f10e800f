#include "cqp/actions/Passwords.h"

#include <sodium.h>

#include <stdexcept>
#include <vector>

namespace cqp::pipeline {

namespace {

void startSodium()
{
    static const bool started = sodium_init() >= 0;
    if (!started)
        throw std::runtime_error("libsodium could not start");
}

}  // namespace

std::string hashPassword(const std::string& password)
{
    startSodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw std::runtime_error("out of memory hashing a password");
    return out;
}

bool checkPassword(const std::string& stored, const std::string& password)
{
    startSodium();
    if (stored.empty() || stored.size() >= crypto_pwhash_STRBYTES)
        return false;
    return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

std::string randomToken(std::size_t bytes)
{
    startSodium();
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(out.find('\0'));
    return out;
}

bool sameSecret(const std::string& a, const std::string& b)
{
    startSodium();
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string passwordProblem(const std::string& password)
{
    std::size_t characters = 0;
    for (const char c : password)
        characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (characters < 12)
        return "le mot de passe doit compter au moins 12 caractères";
    return {};
}

}  // namespace cqp::pipeline
