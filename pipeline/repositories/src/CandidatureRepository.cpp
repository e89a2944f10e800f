#include "cqp/repositories/CandidatureRepository.h"

#include "Convert.h"
#include "cqp/store/Database.h"

#include "cqp/repositories/Store.h"

#include <cctype>
#include <map>

namespace cqp::pipeline {

using namespace detail;

namespace {

constexpr const char* candidateColumns =
    "SELECT id, account_id, external_ref, nom_naissance, nom_usage, prenoms, sexe, date_naissance,"
    " commune_naissance, pays_naissance, code_insee, email FROM candidates";

Candidate candidateFrom(const Row& r)
{
    Candidate c;
    c.id = r.integer("id");
    c.accountId = r.integer("account_id");
    c.externalRef = r.optText("external_ref");
    c.nomNaissance = r.text("nom_naissance");
    c.nomUsage = r.text("nom_usage");
    c.prenoms = r.text("prenoms");
    c.sexe = r.text("sexe");
    c.dateNaissance = optDate(r, "date_naissance");
    c.communeNaissance = r.text("commune_naissance");
    c.paysNaissance = r.text("pays_naissance");
    c.codeInsee = r.text("code_insee");
    c.email = r.text("email");
    return c;
}

Params candidateParams(const Candidate& c)
{
    return {c.accountId,  opt(c.externalRef), c.nomNaissance,     c.nomUsage,     c.prenoms,   c.sexe,
            optDate(c.dateNaissance), c.communeNaissance, c.paysNaissance, c.codeInsee, c.email};
}

constexpr const char* candidatureColumns =
    "SELECT id, candidate_id, etablissement_id, certificate_code, status, parcours, dispositif, organisme_formation,"
    " evaluator_id, evaluator_confirmed_on, planned_evaluation_date, metier_email, metier_name, metier_invited_on,"
    " created_on, status_changed_on, external_ref FROM candidatures";

Candidature candidatureFrom(const Row& r)
{
    Candidature c;
    c.id = r.integer("id");
    c.candidateId = r.integer("candidate_id");
    c.etablissementId = r.optInteger("etablissement_id");
    c.certificateCode = r.text("certificate_code");
    c.status = status(r, "status");
    c.parcours = r.text("parcours");
    c.dispositif = r.text("dispositif");
    c.organismeFormation = r.text("organisme_formation");
    c.evaluatorId = r.optInteger("evaluator_id");
    c.evaluatorConfirmedOn = optDate(r, "evaluator_confirmed_on");
    c.plannedEvaluationDate = optDate(r, "planned_evaluation_date");
    c.metierEmail = r.text("metier_email");
    c.metierName = r.text("metier_name");
    c.metierInvitedOn = optDate(r, "metier_invited_on");
    c.createdOn = date(r, "created_on");
    c.statusChangedOn = date(r, "status_changed_on");
    c.externalRef = r.optText("external_ref");
    return c;
}

}  // namespace

Id CandidatureRepository::addCandidate(const Candidate& c)
{
    return db_.insert("INSERT INTO candidates (account_id, external_ref, nom_naissance, nom_usage, prenoms, sexe,"
                      " date_naissance, commune_naissance, pays_naissance, code_insee, email)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      candidateParams(c));
}

std::optional<Candidate> CandidatureRepository::candidate(Id id)
{
    auto row = db_.queryOne(std::string{candidateColumns} + " WHERE id = ?", {id});
    return row ? std::optional{candidateFrom(*row)} : std::nullopt;
}

void CandidatureRepository::updateCandidate(const Candidate& c)
{
    auto params = candidateParams(c);
    params.push_back(c.id);
    db_.execute("UPDATE candidates SET account_id = ?, external_ref = ?, nom_naissance = ?, nom_usage = ?, prenoms = ?,"
                " sexe = ?, date_naissance = ?, commune_naissance = ?, pays_naissance = ?, code_insee = ?, email = ?"
                " WHERE id = ?",
                params);
}

std::optional<Candidate> CandidatureRepository::candidateByReference(Id accountId, const std::string& reference)
{
    auto row = db_.queryOne(std::string{candidateColumns} + " WHERE account_id = ? AND external_ref = ?", {accountId, reference});
    return row ? std::optional{candidateFrom(*row)} : std::nullopt;
}

std::vector<Candidate> CandidatureRepository::candidatesBornOn(Id accountId, rules::Date date)
{
    std::vector<Candidate> out;
    for (const auto& r : db_.query(std::string{candidateColumns} + " WHERE account_id = ? AND date_naissance = ? ORDER BY id",
                                   {accountId, date.iso()}))
        out.push_back(candidateFrom(r));
    return out;
}

std::vector<Candidate> CandidatureRepository::candidatesBornOn(const std::vector<rules::Date>& dates)
{
    std::vector<Candidate> out;
    if (dates.empty())
        return out;
    std::string sql = std::string{candidateColumns} + " WHERE date_naissance IN (";
    detail::Params values;
    for (const auto& date : dates) {
        sql += values.empty() ? "?" : ", ?";
        values.emplace_back(std::string{date.iso()});
    }
    for (const auto& r : db_.query(sql + ") ORDER BY id", values))
        out.push_back(candidateFrom(r));
    return out;
}

std::optional<Candidature> CandidatureRepository::candidatureByReference(Id accountId, const std::string& reference)
{
    auto row = db_.queryOne("SELECT c.id FROM candidatures c JOIN candidates p ON p.id = c.candidate_id"
                            " WHERE p.account_id = ? AND c.external_ref = ?",
                            {accountId, reference});
    return row ? candidature(row->integer(0)) : std::nullopt;
}

std::vector<Id> CandidatureRepository::candidaturesOfCandidate(Id candidateId)
{
    return detail::ids(db_.query("SELECT id FROM candidatures WHERE candidate_id = ? ORDER BY id", {candidateId}));
}

Id CandidatureRepository::addCandidature(const Candidature& c, const std::string& actor)
{
    Id id = 0;
    db_.atomic([&] {
        id = db_.insert(
            "INSERT INTO candidatures (candidate_id, etablissement_id, certificate_code, status, parcours, dispositif,"
            " organisme_formation, evaluator_id, evaluator_confirmed_on, planned_evaluation_date, metier_email,"
            " metier_invited_on, created_on, status_changed_on, external_ref)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {c.candidateId, opt(c.etablissementId), c.certificateCode, std::string{rules::statusCode(c.status)},
             c.parcours, c.dispositif, c.organismeFormation, opt(c.evaluatorId), optDate(c.evaluatorConfirmedOn),
             optDate(c.plannedEvaluationDate), lower(c.metierEmail), optDate(c.metierInvitedOn), c.createdOn.iso(),
             c.createdOn.iso(), opt(c.externalRef)});
        for (const auto& code : c.competences)
            db_.execute("INSERT INTO candidature_competences (candidature_id, competence_code) VALUES (?, ?)", {id, code});
        appendHistory(id, std::nullopt, StatusChange{c.status, c.status, c.createdOn, actor, "created", {}, {}});
    });
    return id;
}

std::optional<Candidature> CandidatureRepository::candidature(Id id)
{
    auto row = db_.queryOne(std::string{candidatureColumns} + " WHERE id = ?", {id});
    if (!row)
        return std::nullopt;
    Candidature c = candidatureFrom(*row);
    for (const auto& r : db_.query("SELECT competence_code FROM candidature_competences WHERE candidature_id = ?"
                                   " ORDER BY competence_code",
                                   {id}))
        c.competences.push_back(r.text("competence_code"));
    return c;
}

std::vector<Candidature> CandidatureRepository::candidatures(const std::vector<Id>& ids)
{
    std::vector<Candidature> out;
    std::map<Id, std::size_t> at;
    const auto set = db_.dialect().idList(ids);
    for (const auto& r : db_.query(std::string{candidatureColumns} + " WHERE id" + in(db_) + " ORDER BY id", {set})) {
        at[r.integer("id")] = out.size();
        out.push_back(candidatureFrom(r));
    }
    for (const auto& r : db_.query("SELECT candidature_id, competence_code FROM candidature_competences"
                                   " WHERE candidature_id" + in(db_) + " ORDER BY candidature_id, competence_code",
                                   {set}))
        out[at.at(r.integer("candidature_id"))].competences.push_back(r.text("competence_code"));
    return out;
}

std::vector<Candidate> CandidatureRepository::candidates(const std::vector<Id>& ids)
{
    std::vector<Candidate> out;
    for (const auto& r : db_.query(std::string{candidateColumns} + " WHERE id" + in(db_) + " ORDER BY id", {db_.dialect().idList(ids)}))
        out.push_back(candidateFrom(r));
    return out;
}

void CandidatureRepository::updateCandidature(const Candidature& c)
{
    db_.atomic([&] {
        db_.execute("UPDATE candidatures SET etablissement_id = ?, certificate_code = ?, parcours = ?, dispositif = ?,"
                    " organisme_formation = ?, evaluator_id = ?, evaluator_confirmed_on = ?, planned_evaluation_date = ?,"
                    " metier_email = ?, metier_name = ?, metier_invited_on = ?, external_ref = ? WHERE id = ?",
                    {opt(c.etablissementId), c.certificateCode, c.parcours, c.dispositif, c.organismeFormation,
                     opt(c.evaluatorId), optDate(c.evaluatorConfirmedOn), optDate(c.plannedEvaluationDate),
                     lower(c.metierEmail), c.metierName, optDate(c.metierInvitedOn), opt(c.externalRef), c.id});
        db_.execute("DELETE FROM candidature_competences WHERE candidature_id = ?", {c.id});
        for (const auto& code : c.competences)
            db_.execute("INSERT INTO candidature_competences (candidature_id, competence_code) VALUES (?, ?)", {c.id, code});
    });
}

std::vector<Id> CandidatureRepository::idsWithStatus(rules::CandidatureStatus s)
{
    return detail::ids(db_.query("SELECT id FROM candidatures WHERE status = ? ORDER BY id", {std::string{rules::statusCode(s)}}));
}

std::map<rules::CandidatureStatus, std::int64_t> CandidatureRepository::countByStatus()
{
    std::map<rules::CandidatureStatus, std::int64_t> counts;
    for (auto s : rules::allStatuses)
        counts[s] = 0;
    for (const auto& r : db_.query("SELECT status, COUNT(*) FROM candidatures GROUP BY status"))
        counts[status(r, "status")] = r.integer(1);
    return counts;
}

void CandidatureRepository::saveEvaluation(const Evaluation& e)
{
    db_.atomic([&] {
        db_.execute("DELETE FROM evaluation_results WHERE candidature_id = ?", {e.candidatureId});
        db_.execute("DELETE FROM evaluations WHERE candidature_id = ?", {e.candidatureId});
        db_.execute("INSERT INTO evaluations (candidature_id, evaluation_date, received_on, candidate_observations,"
                    " outil4_document_id) VALUES (?, ?, ?, ?, ?)",
                    {e.candidatureId, e.evaluationDate.iso(), e.receivedOn.iso(), e.candidateObservations,
                     opt(e.outil4DocumentId)});
        for (const auto& r : e.results)
            db_.execute("INSERT INTO evaluation_results (candidature_id, competence_code, acquired, comment)"
                        " VALUES (?, ?, ?, ?)",
                        {e.candidatureId, r.competenceCode, std::int64_t{r.acquired ? 1 : 0}, r.comment});
    });
}

std::optional<Evaluation> CandidatureRepository::evaluation(Id candidatureId)
{
    auto row = db_.queryOne("SELECT candidature_id, evaluation_date, received_on, candidate_observations, outil4_document_id"
                            " FROM evaluations WHERE candidature_id = ?",
                            {candidatureId});
    if (!row)
        return std::nullopt;
    Evaluation e{row->integer(0), date(*row, 1), date(*row, 2), row->text(3), row->optInteger(4), {}};
    for (const auto& r : db_.query("SELECT competence_code, acquired, comment FROM evaluation_results"
                                   " WHERE candidature_id = ? ORDER BY competence_code",
                                   {candidatureId}))
        e.results.push_back({r.text("competence_code"), r.flag("acquired"), r.text("comment")});
    return e;
}

std::vector<Evaluation> CandidatureRepository::evaluations(const std::vector<Id>& candidatureIds)
{
    std::vector<Evaluation> out;
    std::map<Id, std::size_t> at;
    const auto set = db_.dialect().idList(candidatureIds);
    for (const auto& r : db_.query("SELECT candidature_id, evaluation_date, received_on, candidate_observations, outil4_document_id"
                                   " FROM evaluations WHERE candidature_id" + in(db_) + " ORDER BY candidature_id",
                                   {set})) {
        at[r.integer(0)] = out.size();
        out.push_back({r.integer(0), date(r, 1), date(r, 2), r.text(3), r.optInteger(4), {}});
    }
    for (const auto& r : db_.query("SELECT candidature_id, competence_code, acquired, comment FROM evaluation_results"
                                   " WHERE candidature_id" + in(db_) + " ORDER BY candidature_id, competence_code",
                                   {set}))
        if (const auto it = at.find(r.integer("candidature_id")); it != at.end())
            out[it->second].results.push_back({r.text("competence_code"), r.flag("acquired"), r.text("comment")});
    return out;
}

std::vector<Id> CandidatureRepository::withMetierObservations(const std::vector<Id>& candidatureIds)
{
    return detail::ids(db_.query("SELECT DISTINCT candidature_id FROM metier_observations WHERE candidature_id" + in(db_),
                                 {db_.dialect().idList(candidatureIds)}));
}

Id CandidatureRepository::addMetierObservation(const MetierObservation& o)
{
    return db_.insert("INSERT INTO metier_observations (candidature_id, received_on, author, observations) VALUES (?, ?, ?, ?)",
                      {o.candidatureId, o.receivedOn.iso(), o.author, o.observations});
}

std::vector<MetierObservation> CandidatureRepository::metierObservations(Id candidatureId)
{
    std::vector<MetierObservation> out;
    for (const auto& r : db_.query("SELECT id, candidature_id, received_on, author, observations FROM metier_observations"
                                   " WHERE candidature_id = ? ORDER BY id",
                                   {candidatureId}))
        out.push_back({r.integer("id"), r.integer("candidature_id"), date(r, "received_on"), r.text("author"), r.text("observations")});
    return out;
}

bool CandidatureRepository::changeStatus(Id candidatureId, const StatusChange& change)
{
    bool changed = false;
    db_.atomic([&] {
        changed = db_.execute("UPDATE candidatures SET status = ?, status_changed_on = ? WHERE id = ? AND status = ?",
                              {std::string{rules::statusCode(change.to)}, change.logicalDate.iso(), candidatureId,
                               std::string{rules::statusCode(change.from)}}) == 1;
        if (changed)
            appendHistory(candidatureId, change.from, change);
    });
    return changed;
}

void CandidatureRepository::appendHistory(Id candidatureId, std::optional<rules::CandidatureStatus> from,
                                          const StatusChange& change)
{
    db_.execute("INSERT INTO status_history (candidature_id, from_status, to_status, recorded_at, logical_date, actor,"
                " evidence_document_id, rule, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {candidatureId, from ? Value{std::string{rules::statusCode(*from)}} : Value{nullptr},
                 std::string{rules::statusCode(change.to)}, utcTimestamp(), change.logicalDate.iso(), change.actor,
                 opt(change.evidenceDocumentId), change.rule, change.reason});
}

