#include "cqp/rules/FrenchText.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace cqp::rules {

std::string deBefore(std::string_view words)
{
    // Vowels, plain or accented (UTF-8), in either case; « h » is left alone (h aspiré or muet
    // depends on the word).
    static constexpr std::array<std::string_view, 26> vowels{"a", "e", "i", "o", "u", "y", "A", "E", "I", "O", "U", "Y", "é",
                                                             "è", "ê", "à", "â", "î", "ô", "û", "É", "È", "Ê", "À", "Â", "Î"};
    for (const auto v : vowels)
        if (words.substr(0, v.size()) == v)
            return "d'" + std::string{words};
    return "de " + std::string{words};
}

namespace {

bool endsWith(std::string_view s, std::string_view end) { return s.size() >= end.size() && s.substr(s.size() - end.size()) == end; }

// The feminine of `word` whose published form is `word(suffix)`.
std::string feminine(std::string_view word, std::string_view suffix)
{
    const std::string w{word};
    if (suffix == "trice" && endsWith(w, "teur"))
        return w.substr(0, w.size() - 4) + "trice";
    if (suffix == "euse" && endsWith(w, "eur"))
        return w.substr(0, w.size() - 3) + "euse";
    if (suffix == "ère" && endsWith(w, "er"))
        return w.substr(0, w.size() - 2) + "ère";
    return w + std::string{suffix};  // (e), (ne), (le)…
}

}  // namespace

std::string genderedTitle(std::string_view title, std::string_view sexe)
{
    if (sexe != "F" && sexe != "M")
        return std::string{title};
    std::string out;
    std::size_t at = 0;
    while (at < title.size()) {
        const auto open = title.find('(', at);
        const auto close = open == std::string_view::npos ? open : title.find(')', open);
        if (close == std::string_view::npos) {
            out += title.substr(at);
            break;
        }
        out += title.substr(at, open - at);
        const auto inside = title.substr(open + 1, close - open - 1);
        if (inside == "H/F" || inside == "F/H") {
            while (!out.empty() && out.back() == ' ')  // « (H/F) » goes, with the space before it
                out.pop_back();
        } else if (!out.empty() && out.back() != ' ') {
            // A suffix glued to its word: « Opérateur(trice) », « Technico-commercial(e) ».
            const auto cut = out.find_last_of(" -'");
            const std::size_t start = cut == std::string::npos ? 0 : cut + 1;
            if (sexe == "F")
                out = out.substr(0, start) + feminine(std::string_view{out}.substr(start), inside);
        } else {
            out += title.substr(open, close - open + 1);
        }
        at = close + 1;
    }
    return out;
}

std::vector<std::string> unbreakableUnits(const std::string& line)
{
    std::vector<std::string> words;
    std::size_t at = 0;
    while (at <= line.size()) {
        auto end = line.find(' ', at);
        if (end == std::string::npos)
            end = line.size();
        if (end > at)
            words.push_back(line.substr(at, end - at));
        at = end + 1;
    }
    auto opensUnit = [](const std::string& w) {
        return w == "«" || w == "n°" || w == "N°" || w == "à" || w == "À" || w == "a" || w == "y" || w == "—";
    };
    auto closesUnit = [](const std::string& w) {
        return w == ":" || w == ";" || w == "!" || w == "?" || w.rfind("»", 0) == 0 || w == "—";
    };
    std::vector<std::string> units;
    bool glueNext = false;
    // A number and its unit: « 48 h », « 100 % ».
    auto unitAfterNumber = [&](const std::string& w) {
        static const std::vector<std::string> known{"h", "j", "%", "€", "mm", "cm", "min", "ans", "jours"};
        std::string bare = w;
        while (!bare.empty() && std::string_view{",.;)"}.find(bare.back()) != std::string_view::npos)
            bare.pop_back();
        return std::find(known.begin(), known.end(), bare) != known.end();
    };
    for (const auto& w : words) {
        const bool afterNumber = !units.empty() && !units.back().empty() &&
                                 std::isdigit(static_cast<unsigned char>(units.back().back())) && unitAfterNumber(w);
        if (!units.empty() && (glueNext || closesUnit(w) || afterNumber))
            units.back() += " " + w;
        else
            units.push_back(w);
        glueNext = opensUnit(w);
    }
    return units;
}

std::string joined(const std::vector<std::string>& items, std::string_view separator)
{
    std::string out;
    for (const auto& item : items) {
        if (!out.empty())
            out += separator;
        out += item;
    }
    return out;
}

std::string_view candidateNoun(std::string_view sexe)
{
    return sexe == "F" ? "candidate" : sexe == "M" ? "candidat" : "candidat(e)";
}

}  // namespace cqp::rules
