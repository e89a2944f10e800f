#include "cqp/rules/FrenchText.h"

#include <array>

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

}  // namespace cqp::rules
