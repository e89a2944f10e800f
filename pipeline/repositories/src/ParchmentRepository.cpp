#include "cqp/repositories/ParchmentRepository.h"

#include "Convert.h"
#include "cqp/store/Database.h"

namespace cqp::pipeline {

using namespace detail;

namespace {

constexpr const char* columns = "SELECT id, candidature_id, year, number, issued_on, verification_code, revoked_on,"
                                " revoke_reason, kind, print_batch_id, reissue, replaces_id FROM parchments";

Parchment parchmentFrom(const Row& r)
{
    return Parchment{r.integer("id"), r.integer("candidature_id"), static_cast<int>(r.integer("year")), static_cast<int>(r.integer("number")),
                     date(r, "issued_on"),   r.text("verification_code"),    optDate(r, "revoked_on"),                  r.text("revoke_reason"),
                     coded<ParchmentKind>(r, "kind"), r.optInteger("print_batch_id"), r.integer("reissue") != 0,
                     r.optInteger("replaces_id")};
}

}  // namespace

int ParchmentRepository::nextNumber(int year)
{
    db_.lockForUpdate("cqp.parchment-number." + std::to_string(year));
    return static_cast<int>(db_.scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM parchments WHERE year = ?",
                                       {std::int64_t{year}}));
}

Id ParchmentRepository::add(const Parchment& p)
{
    return db_.insert("INSERT INTO parchments (candidature_id, year, number, issued_on, verification_code, revoked_on,"
                      " revoke_reason, kind, replaces_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      {p.candidatureId, std::int64_t{p.year}, std::int64_t{p.number}, p.issuedOn.iso(), p.verificationCode,
                       optDate(p.revokedOn), p.revokeReason, code(p.kind), opt(p.replacesId)});
}

std::optional<Parchment> ParchmentRepository::byCandidature(Id candidatureId)
{
    auto row = db_.queryOne(std::string{columns} +
                                " WHERE candidature_id = ? ORDER BY CASE WHEN revoked_on IS NULL THEN 0 ELSE 1 END, id DESC LIMIT 1",
                            {candidatureId});
    return row ? std::optional{parchmentFrom(*row)} : std::nullopt;
}

std::vector<Parchment> ParchmentRepository::allOfCandidature(Id candidatureId)
{
    std::vector<Parchment> out;
    for (const auto& r : db_.query(std::string{columns} + " WHERE candidature_id = ? ORDER BY id", {candidatureId}))
        out.push_back(parchmentFrom(r));
    return out;
}

std::optional<Parchment> ParchmentRepository::awaitingReplacement(Id candidatureId)
{
    auto row = db_.queryOne(std::string{columns} +
                                " p WHERE candidature_id = ? AND reissue = 1 AND revoked_on IS NOT NULL"
                                " AND NOT EXISTS (SELECT 1 FROM parchments n WHERE n.replaces_id = p.id) ORDER BY id DESC LIMIT 1",
                            {candidatureId});
    return row ? std::optional{parchmentFrom(*row)} : std::nullopt;
}

std::optional<Parchment> ParchmentRepository::byNumber(int year, int number)
{
    auto row = db_.queryOne(std::string{columns} + " WHERE year = ? AND number = ?", {std::int64_t{year}, std::int64_t{number}});
    return row ? std::optional{parchmentFrom(*row)} : std::nullopt;
}

std::optional<Parchment> ParchmentRepository::byVerificationCode(const std::string& code)
{
    auto row = db_.queryOne(std::string{columns} + " WHERE verification_code = ?", {code});
    return row ? std::optional{parchmentFrom(*row)} : std::nullopt;
}

std::vector<Id> ParchmentRepository::candidaturesAwaitingParchment()
{
    // A parchment in force, or one revoked for good, leaves nothing to issue.
    return detail::ids(db_.query("SELECT c.id FROM candidatures c WHERE c.status IN ('valide', 'partiel') AND NOT EXISTS"
                                   " (SELECT 1 FROM parchments p WHERE p.candidature_id = c.id"
                                   " AND (p.revoked_on IS NULL OR p.reissue = 0)) ORDER BY c.id"));
}

