#pragma once

// Small rules of French writing that generated sentences must follow.

#include <string>
#include <string_view>
#include <vector>

namespace cqp::rules {

/// « de » before `words`, elided before a vowel: « d'avril 2027 », « d'août », « de juillet ».
std::string deBefore(std::string_view words);

/// A title written for both genders, as the branch publishes it, made the holder's own:
/// « Opérateur(trice) » → « Opératrice » (sexe "F") or « Opérateur » ("M"); « Technicien(ne) »,
/// « Technico-commercial(e) », « Vendeur(euse) », « Ouvrier(ère) » likewise; « (H/F) » dropped.
/// Any other `sexe`: the title as published.
std::string genderedTitle(std::string_view title, std::string_view sexe);

/// The words of one line as units a line break may separate, French typography's way: no
/// line starts with « : ; ! ? » » nor ends with « « », « n° », « — » or a one-letter word
/// (« à », « a », « y »): such a word is joined, with its space, to its neighbour.
std::vector<std::string> unbreakableUnits(const std::string& line);

/// The items one after the other, `separator` between two.
std::string joined(const std::vector<std::string>& items, std::string_view separator);

/// « candidate », « candidat », or « candidat(e) » when the sexe is unknown.
std::string_view candidateNoun(std::string_view sexe);

}  // namespace cqp::rules
