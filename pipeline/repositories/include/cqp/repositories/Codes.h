#pragma once

// One string mapping per enumeration of the store: the code written in its column (and shown
// to the secretariat by the commands that list them), kept in one table per enumeration,
// read both ways. A record holds the enumeration; only the repositories and the command line
// turn it into text.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace cqp::pipeline {

/// Specialised for each enumeration with `static constexpr std::array<std::pair<E,
/// std::string_view>, N> codes`.
template <typename E>
struct CodeTable;

/// The code of `value` ("pending", "kept_aside", …).
template <typename E>
std::string code(E value)
{
    for (const auto& [v, text] : CodeTable<E>::codes)
        if (v == value)
            return std::string{text};
    return {};
}

/// The value whose code is `text`; nothing for an unknown code.
template <typename E>
std::optional<E> fromCode(std::string_view text)
{
    for (const auto& [v, c] : CodeTable<E>::codes)
        if (c == text)
            return v;
    return std::nullopt;
}

/// Every code of E, separated by ", " (for messages listing what is accepted).
template <typename E>
std::string allCodes()
{
    std::string out;
    for (const auto& entry : CodeTable<E>::codes)
        out += (out.empty() ? "" : ", ") + std::string{entry.second};
    return out;
}

}  // namespace cqp::pipeline