void CandidatureRepository::recordEvent(Id candidatureId, const StatusChange& change)
{
    appendHistory(candidatureId, change.from, change);
}

std::vector<HistoryEntry> CandidatureRepository::history(Id candidatureId)
{
    std::vector<HistoryEntry> out;
    for (const auto& r : db_.query("SELECT id, candidature_id, from_status, to_status, recorded_at, logical_date, actor,"
                                   " evidence_document_id, rule, reason FROM status_history WHERE candidature_id = ?"
                                   " ORDER BY id",
                                   {candidatureId})) {
        HistoryEntry h;
        h.id = r.integer("id");
        h.candidatureId = r.integer("candidature_id");
        if (!r.isNull("from_status"))
            h.from = status(r, "from_status");
        h.to = status(r, "to_status");
        h.recordedAt = r.text("recorded_at");
        h.logicalDate = date(r, "logical_date");
        h.actor = r.text("actor");
        h.evidenceDocumentId = r.optInteger("evidence_document_id");
        h.rule = r.text("rule");
        h.reason = r.text("reason");
        out.push_back(std::move(h));
    }
    return out;
}

std::vector<Id> CandidatureRepository::resultsStillMissing(rules::Date from, rules::Date to)
{
    return detail::ids(db_.query("SELECT c.id FROM candidatures c WHERE c.status = 'en_attente_evaluation'"
                                   " AND c.planned_evaluation_date >= ? AND c.planned_evaluation_date <= ?"
                                   " AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.candidature_id = c.id)"
                                   " AND NOT EXISTS (SELECT 1 FROM reminders m WHERE m.kind = 'results_window'"
                                   " AND m.subject_id = c.id AND m.subject_key = c.planned_evaluation_date) ORDER BY c.id",
                                   {from.iso(), to.iso()}));
}

