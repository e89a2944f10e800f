#pragma once

#include <string>
#include <string_view>

namespace cqp::rules {

/// A SIRET is 14 digits (SIREN of the company + NIC of the établissement) with a Luhn
/// check digit; La Poste's établissements (SIREN 356000000) use a digit-sum rule instead.
bool isValidSiret(std::string_view siret);

/// A SIREN is 9 digits with a Luhn check digit.
bool isValidSiren(std::string_view siren);

/// The company part (first 9 digits) of a SIRET, or the input when it is already a SIREN.
std::string sirenOf(std::string_view siretOrSiren);

}  // namespace cqp::rules
