#include "cqp/repositories/SubmissionRepository.h"

#include "cqp/repositories/DocumentRepository.h"
#include "cqp/rules/FillableForms.h"

#include "Convert.h"
#include "cqp/store/Database.h"

namespace cqp::pipeline {

using namespace detail;

namespace {

constexpr const char* columns = "SELECT id, sha256, kind, sender, account_id, document_id, received_at, logical_date,"
                                " status, messages, candidate_id, candidature_id, refusal_codes, canonical_sha256, signer, identifier"
                                " FROM submissions";

SubmissionRecord submissionFrom(const Row& r)
{
    return SubmissionRecord{r.integer("id"), r.text("sha256"), r.text("kind"),  r.text("sender"),        r.optInteger("account_id"),  r.integer("document_id"),
                            r.text("received_at"),    date(r, "logical_date"), r.text("status"), r.text("messages"),        r.optInteger("candidate_id"), r.optInteger("candidature_id"),
                            r.text("refusal_codes"),   r.text("canonical_sha256"), r.text("signer"), r.text("identifier")};
}

}  // namespace

Id SubmissionRepository::record(const SubmissionRecord& s)
{
    return db_.insert("INSERT INTO submissions (sha256, kind, sender, account_id, document_id, received_at, logical_date,"
                      " status, messages, candidate_id, candidature_id, refusal_codes, canonical_sha256, signer, identifier)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      {s.sha256, s.kind, lower(s.sender), opt(s.accountId), s.documentId, s.receivedAt,
                       s.logicalDate.iso(), s.status, s.messages, opt(s.candidateId), opt(s.candidatureId), s.refusalCodes,
                       s.canonicalSha256, s.signer, s.identifier});
}

std::optional<SubmissionRecord> SubmissionRepository::acceptedEarlier(const std::string& signer,
                                                                      const std::optional<std::string>& identifier,
                                                                      const std::string& canonicalSha256, const std::string& sha256)
{
    // Each branch on its own index ("identifier <> ''" lets the database use the partial unique
    // index of identifiers); the first branch that finds one wins.
    const std::string fields = std::string{columns}.substr(7);  // without "SELECT "
    auto row = db_.queryOne("SELECT * FROM (SELECT 0 AS rank, " + fields +
                                " WHERE signer = ? AND identifier = ? AND status = 'accepted' AND identifier <> ''"
                                " UNION ALL SELECT 1 AS rank, " + fields + " WHERE canonical_sha256 = ? AND status = 'accepted'"
                                " UNION ALL SELECT 2 AS rank, " + fields + " WHERE sha256 = ? AND status = 'accepted') AS earlier"
                                " ORDER BY rank LIMIT 1",
                            {signer, identifier.value_or(""), canonicalSha256, sha256});
    return row ? std::optional{submissionFrom(*row)} : std::nullopt;
}

std::optional<std::string> SubmissionRepository::accountRequester(Id accountId)
{
    auto row = db_.queryOne("SELECT sender FROM submissions WHERE account_id = ? AND kind = 'demandeCompte' AND status = 'accepted'"
                            " ORDER BY id LIMIT 1",
                            {accountId});
    if (!row || row->text(0).empty())
        return std::nullopt;
    return row->text(0);
}

std::vector<SubmissionRecord> SubmissionRepository::forCandidature(Id candidatureId)
{
    std::vector<SubmissionRecord> out;
    for (const auto& r : db_.query(std::string{columns} + " WHERE candidature_id = ? ORDER BY id", {candidatureId}))
        out.push_back(submissionFrom(r));
    return out;
}

std::vector<SubmissionRecord> SubmissionRepository::all()
{
    std::vector<SubmissionRecord> out;
    for (const auto& r : db_.query(std::string{columns} + " ORDER BY id"))
        out.push_back(submissionFrom(r));
    return out;
}

// Invitation tokens are secrets sent by mail: the store keeps only their SHA-256, so that a copy
// of the store opens no dossier. Tokens of 32 characters are those from before (stored as such
// until `hashLegacyTokens`).
void SubmissionRepository::addFormToken(const FormToken& t)
{
    const auto kind = rules::fillable::kindNamed(t.form);
    const bool account = kind && rules::fillable::boundToAccount(*kind);
    db_.execute("INSERT INTO form_tokens (token, form, candidature_id, account_id, recipient, created_on, expires_on, used_on)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                {sha256Hex(t.token), t.form, account ? detail::Value{nullptr} : detail::Value{t.dossier}, account ? detail::Value{t.dossier} : detail::Value{nullptr},
                 lower(t.recipient), t.createdOn.iso(), t.expiresOn.iso(), optDate(t.usedOn)});
}

std::optional<FormToken> SubmissionRepository::formToken(const std::string& token)
{
    auto row = db_.queryOne("SELECT form, COALESCE(candidature_id, account_id), recipient, created_on, expires_on, used_on"
                            " FROM form_tokens WHERE token = ?",
                            {sha256Hex(token)});
    if (!row)
        return std::nullopt;
    return FormToken{token, row->text(0), row->integer(1), row->text(2), date(*row, 3), date(*row, 4), optDate(*row, 5)};
}

void SubmissionRepository::markFormTokenUsed(const std::string& token, rules::Date on)
{
    db_.execute("UPDATE form_tokens SET used_on = ? WHERE token = ?", {on.iso(), sha256Hex(token)});
}

void SubmissionRepository::addInvitation(const Invitation& i)
{
    db_.execute("INSERT INTO invitations (token, kind, candidate_id, candidature_id, email, created_on, expires_on, used_on)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                {sha256Hex(i.token), i.kind, opt(i.candidateId), opt(i.candidatureId), lower(i.email), i.createdOn.iso(),
                 i.expiresOn.iso(), optDate(i.usedOn)});
}

bool SubmissionRepository::wasInvited(const std::string& address)
{
    return db_.scalar("SELECT COUNT(*) FROM invitations WHERE email = ?", {lower(address)}) > 0;
}

std::optional<Invitation> SubmissionRepository::invitation(const std::string& token)
{
    auto row = db_.queryOne("SELECT token, kind, candidate_id, candidature_id, email, created_on, expires_on, used_on"
                            " FROM invitations WHERE token = ?",
                            {sha256Hex(token)});
    if (!row)
        return std::nullopt;
    return Invitation{token, row->text(1), row->optInteger(2), row->optInteger(3),
                      row->text(4), date(*row, 5), date(*row, 6),      optDate(*row, 7)};
}

void SubmissionRepository::replaceInvitations(Id candidatureId, const std::string& kind)
{
    db_.execute("UPDATE invitations SET expires_on = '1970-01-01' WHERE candidature_id = ? AND kind = ? AND used_on IS NULL",
                {candidatureId, kind});
}

void SubmissionRepository::markInvitationUsed(const std::string& token, rules::Date on)
{
    db_.execute("UPDATE invitations SET used_on = ? WHERE token = ?", {on.iso(), sha256Hex(token)});
}

int SubmissionRepository::hashLegacyTokens()
{
    int hashed = 0;
    for (const auto& r : db_.query("SELECT token FROM invitations WHERE LENGTH(token) = 32")) {
        db_.execute("UPDATE invitations SET token = ? WHERE token = ?", {sha256Hex(r.text("token")), r.text("token")});
        ++hashed;
    }
    return hashed;
}

}  // namespace cqp::pipeline