std::vector<Id> CandidatureRepository::notYetRegistered(const std::optional<std::string>& certificate, Id juryId)
{
    return detail::ids(db_.query("SELECT c.id FROM candidatures c WHERE c.status = 'validation_evaluation'"
                                   " AND (? = '' OR c.certificate_code = ?)"
                                   " AND NOT EXISTS (SELECT 1 FROM registrations g WHERE g.candidature_id = c.id)"
                                   " AND NOT EXISTS (SELECT 1 FROM reminders m WHERE m.kind = 'registration'"
                                   " AND m.subject_id = c.id AND m.subject_key = ?) ORDER BY c.id",
                                   {certificate.value_or(""), certificate.value_or(""), std::to_string(juryId)}));
}

std::vector<Id> CandidatureRepository::metierObservationsMissing(const std::optional<std::string>& certificate, Id juryId)
{
    const auto jury = std::to_string(juryId);
    return detail::ids(db_.query(
        "SELECT c.id FROM candidatures c WHERE c.status IN ('en_attente_evaluation', 'validation_evaluation')"
        " AND c.metier_invited_on IS NOT NULL AND (? = '' OR c.certificate_code = ?)"
        " AND NOT EXISTS (SELECT 1 FROM metier_observations o WHERE o.candidature_id = c.id)"
        " AND NOT EXISTS (SELECT 1 FROM registrations g WHERE g.candidature_id = c.id"
        " AND COALESCE(g.placed_jury_id, g.requested_jury_id) <> ?)"
        " AND NOT EXISTS (SELECT 1 FROM reminders m WHERE m.kind = 'metier_observations'"
        " AND m.subject_id = c.id AND m.subject_key = ?) ORDER BY c.id",
        {certificate.value_or(""), certificate.value_or(""), juryId, jury}));
}

}  // namespace cqp::pipeline
