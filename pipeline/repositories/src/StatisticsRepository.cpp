#include "cqp/repositories/StatisticsRepository.h"

#include "Convert.h"
#include "cqp/store/Database.h"

#include <stdexcept>

namespace cqp::pipeline {

using detail::Row;

namespace {

std::vector<StatisticsRepository::Count> counts(const std::vector<Row>& rows)
{
    std::vector<StatisticsRepository::Count> out;
    for (const auto& r : rows)
        out.push_back({r.optText(0).value_or(""), r.integer(1)});
    return out;
}

detail::Params period(const StatisticsRepository::Period& p) { return {p.first.iso(), p.second.iso()}; }

}  // namespace

std::vector<StatisticsRepository::Count> StatisticsRepository::createdBy(const std::string& what, const Period& p)
{
    std::string key;
    std::string from = "candidatures c";
    if (what == "status")
        key = "c.status";
    else if (what == "certificate")
        key = "c.certificate_code";
    else if (what == "dispositif")
        key = "c.dispositif";
    else if (what == "month")
        key = "substr(c.created_on, 1, 7)";
    else if (what == "company") {
        key = "COALESCE(co.raison_sociale || ' — ' || e.name, '')";
        from += " LEFT JOIN etablissements e ON e.id = c.etablissement_id LEFT JOIN companies co ON co.id = e.company_id";
    } else
        throw std::invalid_argument("no statistics by " + what);
    return counts(db_.query("SELECT " + key + ", COUNT(*) FROM " + from + " WHERE c.created_on >= ? AND c.created_on <= ?"
                            " GROUP BY " + key + " ORDER BY 2 DESC, 1",
                            period(p)));
}

std::vector<StatisticsRepository::Count> StatisticsRepository::decidedByMonth(const Period& p)
{
    return counts(db_.query("SELECT substr(logical_date, 1, 7), COUNT(*) FROM status_history WHERE to_status IN"
                            " ('valide', 'partiel', 'non_valide') AND logical_date >= ? AND logical_date <= ? GROUP BY 1 ORDER BY 1",
                            period(p)));
}

std::vector<StatisticsRepository::Count> StatisticsRepository::outcomesByCertificate(const Period& p)
{
    return counts(db_.query("SELECT c.certificate_code || '|' || h.to_status, COUNT(*) FROM status_history h JOIN candidatures c"
                            " ON c.id = h.candidature_id WHERE h.to_status IN ('valide', 'partiel', 'non_valide')"
                            " AND h.logical_date >= ? AND h.logical_date <= ? GROUP BY 1 ORDER BY 1",
                            period(p)));
}

std::vector<StatisticsRepository::Span> StatisticsRepository::step(const std::string& which, const Period& p)
{
    std::string sql;
    if (which == "creation-evaluation")
        sql = "SELECT c.created_on, e.evaluation_date FROM evaluations e JOIN candidatures c ON c.id = e.candidature_id"
              " WHERE e.received_on >= ? AND e.received_on <= ?";
    else if (which == "evaluation-jury")
        sql = "SELECT e.evaluation_date, j.jury_date FROM registrations g JOIN juries j ON j.id = g.placed_jury_id"
              " JOIN evaluations e ON e.candidature_id = g.candidature_id WHERE j.jury_date >= ? AND j.jury_date <= ?";
    else if (which == "jury-parchment")
        sql = "SELECT j.jury_date, p.issued_on FROM parchments p JOIN registrations g ON g.candidature_id = p.candidature_id"
              " JOIN juries j ON j.id = g.placed_jury_id WHERE p.issued_on >= ? AND p.issued_on <= ?";
    else if (which == "creation-parchment")
        sql = "SELECT c.created_on, p.issued_on FROM parchments p JOIN candidatures c ON c.id = p.candidature_id"
              " WHERE p.issued_on >= ? AND p.issued_on <= ?";
    else
        throw std::invalid_argument("no step " + which);
    std::vector<Span> out;
    for (const auto& r : db_.query(sql, period(p)))
        out.emplace_back(detail::date(r, 0), detail::date(r, 1));
    return out;
}

std::vector<StatisticsRepository::JuryFill> StatisticsRepository::juriesHeld(const Period& p)
{
    std::vector<JuryFill> out;
    for (const auto& r : db_.query(
             "SELECT j.id, j.jury_date, j.certificate_code, j.capacity,"
             " (SELECT COUNT(*) FROM registrations g WHERE g.placed_jury_id = j.id) AS placed,"
             " (SELECT MAX(d.decided_on) FROM decisions d WHERE d.jury_id = j.id) AS last_decision,"
             " (SELECT COUNT(*) FROM registrations g JOIN candidatures c ON c.id = g.candidature_id WHERE g.placed_jury_id = j.id"
             "  AND c.status = 'inscription_jury' AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.candidature_id = c.id))"
             " AS undecided FROM juries j WHERE j.jury_date >= ? AND j.jury_date <= ? ORDER BY j.jury_date, j.id",
             period(p))) {
        const auto last = r.optText("last_decision");
        out.push_back({r.integer("id"), detail::date(r, "jury_date"), r.optText("certificate_code"), r.integer("capacity"), r.integer("placed"),
                       last ? rules::Date::parseIso(*last) : std::nullopt, r.integer("undecided")});
    }
    return out;
}

long long StatisticsRepository::refusedBy(const std::string& code, const Period& p)
{
    return db_.scalar("SELECT COUNT(*) FROM submissions WHERE status = 'rejected' AND logical_date >= ? AND logical_date <= ?"
                      " AND refusal_codes LIKE ?",
                      {p.first.iso(), p.second.iso(), "%," + code + ",%"});
}

long long StatisticsRepository::rejectedSubmissions(const Period& p)
{
    return db_.scalar("SELECT COUNT(*) FROM submissions WHERE status = 'rejected' AND logical_date >= ? AND logical_date <= ?", period(p));
}

long long StatisticsRepository::registrationsMoved(const Period& p)
{
    return db_.scalar("SELECT COUNT(*) FROM registrations WHERE moved = 1 AND received_on >= ? AND received_on <= ?", period(p));
}

std::vector<StatisticsRepository::Count> StatisticsRepository::remindersByKind(const Period& p)
{
    return counts(db_.query("SELECT kind, COUNT(*) FROM reminders WHERE sent_on >= ? AND sent_on <= ? GROUP BY kind ORDER BY kind",
                            period(p)));
}

std::vector<StatisticsRepository::Count> StatisticsRepository::mailsByState(const Period& p)
{
    return counts(db_.query("SELECT state, COUNT(*) FROM outbox WHERE logical_date >= ? AND logical_date <= ? GROUP BY state ORDER BY state",
                            period(p)));
}

long long StatisticsRepository::receivedInState(ReceivedState state, const Period& p)
{
    return db_.scalar("SELECT COUNT(*) FROM received_mail WHERE state = ? AND logical_date >= ? AND logical_date <= ?",
                      {code(state), p.first.iso(), p.second.iso()});
}

long long StatisticsRepository::reviewsOpened(const Period& p)
{
    return db_.scalar("SELECT COUNT(*) FROM reviews WHERE created_on >= ? AND created_on <= ?", period(p));
}

}  // namespace cqp::pipeline
