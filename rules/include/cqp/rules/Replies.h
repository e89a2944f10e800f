#pragma once

// Whom cqp answers. A reply to a machine starts a mail loop; a reply to a forged or automatic
// sender is backscatter that lands in someone else's mailbox. These rules decide, from facts
// the intake gathered, whether one received message may get its one reply.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cqp::rules {

struct ReplyFacts {
    bool validSender = false;       ///< the From line holds exactly one mailbox address
    std::string sender;             ///< that address
    std::string automaticWhy;       ///< French: the header that says a machine sent it ("" when none)
    bool answersOurMail = false;    ///< In-Reply-To or References names one of our Message-IDs
    bool carriesSubmission = false; ///< at least one XML document or scan came with it
    bool knownSender = false;       ///< an account has this address, or it was invited (métier, candidate)
    int repliesToday = 0;           ///< replies already queued to this address on the logical date
};

struct ReplyLimits {
    int perSenderPerDay = 100;  ///< replies to one known address per logical day (a company sending a batch)
    int unknownPerDay = 1;     ///< replies to an address no account or registry knows
};

/// Why this message must get no reply (French, for `cqp inbox list`), or nothing when it may.
std::optional<std::string> noReplyReason(const ReplyFacts& facts, const ReplyLimits& limits);

/// no-reply, noreply, ne-pas-repondre, mailer-daemon, postmaster… (case and separators ignored).
bool isRobotAddress(std::string_view address);

/// True when `headerValue` (In-Reply-To, References) names a Message-ID cqp made: "cqp.N.KEY@domain".
bool namesOurMessage(std::string_view headerValue, std::string_view domain);

/// What the receiving mail server says of the sender's domain (RFC 8601 Authentication-Results),
/// trusted only from `trustedServer` (its authserv-id, a setting): headers from anyone else may
/// be forged by the sender. The first header of that server decides; none: not checked.
enum class DmarcVerdict { NotChecked, Pass, Fail };
DmarcVerdict dmarcVerdict(const std::vector<std::string>& authenticationResults, std::string_view trustedServer);

}  // namespace cqp::rules
