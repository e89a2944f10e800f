#include "cqp/repositories/JuryRepository.h"

#include "Convert.h"
#include "cqp/store/Database.h"

namespace cqp::pipeline {

using namespace detail;

namespace {

constexpr const char* juryColumns =
    "SELECT j.id, j.jury_date, j.capacity, j.certificate_code, j.frozen_on, j.created_on,"
    " (SELECT COUNT(*) FROM registrations r WHERE r.placed_jury_id = j.id) AS placed FROM juries j";

Jury juryFrom(const Row& r)
{
    return Jury{r.integer("id"), date(r, "jury_date"),  static_cast<int>(r.integer("capacity")), r.optText("certificate_code"), optDate(r, "frozen_on"),
                date(r, "created_on"),   static_cast<int>(r.integer("placed"))};
}

constexpr const char* registrationColumns =
    "SELECT id, candidature_id, requested_jury_id, placed_jury_id, received_on, moved FROM registrations";

Registration registrationFrom(const Row& r)
{
    return Registration{r.integer("id"), r.integer("candidature_id"), r.integer("requested_jury_id"), r.optInteger("placed_jury_id"), date(r, "received_on"), r.flag("moved")};
}

}  // namespace

Id JuryRepository::addJury(const Jury& j)
{
    return db_.insert("INSERT INTO juries (jury_date, capacity, certificate_code, frozen_on, created_on) VALUES (?, ?, ?, ?, ?)",
                      {j.date.iso(), std::int64_t{j.capacity}, opt(j.certificateCode), optDate(j.frozenOn), j.createdOn.iso()});
}

std::optional<Jury> JuryRepository::jury(Id id)
{
    auto row = db_.queryOne(std::string{juryColumns} + " WHERE j.id = ?", {id});
    return row ? std::optional{juryFrom(*row)} : std::nullopt;
}

std::vector<Jury> JuryRepository::calendar()
{
    std::vector<Jury> out;
    for (const auto& r : db_.query(std::string{juryColumns} + " ORDER BY j.jury_date, j.id"))
        out.push_back(juryFrom(r));
    return out;
}

std::vector<rules::JurySession> JuryRepository::sessions()
{
    std::vector<rules::JurySession> out;
    for (const auto& j : calendar())
        out.push_back({j.id, j.date, j.capacity, j.placed, j.certificateCode, j.frozenOn.has_value()});
    return out;
}

void JuryRepository::freeze(Id juryId, rules::Date on)
{
    db_.execute("UPDATE juries SET frozen_on = ? WHERE id = ? AND frozen_on IS NULL", {on.iso(), juryId});
}

Id JuryRepository::addRegistration(const Registration& r)
{
    return db_.insert("INSERT INTO registrations (candidature_id, requested_jury_id, placed_jury_id, received_on, moved)"
                      " VALUES (?, ?, ?, ?, ?)",
                      {r.candidatureId, r.requestedJuryId, opt(r.placedJuryId), r.receivedOn.iso(),
                       std::int64_t{r.moved ? 1 : 0}});
}

std::optional<Registration> JuryRepository::registrationOf(Id candidatureId)
{
    auto row = db_.queryOne(std::string{registrationColumns} + " WHERE candidature_id = ? ORDER BY id DESC LIMIT 1",
                            {candidatureId});
    return row ? std::optional{registrationFrom(*row)} : std::nullopt;
}

std::vector<Registration> JuryRepository::registrationsOf(const std::vector<Id>& candidatureIds)
{
    std::vector<Registration> out;
    for (const auto& r : db_.query(std::string{registrationColumns} + " WHERE candidature_id" + in(db_) + " ORDER BY candidature_id, id",
                                   {db_.dialect().idList(candidatureIds)})) {
        if (!out.empty() && out.back().candidatureId == r.integer("candidature_id"))
            out.pop_back();
        out.push_back(registrationFrom(r));
    }
    return out;
}

std::vector<Jury> JuryRepository::juries(const std::vector<Id>& ids)
{
    std::vector<Jury> out;
    for (const auto& r : db_.query(std::string{juryColumns} + " WHERE j.id" + in(db_) + " ORDER BY j.id", {db_.dialect().idList(ids)}))
        out.push_back(juryFrom(r));
    return out;
}

std::vector<Registration> JuryRepository::registrationsIn(Id juryId)
{
    std::vector<Registration> out;
    for (const auto& r : db_.query(std::string{registrationColumns} + " WHERE placed_jury_id = ? ORDER BY id", {juryId}))
        out.push_back(registrationFrom(r));
    return out;
}

Id JuryRepository::addMember(const Member& m)
{
    return db_.insert("INSERT INTO jury_members (name, email, organisation) VALUES (?, ?, ?)", {m.name, lower(m.email), m.organisation});
}

bool JuryRepository::removeMember(Id id) { return db_.execute("DELETE FROM jury_members WHERE id = ?", {id}) == 1; }

std::vector<JuryRepository::Member> JuryRepository::members()
{
    std::vector<Member> out;
    for (const auto& r : db_.query("SELECT id, name, email, organisation FROM jury_members ORDER BY name"))
        out.push_back({r.integer("id"), r.text("name"), r.text("email"), r.text("organisation")});
    return out;
}

void JuryRepository::moveRegistration(Id registrationId, Id juryId)
{
    db_.execute("UPDATE registrations SET placed_jury_id = ?, moved = 1 WHERE id = ?", {juryId, registrationId});
}

void JuryRepository::saveDecisions(Id candidatureId, const std::vector<Decision>& decisions)
{
    db_.atomic([&] {
        db_.execute("DELETE FROM decisions WHERE candidature_id = ?", {candidatureId});
        for (const auto& d : decisions)
            db_.execute("INSERT INTO decisions (candidature_id, competence_code, validated, jury_id, decided_on)"
                        " VALUES (?, ?, ?, ?, ?)",
                        {candidatureId, d.competenceCode, std::int64_t{d.validated ? 1 : 0}, d.juryId, d.decidedOn.iso()});
    });
}

std::vector<Decision> JuryRepository::decisions(Id candidatureId)
{
    std::vector<Decision> out;
    for (const auto& r : db_.query("SELECT candidature_id, competence_code, validated, jury_id, decided_on FROM decisions"
                                   " WHERE candidature_id = ? ORDER BY competence_code",
                                   {candidatureId}))
        out.push_back({r.integer("candidature_id"), r.text("competence_code"), r.flag("validated"), r.integer("jury_id"), date(r, "decided_on")});
    return out;
}

std::vector<Decision> JuryRepository::decisionsOf(const std::vector<Id>& candidatureIds)
{
    std::vector<Decision> out;
    for (const auto& r : db_.query("SELECT candidature_id, competence_code, validated, jury_id, decided_on FROM decisions"
                                   " WHERE candidature_id" + in(db_) + " ORDER BY candidature_id, competence_code",
                                   {db_.dialect().idList(candidatureIds)}))
        out.push_back({r.integer("candidature_id"), r.text("competence_code"), r.flag("validated"), r.integer("jury_id"), date(r, "decided_on")});
    return out;
}

void JuryRepository::addAcquisitions(const std::vector<AcquiredCompetence>& acquisitions)
{
    db_.atomic([&] {
        for (const auto& a : acquisitions)
            db_.execute("INSERT INTO acquisitions (candidate_id, certificate_code, competence_code, acquired_on,"
                        " valid_until, candidature_id) VALUES (?, ?, ?, ?, ?, ?)",
                        {a.candidateId, a.certificateCode, a.competenceCode, a.acquiredOn.iso(), a.validUntil.iso(),
                         a.candidatureId});
    });
}

std::vector<AcquiredCompetence> JuryRepository::acquisitions(Id candidateId, const std::string& certificateCode)
{
    std::vector<AcquiredCompetence> out;
    for (const auto& r : db_.query("SELECT candidate_id, certificate_code, competence_code, acquired_on, valid_until,"
                                   " candidature_id FROM acquisitions WHERE candidate_id = ? AND certificate_code = ?"
                                   " ORDER BY competence_code, acquired_on",
                                   {candidateId, certificateCode}))
        out.push_back({r.integer("candidate_id"), r.text("certificate_code"), r.text("competence_code"), date(r, "acquired_on"), date(r, "valid_until"), r.integer("candidature_id")});
    return out;
}

std::vector<AcquiredCompetence> JuryRepository::acquisitionsOf(const std::vector<Id>& candidateIds)
{
    std::vector<AcquiredCompetence> out;
    for (const auto& r : db_.query("SELECT candidate_id, certificate_code, competence_code, acquired_on, valid_until,"
                                   " candidature_id FROM acquisitions WHERE candidate_id" + in(db_) +
                                   " ORDER BY candidate_id, competence_code, acquired_on",
                                   {db_.dialect().idList(candidateIds)}))
        out.push_back({r.integer("candidate_id"), r.text("certificate_code"), r.text("competence_code"), date(r, "acquired_on"), date(r, "valid_until"), r.integer("candidature_id")});
    return out;
}

std::vector<std::pair<Jury, std::vector<Id>>> JuryRepository::undecidedHeldBefore(rules::Date date)
{
    std::vector<std::pair<Jury, std::vector<Id>>> out;
    for (const auto& r : db_.query("SELECT g.placed_jury_id, c.id FROM registrations g JOIN juries j ON j.id = g.placed_jury_id"
                                   " JOIN candidatures c ON c.id = g.candidature_id WHERE j.jury_date < ?"
                                   " AND c.status = 'inscription_jury' AND NOT EXISTS"
                                   " (SELECT 1 FROM decisions d WHERE d.candidature_id = c.id) ORDER BY j.jury_date, j.id, c.id",
                                   {date.iso()})) {
        if (out.empty() || out.back().first.id != r.integer("placed_jury_id"))
            out.emplace_back(*jury(r.integer("placed_jury_id")), std::vector<Id>{});
        out.back().second.push_back(r.integer("id"));
    }
    return out;
}

}  // namespace cqp::pipeline
