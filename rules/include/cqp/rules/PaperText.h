#pragma once

// What is read on paper (Tesseract's text), compared with what the store holds.

#include "cqp/rules/Date.h"

#include <optional>
#include <string>
#include <vector>

namespace cqp::rules {

/// Upper case, accents and punctuation dropped, spaces collapsed: "Saint-Étienne" and
/// "SAINT ETIENNE" compare equal; a name is found in a page's text word for word.
std::string foldedForComparison(const std::string& utf8);

/// "12/01/2027" (any separators; exactly eight digits) → the date, when it exists.
std::optional<Date> frenchDate(const std::string& text);

/// Every distinct date written dd/mm/yyyy (or with dots or dashes) in a text, in order.
std::vector<Date> datesIn(const std::string& text);

}  // namespace cqp::rules
