#pragma once

// Who may hold the account of an établissement or of an évaluateur habilité.

#include <string>
#include <vector>

namespace cqp::rules {

enum class AccountRole { Entreprise, Evaluateur, Secretariat, Candidat };
enum class AccountStatus { Pending, Active, Suspended };

enum class AccountRequestVerdict {
    Create,         ///< no account yet: a pending one is opened, for the secretariat to approve
    AlreadyExists,  ///< the holder asks again from one of its own addresses: refused, with the account's number
    ToReview,       ///< another address claims an établissement or evaluator that has an account: the
                    ///< secretariat decides (someone may have taken it first — squatting)
};

/// A request for an account that may already exist. `requestedBy` are the addresses that asked
/// for the existing account (the sender of its request, or its addresses when the secretariat
/// made it), `sender` the address this request came from.
AccountRequestVerdict judgeAccountRequest(bool accountExists, const std::vector<std::string>& requestedBy,
                                          const std::string& sender);

/// The addresses of an évaluateur habilité's account: those the request gives, and always the
/// one the CPNE's registry holds for that evaluator (first), so that a request made with someone
/// else's address still reaches the real evaluator. Lower case, no duplicates.
std::vector<std::string> evaluatorAccountAddresses(const std::string& registryAddress, const std::vector<std::string>& requested);

}  // namespace cqp::rules
