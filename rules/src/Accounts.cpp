#include "cqp/rules/Accounts.h"

#include <algorithm>
#include <cctype>

namespace cqp::rules {

namespace {

std::string lower(std::string s)
{
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

AccountRequestVerdict judgeAccountRequest(bool accountExists, const std::vector<std::string>& requestedBy,
                                          const std::string& sender)
{
    if (!accountExists)
        return AccountRequestVerdict::Create;
    const std::string from = lower(sender);
    const bool own = std::any_of(requestedBy.begin(), requestedBy.end(),
                                 [&](const std::string& a) { return lower(a) == from; });
    return own && !from.empty() ? AccountRequestVerdict::AlreadyExists : AccountRequestVerdict::ToReview;
}

std::vector<std::string> evaluatorAccountAddresses(const std::string& registryAddress, const std::vector<std::string>& requested)
{
    std::vector<std::string> out;
    auto add = [&](const std::string& address) {
        const std::string a = lower(address);
        if (!a.empty() && std::find(out.begin(), out.end(), a) == out.end())
            out.push_back(a);
    };
    add(registryAddress);
    for (const auto& a : requested)
        add(a);
    return out;
}

}  // namespace cqp::rules
