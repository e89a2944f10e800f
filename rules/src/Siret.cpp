#include "cqp/rules/Siret.h"

#include "cqp/rules/Refusal.h"

#include <algorithm>

namespace cqp::rules {

namespace {

bool allDigits(std::string_view text)
{
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool luhn(std::string_view digits)
{
    int sum = 0;
    bool twice = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        int d = *it - '0';
        if (twice) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
        twice = !twice;
    }
    return sum % 10 == 0;
}

}  // namespace

bool hasRefusal(const Refusals& refusals, const std::string& code)
{
    return std::any_of(refusals.begin(), refusals.end(), [&](const Refusal& r) { return r.code == code; });
}

bool isValidSiren(std::string_view siren)
{
    return siren.size() == 9 && allDigits(siren) && luhn(siren);
}

bool isValidSiret(std::string_view siret)
{
    if (siret.size() != 14 || !allDigits(siret))
        return false;
    if (siret.substr(0, 9) == "356000000") {
        int sum = 0;
        for (char c : siret)
            sum += c - '0';
        return sum % 5 == 0;
    }
    return luhn(siret);
}

std::string sirenOf(std::string_view siretOrSiren)
{
    return std::string{siretOrSiren.substr(0, std::min<std::size_t>(9, siretOrSiren.size()))};
}

}  // namespace cqp::rules
