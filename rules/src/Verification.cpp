#include "cqp/rules/Verification.h"

#include <cctype>

namespace cqp::rules {

namespace {

constexpr std::string_view alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

// From a URL, the part that carries the code: after « code= » (to the next & or #), or after
// the last « /verifier/ ».
std::string_view codePart(std::string_view given)
{
    if (const auto at = given.find("code="); at != std::string_view::npos) {
        given.remove_prefix(at + 5);
        return given.substr(0, given.find_first_of("&#"));
    }
    if (const auto at = given.rfind("/verifier/"); at != std::string_view::npos) {
        given.remove_prefix(at + 10);
        return given.substr(0, given.find_first_of("?&#/"));
    }
    return given;
}

}  // namespace

std::optional<std::string> verificationCodeFrom(std::string_view given)
{
    std::string letters;
    for (const char c : codePart(given)) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '-' || std::isspace(u))
            continue;
        const char upper = static_cast<char>(std::toupper(u));
        if (alphabet.find(upper) == std::string_view::npos || letters.size() == 16)
            return std::nullopt;
        letters += upper;
    }
    if (letters.size() != 16)
        return std::nullopt;
    return letters.substr(0, 4) + "-" + letters.substr(4, 4) + "-" + letters.substr(8, 4) + "-" + letters.substr(12, 4);
}

}  // namespace cqp::rules
