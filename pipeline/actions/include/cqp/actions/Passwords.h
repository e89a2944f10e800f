#pragma once

// The console users' passwords: argon2id (libsodium's crypto_pwhash_str, with its "interactive"
// limits: 64 MiB and 2 passes), the salt and parameters inside the stored string.

#include <string>

namespace cqp::pipeline {

/// The string to store; throws std::runtime_error when libsodium cannot start or runs out of memory.
std::string hashPassword(const std::string& password);
/// Whether `password` matches `stored` (constant time in the comparison).
bool checkPassword(const std::string& stored, const std::string& password);
/// A new random secret of `bytes` bytes, URL-safe base64 (session identifiers, CSRF tokens).
std::string randomToken(std::size_t bytes = 32);
/// Equal strings, in a time that does not depend on where they differ.
bool sameSecret(const std::string& a, const std::string& b);
/// Why a password is refused for a console user ("" when it is accepted): at least 12 characters.
std::string passwordProblem(const std::string& password);

}  // namespace cqp::pipeline
