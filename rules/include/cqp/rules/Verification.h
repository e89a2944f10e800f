#pragma once

// The verification code printed on a parchment or an attestation, as people give it back:
// typed from the paper (any case, with or without dashes and spaces) or scanned from its QR
// code (the whole URL, « …/verifier?code=… » or « …/verifier/CODE »).

#include <optional>
#include <string>
#include <string_view>

namespace cqp::rules {

/// The code in its printed form, « XXXX-XXXX-XXXX-XXXX » (16 characters of the alphabet without
/// 0, O, 1 and I), from what someone typed or scanned; nothing when it cannot be one.
std::optional<std::string> verificationCodeFrom(std::string_view given);

}  // namespace cqp::rules