std::vector<Parchment> ParchmentRepository::unprinted()
{
    std::vector<Parchment> out;
    for (const auto& r : db_.query(std::string{columns} + " WHERE print_batch_id IS NULL ORDER BY id"))
        out.push_back(parchmentFrom(r));
    return out;
}

std::vector<Parchment> ParchmentRepository::issuedBetween(rules::Date from, rules::Date to)
{
    std::vector<Parchment> out;
    for (const auto& r : db_.query(std::string{columns} + " WHERE issued_on >= ? AND issued_on <= ? ORDER BY year, number",
                                   {from.iso(), to.iso()}))
        out.push_back(parchmentFrom(r));
    return out;
}

Id ParchmentRepository::addPrintBatch(Id juryId, Id documentId, const std::string& fileName, int pages, rules::Date on,
                                      const std::vector<Id>& parchments)
{
    const Id id = db_.insert("INSERT INTO print_batches (jury_id, document_id, file_name, pages, created_on) VALUES (?, ?, ?, ?, ?)",
                             {juryId, documentId, fileName, std::int64_t{pages}, on.iso()});
    for (const Id p : parchments)
        db_.execute("UPDATE parchments SET print_batch_id = ? WHERE id = ?", {id, p});
    return id;
}

namespace {

constexpr const char* batchColumns =
    "SELECT b.id, b.jury_id, b.document_id, b.file_name, b.pages, b.created_on, b.posted_on, b.posted_by,"
    " (SELECT COUNT(*) FROM parchments p WHERE p.print_batch_id = b.id) AS parchments FROM print_batches b";

PrintBatch batchFrom(const Row& r)
{
    return PrintBatch{r.integer("id"),        r.integer("jury_id"), r.integer("document_id"), r.text("file_name"),
                      static_cast<int>(r.integer("pages")), date(r, "created_on"), optDate(r, "posted_on"), r.text("posted_by"),
                      static_cast<int>(r.integer("parchments"))};
}

}  // namespace

std::optional<ParchmentRepository::Verified> ParchmentRepository::verified(const std::string& code)
{
    auto row = db_.queryOne("SELECT p.id, p.candidature_id, p.year, p.number, p.issued_on, p.verification_code, p.revoked_on,"
                            " p.revoke_reason, p.kind, p.print_batch_id, p.reissue, p.replaces_id, c.certificate_code,"
                            " d.prenoms, CASE WHEN d.nom_usage <> '' THEN d.nom_usage ELSE d.nom_naissance END AS nom, d.sexe"
                            " FROM parchments p JOIN candidatures c ON c.id = p.candidature_id"
                            " JOIN candidates d ON d.id = c.candidate_id WHERE p.verification_code = ?",
                            {code});
    if (!row)
        return std::nullopt;
    return Verified{parchmentFrom(*row), row->text("certificate_code"), row->text("prenoms"), row->text("nom"), row->text("sexe")};
}

std::vector<PrintBatch> ParchmentRepository::printBatches()
{
    std::vector<PrintBatch> out;
    for (const auto& r : db_.query(std::string{batchColumns} + " ORDER BY b.id DESC"))
        out.push_back(batchFrom(r));
    return out;
}

std::optional<PrintBatch> ParchmentRepository::printBatch(Id id)
{
    auto row = db_.queryOne(std::string{batchColumns} + " WHERE b.id = ?", {id});
    return row ? std::optional{batchFrom(*row)} : std::nullopt;
}

void ParchmentRepository::markPosted(Id id, rules::Date on, const std::string& by)
{
    db_.execute("UPDATE print_batches SET posted_on = ?, posted_by = ? WHERE id = ?", {on.iso(), by, id});
}

void ParchmentRepository::revoke(Id id, rules::Date on, const std::string& reason, bool reissue)
{
    db_.execute("UPDATE parchments SET revoked_on = ?, revoke_reason = ?, reissue = ? WHERE id = ?",
                {on.iso(), reason, std::int64_t{reissue ? 1 : 0}, id});
}

std::string Parchment::label() const
{
    std::string n = std::to_string(number);
    return std::to_string(year) + "-" + std::string(n.size() < 4 ? 4 - n.size() : 0, '0') + n;
}

}  // namespace cqp::pipeline
