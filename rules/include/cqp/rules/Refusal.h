#pragma once

#include <string>
#include <vector>

namespace cqp::rules {

/// Why a rule says no: a stable code for programs and tests, and a French sentence
/// for the person who sent the input (it ends up in their reply mail).
struct Refusal {
    std::string code;
    std::string sentence;

    friend bool operator==(const Refusal&, const Refusal&) = default;
};

using Refusals = std::vector<Refusal>;

/// True when `refusals` holds one with `code` (handy for callers and tests).
bool hasRefusal(const Refusals& refusals, const std::string& code);

}  // namespace cqp::rules
