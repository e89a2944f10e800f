#include "cqp/rules/PaperText.h"

#include <algorithm>
#include <cctype>

namespace cqp::rules {

std::string foldedForComparison(const std::string& utf8)
{
    std::string out;
    auto put = [&](char c) {
        if (c == ' ' && (out.empty() || out.back() == ' '))
            return;
        out += c;
    };
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c < 0x80) {
            put(std::isalnum(c) ? static_cast<char>(std::toupper(c)) : ' ');
        } else if (c == 0xC3 && i + 1 < utf8.size()) {
            // Latin-1 letters: À-ÿ, lower and upper case alike.
            static constexpr const char* base = "AAAAAAACEEEEIIII" "DNOOOOO OUUUUY  " "AAAAAAACEEEEIIII" "DNOOOOO OUUUUY Y";
            const auto n = static_cast<unsigned char>(utf8[++i]);
            if (n >= 0x80 && n <= 0xBF) {
                const char letter = base[n - 0x80];
                put(letter);
                if (n == 0x86 || n == 0xA6)  // Æ æ
                    put('E');
            }
        } else if (c == 0xC5 && i + 1 < utf8.size() && (utf8[i + 1] == '\x92' || utf8[i + 1] == '\x93')) {
            put('O');
            put('E');
            ++i;
        } else {
            put(' ');  // other characters (dashes, quotes…) separate words
            while (i + 1 < utf8.size() && (static_cast<unsigned char>(utf8[i + 1]) & 0xC0) == 0x80)
                ++i;
        }
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

std::optional<Date> frenchDate(const std::string& text)
{
    std::string digits;
    for (char c : text)
        if (c >= '0' && c <= '9')
            digits += c;
    if (digits.size() != 8)
        return std::nullopt;
    return Date::parseIso(digits.substr(4, 4) + "-" + digits.substr(2, 2) + "-" + digits.substr(0, 2));
}

std::vector<Date> datesIn(const std::string& text)
{
    std::vector<Date> dates;
    for (std::size_t i = 0; i + 10 <= text.size(); ++i) {
        const auto digit = [&](std::size_t k) { return std::isdigit(static_cast<unsigned char>(text[i + k])) != 0; };
        const auto separator = [&](std::size_t k) { return text[i + k] == '/' || text[i + k] == '.' || text[i + k] == '-'; };
        if (digit(0) && digit(1) && separator(2) && digit(3) && digit(4) && separator(5) && digit(6) && digit(7) && digit(8) &&
            digit(9) && (i == 0 || !std::isdigit(static_cast<unsigned char>(text[i - 1]))))
            if (auto date = frenchDate(text.substr(i, 10));
                date && std::find(dates.begin(), dates.end(), *date) == dates.end())
                dates.push_back(*date);
    }
    return dates;
}

}  // namespace cqp::rules
