// The erasure of a person (docs/rgpd.md, right to erasure), beside PrivacyRepository.cpp.

#include "cqp/repositories/PrivacyRepository.h"

#include "Convert.h"
#include "cqp/store/Database.h"

#include <set>

namespace cqp::pipeline {

using namespace detail;

namespace {

std::vector<Id> idsOf(Database& db, const std::string& sql, const Params& params)
{
    std::vector<Id> out;
    for (const auto& r : db.query(sql, params))
        if (!r.isNull(0))
            out.push_back(r.integer(0));
    return out;
}

}  // namespace

std::vector<Id> PrivacyRepository::candidatesPastRetention(const std::string& decidedBefore, const std::string& abandonedBefore)
{
    const std::string decided = "c.status IN ('valide', 'partiel', 'non_valide')";
    return idsOf(db_,
                 "SELECT d.id FROM candidates d WHERE d.reduced_on IS NULL"
                 " AND EXISTS (SELECT 1 FROM candidatures c WHERE c.candidate_id = d.id)"
                 " AND NOT EXISTS (SELECT 1 FROM candidatures c WHERE c.candidate_id = d.id AND ((" + decided +
                     " AND c.status_changed_on >= ?) OR (NOT " + decided + " AND c.status_changed_on >= ?))) ORDER BY d.id",
                 {decidedBefore, abandonedBefore});
}

bool PrivacyRepository::holdsParchment(Id candidateId)
{
    return db_.scalar("SELECT COUNT(*) FROM parchments p JOIN candidatures c ON c.id = p.candidature_id WHERE c.candidate_id = ?",
                      {std::int64_t{candidateId}}) > 0;
}

PrivacyRepository::Erased PrivacyRepository::namedBy(Id candidateId, const std::vector<Id>& candidatureIds, bool byRequest,
                                                     std::set<Id>& documents, std::vector<Id>& received)
{
    Erased erased;
    const Value person = std::int64_t{candidateId};
    const Value theirs = db_.dialect().idList(candidatureIds);
    const std::string inTheirs = in(db_);
    // What their rows name: documents, mails, juries, batches, received messages.
    for (const auto& table : tablesAboutCandidates())
        for (const auto& row : rowsAbout(table, candidateId, candidatureIds))
            for (const auto& [column, value] : row)
                if (value && !value->empty() && (column == "document_id" || column.ends_with("_document_id")))
                    documents.insert(std::stoll(*value));
    erased.mails = idsOf(db_, "SELECT id FROM outbox WHERE candidature_id" + inTheirs, {theirs});
    for (const Id id : idsOf(db_, "SELECT document_id FROM outbox_attachments WHERE outbox_id" + inTheirs, {db_.dialect().idList(erased.mails)}))
        documents.insert(id);
    erased.juries = idsOf(db_, "SELECT placed_jury_id FROM registrations WHERE candidature_id" + inTheirs +
                                   " UNION SELECT requested_jury_id FROM registrations WHERE candidature_id" + inTheirs,
                          {theirs, theirs});
    for (const auto& r : db_.query("SELECT id, jury_date FROM juries WHERE id" + inTheirs, {db_.dialect().idList(erased.juries)}))
        for (const char* part : {"-liste.pdf", "-dossiers.pdf"}) {
            const std::string name = "jury-" + std::to_string(r.integer("id")) + "-" + r.text("jury_date") + part;
            for (const Id doc : idsOf(db_, "SELECT id FROM documents WHERE file_name = ?", {name})) {
                documents.insert(doc);
                for (const Id mail : idsOf(db_, "SELECT outbox_id FROM outbox_attachments WHERE document_id = ?", {doc}))
                    erased.mails.push_back(mail);
            }
        }
    for (const auto& r : db_.query("SELECT DISTINCT b.document_id, b.file_name FROM print_batches b JOIN parchments p ON p.print_batch_id = b.id"
                                   " WHERE p.candidature_id" + inTheirs,
                                   {theirs})) {
        documents.insert(r.integer("document_id"));
        erased.batchFiles.push_back(r.text("file_name"));
    }
    // The mails that carried any of those documents, or that name the person without being
    // filed under their candidature (their own invitation, the acknowledgement of their
    // `candidat`): by address, reference or full name.
    for (const Id mail : idsOf(db_, "SELECT outbox_id FROM outbox_attachments WHERE document_id" + inTheirs,
                               {db_.dialect().idList(std::vector<Id>(documents.begin(), documents.end()))}))
        erased.mails.push_back(mail);
    // Those mails were written while the person's dossiers were open: only the mails of that
    // time (a month either side) are read, through the index on their date.
    const auto who = db_.queryOne("SELECT prenoms, nom_naissance, nom_usage, email, external_ref FROM candidates WHERE id = ?", {person});
    const auto span = db_.queryOne("SELECT MIN(created_on) AS first, MAX(status_changed_on) AS last FROM candidatures WHERE candidate_id = ?",
                                   {person});
    if (byRequest && who && span && !span->isNull("first")) {
        std::vector<std::string> names;
        for (const char* column : {"nom_naissance", "nom_usage"})
            if (!who->text(column).empty())
                names.push_back(who->text("prenoms") + " " + who->text(column));
        for (const char* column : {"email", "external_ref"})
            if (who->text(column).size() >= 4)
                names.push_back(who->text(column));
        const auto from = rules::Date::parseIso(span->text("first"))->plusDays(-31).iso();
        const auto to = rules::Date::parseIso(span->text("last"))->plusDays(31).iso();
        for (const auto& name : names)
            for (const Id mail : idsOf(db_, "SELECT id FROM outbox WHERE logical_date BETWEEN ? AND ? AND (LOWER(recipient) = LOWER(?)"
                                            " OR LOWER(subject) LIKE LOWER(?) OR LOWER(body) LIKE LOWER(?))",
                                       {from, to, name, "%" + name + "%", "%" + name + "%"}))
                erased.mails.push_back(mail);
    }
    received = idsOf(
        db_,
        "SELECT received_mail_id FROM scan_queue WHERE candidate_id = ? OR candidature_id" + inTheirs +
            " UNION SELECT received_mail_id FROM outbox WHERE candidature_id" + inTheirs +
            " UNION SELECT r.id FROM submissions s JOIN received_mail r ON r.logical_date = s.logical_date AND r.sender = s.sender"
            " WHERE s.candidate_id = ? OR s.candidature_id" + inTheirs,
        {person, theirs, theirs, person, theirs});

    return erased;
}

PrivacyRepository::Erased PrivacyRepository::erase(Id candidateId, const std::vector<Id>& candidatureIds, bool byRequest,
                                                   bool keepHolderName, const std::string& on)
{
    std::set<Id> documents;
    std::vector<Id> received;
    Erased erased = namedBy(candidateId, candidatureIds, byRequest, documents, received);
    const Value person = std::int64_t{candidateId};
    const Value theirs = db_.dialect().idList(candidatureIds);
    const std::string inTheirs = in(db_);
    // The rows about them go; the candidate and candidature rows stay, emptied, for the register.
    for (const char* table : {"acquisitions", "candidate_documents", "invitations", "scan_queue"})
        erased.rows += db_.execute(std::string{"DELETE FROM "} + table + " WHERE candidate_id = ?", {person});
    // The history refuses DELETE but for the candidatures named in `erasures`, within this transaction.
    for (const Id id : candidatureIds)
        db_.execute("INSERT INTO erasures (candidature_id) VALUES (?)", {std::int64_t{id}});
    for (const char* table : {"acquisitions", "candidature_competences", "candidature_documents", "decisions", "evaluation_results",
                              "evaluations", "form_tokens", "invitations", "metier_observations", "outbox_forms", "registrations",
                              "reviews", "scan_queue", "status_history"})
        erased.rows += db_.execute(std::string{"DELETE FROM "} + table + " WHERE candidature_id" + inTheirs, {theirs});
    db_.execute("DELETE FROM erasures");
    erased.rows += db_.execute("DELETE FROM outbox_attachments WHERE outbox_id" + inTheirs, {db_.dialect().idList(erased.mails)});
    erased.rows += db_.execute("UPDATE outbox SET subject = '(courriel effacé)', body = '', recipient = '', last_error = ''"
                               " WHERE candidature_id" + inTheirs + " OR id" + inTheirs,
                               {theirs, db_.dialect().idList(erased.mails)});
    erased.rows += db_.execute("UPDATE submissions SET messages = '', sender = '' WHERE candidate_id = ? OR candidature_id" + inTheirs,
                               {person, theirs});
    erased.rows += db_.execute("UPDATE received_mail SET raw = NULL, subject = '', sender = '', reason = '' WHERE id" + inTheirs,
                               {db_.dialect().idList(received)});
    erased.rows += db_.execute(std::string{"UPDATE candidates SET external_ref = NULL, "} +
                                   (keepHolderName ? "" : "nom_naissance = '', nom_usage = '', prenoms = '', sexe = '', ") +
                                   "date_naissance = NULL, commune_naissance = '', pays_naissance = '', code_insee = '', email = '',"
                                   " reduced_on = ? WHERE id = ?",
                               {on, person});
    erased.rows += db_.execute("UPDATE candidatures SET parcours = '', organisme_formation = '', metier_email = '', metier_name = '',"
                               " external_ref = NULL WHERE id" + inTheirs,
                               {theirs});
    const std::vector<Id> docs(documents.begin(), documents.end());
    erased.rows += db_.execute("UPDATE documents SET content = ?, size = 0, file_name = 'efface' WHERE id" + inTheirs,
                               {Bytes{}, db_.dialect().idList(docs)});
    return erased;
}

}  // namespace cqp::pipeline
