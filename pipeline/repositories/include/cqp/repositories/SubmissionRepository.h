#pragma once

#include "cqp/repositories/Id.h"
#include "cqp/rules/Date.h"

#include <optional>
#include <string>
#include <vector>

namespace cqp::pipeline {

namespace detail {
class Database;
}

/// One received document and what became of it.
struct SubmissionRecord {
    Id id = 0;
    std::string sha256;
    std::string kind;    ///< root element name, "" when unreadable
    std::string sender;  ///< the address it came from, when known
    std::optional<Id> accountId;
    Id documentId = 0;   ///< the original bytes
    std::string receivedAt;
    rules::Date logicalDate;
    std::string status;  ///< accepted, rejected
    std::string messages;  ///< French, one per line: what was done, or every reason for refusal
    std::optional<Id> candidateId;
    std::optional<Id> candidatureId;
    std::string refusalCodes;  ///< rejected by the rules: their codes between commas (",results_too_late,")
    std::string canonicalSha256;  ///< of what the signature covers (ParsedSubmission::canonicalForm)
    std::string signer;           ///< "account:N", or "key:SHA256" for a document signed with the key it carries
    std::string identifier;       ///< the document's own identifier (format 1.1)
};

/// An invitation sent by mail with a single-use token.
struct Invitation {
    std::string token;
    std::string kind;  ///< candidat, metier
    std::optional<Id> candidateId;
    std::optional<Id> candidatureId;
    std::string email;
    rules::Date createdOn;
    rules::Date expiresOn;
    std::optional<rules::Date> usedOn;

    /// Replaced by a newer invitation (SubmissionRepository::replaceInvitations).
    bool replaced() const { return expiresOn < createdOn; }
};

/// The token of a form mailed to an account holder (rules::fillable), bound to its form, its
/// candidature, its recipient and an expiry.
struct FormToken {
    std::string token;
    std::string form;
    /// The candidature it is about, or the account it speaks for (rules::fillable::boundToAccount).
    Id dossier = 0;
    std::string recipient;
    rules::Date createdOn;
    rules::Date expiresOn;
    std::optional<rules::Date> usedOn;
};

class SubmissionRepository {
public:
    explicit SubmissionRepository(detail::Database& db) : db_{db} {}

    Id record(const SubmissionRecord& submission);
    /// The accepted submission this document repeats, if any, in one look-up: first the one of
    /// `signer` with the same identifier (when the document has one), then the one whose signed
    /// content is the same (whatever its bytes), then the one with the same bytes (accepted
    /// before the canonical form was recorded).
    std::optional<SubmissionRecord> acceptedEarlier(const std::string& signer, const std::optional<std::string>& identifier,
                                                    const std::string& canonicalSha256, const std::string& sha256);
    std::vector<SubmissionRecord> forCandidature(Id candidatureId);
    void addFormToken(const FormToken& token);
    std::optional<FormToken> formToken(const std::string& token);
    void markFormTokenUsed(const std::string& token, rules::Date on);
    /// The address the accepted request for account `accountId` came from, when it came by mail.
    std::optional<std::string> accountRequester(Id accountId);
    std::vector<SubmissionRecord> all();

    void addInvitation(const Invitation& invitation);
    std::optional<Invitation> invitation(const std::string& token);
    /// Was `address` invited (an évaluateur métier, a candidate)? Such a sender is not a stranger.
    bool wasInvited(const std::string& address);
    /// The unused invitations of `kind` for the candidature are replaced by a new one: they end
    /// before they began (Invitation::replaced()).
    void replaceInvitations(Id candidatureId, const std::string& kind);
    void markInvitationUsed(const std::string& token, rules::Date on);
    /// Replaces the tokens stored in clear by an earlier version with their SHA-256; how many.
    int hashLegacyTokens();

private:
    detail::Database& db_;
};

}  // namespace cqp::pipeline
