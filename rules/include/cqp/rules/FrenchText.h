#pragma once

// Small rules of French writing that generated sentences must follow.

#include <string>
#include <string_view>

namespace cqp::rules {

/// « de » before `words`, elided before a vowel: « d'avril 2027 », « d'août », « de juillet ».
std::string deBefore(std::string_view words);

}  // namespace cqp::rules
