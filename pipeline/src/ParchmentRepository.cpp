#include "cqp/pipeline/ParchmentRepository.h"

#include "Convert.h"
#include "Database.h"

namespace cqp::pipeline {

using namespace detail;

namespace {

constexpr const char* columns = "SELECT id, candidature_id, year, number, issued_on, verification_code, revoked_on,"
                                " revoke_reason FROM parchments";

Parchment parchmentFrom(const Row& r)
{
    return Parchment{r.integer(0), r.integer(1), static_cast<int>(r.integer(2)), static_cast<int>(r.integer(3)),
                     date(r, 4),   r.text(5),    optDate(r, 6),                  r.text(7)};
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
                      " revoke_reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      {p.candidatureId, std::int64_t{p.year}, std::int64_t{p.number}, p.issuedOn.iso(), p.verificationCode,
                       optDate(p.revokedOn), p.revokeReason});
}

std::optional<Parchment> ParchmentRepository::byCandidature(Id candidatureId)
{
    auto row = db_.queryOne(std::string{columns} + " WHERE candidature_id = ?", {candidatureId});
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

void ParchmentRepository::revoke(Id id, rules::Date on, const std::string& reason)
{
    db_.execute("UPDATE parchments SET revoked_on = ?, revoke_reason = ? WHERE id = ?", {on.iso(), reason, id});
}

}  // namespace cqp::pipeline
