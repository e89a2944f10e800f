#include "cqp/repositories/PrivacyRepository.h"

#include "Convert.h"
#include "cqp/store/Database.h"

#include <map>

namespace cqp::pipeline {

using namespace detail;

std::vector<PrivacyRepository::Table> PrivacyRepository::tablesAboutCandidates()
{
    if (!tables_.empty())
        return tables_;
    std::map<std::string, Table> found;
    for (const auto& r : db_.query(db_.dialect().schemaColumns())) {
        const std::string table = r.text("table_name");
        const std::string column = r.text("column_name");
        const bool candidate = column == "candidate_id" || (table == "candidates" && column == "id");
        const bool candidature = column == "candidature_id";
        if (!candidate && !candidature)
            continue;
        auto& t = found[table];
        t.name = table;
        t.byCandidate = t.byCandidate || candidate;
        t.byCandidature = t.byCandidature || candidature;
    }
    for (auto& [name, table] : found)
        tables_.push_back(std::move(table));
    return tables_;
}

std::vector<PrivacyRepository::Record> PrivacyRepository::rowsAbout(const Table& table, Id candidateId,
                                                                    const std::vector<Id>& candidatureIds)
{
    // Table and column names come from the schema, never from outside; values are bound.
    std::string where;
    Params params;
    if (table.byCandidate) {
        where = table.name == "candidates" ? "id = ?" : "candidate_id = ?";
        params.emplace_back(std::int64_t{candidateId});
    }
    if (table.byCandidature) {
        where += (where.empty() ? "" : " OR ") + std::string{"candidature_id"} + in(db_);
        params.push_back(db_.dialect().idList(candidatureIds));
    }
    std::vector<Record> out;
    for (const auto& r : db_.query("SELECT * FROM " + table.name + " WHERE " + where + " ORDER BY 1", params)) {
        Record record;
        const auto names = r.names();
        for (std::size_t i = 0; i < names.size(); ++i)
            record.emplace_back(names[i], r.isNull(i) ? std::nullopt : std::optional{r.text(i)});
        out.push_back(std::move(record));
    }
    return out;
}

}  // namespace cqp::pipeline

namespace cqp::pipeline {

std::size_t PrivacyRepository::apply(bool dryRun, const std::string& table, const std::string& change, const std::string& where,
                                     const std::vector<std::string>& values)
{
    Params params;
    for (const auto& v : values)
        params.emplace_back(v);
    if (dryRun)
        return static_cast<std::size_t>(db_.scalar("SELECT COUNT(*) FROM " + table + " WHERE " + where, params));
    return db_.execute(change + " WHERE " + where, params);
}

std::string PrivacyRepository::unreferencedDocuments()
{
    std::string where;
    for (const auto& r : db_.query(db_.dialect().schemaColumns())) {
        const std::string table = r.text("table_name");
        const std::string column = r.text("column_name");
        if (table != "documents" && (column == "document_id" || column.ends_with("_document_id")))
            where += " AND id NOT IN (SELECT " + column + " FROM " + table + " WHERE " + column + " IS NOT NULL)";
    }
    return where;
}

PrivacyRepository::PurgeCounts PrivacyRepository::purge(const PurgeCutoffs& c, bool dryRun)
{
    PurgeCounts n;
    db_.transaction([&] {
        const std::string blanked = "(raw IS NOT NULL OR subject <> '' OR sender <> '')";
        n.receivedMails = apply(dryRun, "received_mail", "UPDATE received_mail SET raw = NULL, subject = '', sender = ''",
                                "state = 'processed' AND logical_date < ? AND " + blanked, {c.receivedBefore});
        // A message still in quarantine after that long is set aside with it: nothing left to retry.
        n.refusedMails = apply(dryRun, "received_mail",
                               "UPDATE received_mail SET raw = NULL, subject = '', sender = '',"
                               " state = CASE WHEN state = 'quarantined' THEN 'dropped' ELSE state END",
                               "state IN ('quarantined', 'ignored', 'dropped', 'kept_aside', 'duplicate') AND logical_date < ? AND " +
                                   blanked,
                               {c.refusedBefore});
        n.copies = apply(dryRun, "received_copies", "UPDATE received_copies SET sender = '', subject = ''",
                         "logical_date < ? AND (sender <> '' OR subject <> '')", {c.refusedBefore});
        const std::string oldMails = "SELECT id FROM outbox WHERE state IN ('sent', 'failed') AND logical_date < ?";
        n.attachmentLinks = apply(dryRun, "outbox_attachments", "DELETE FROM outbox_attachments", "outbox_id IN (" + oldMails + ")",
                                  {c.sentBefore});
        n.sentMails = apply(dryRun, "outbox", "UPDATE outbox SET body = ''",
                            "state IN ('sent', 'failed') AND logical_date < ? AND body <> ''", {c.sentBefore});
        // The logs refuse DELETE but of the rows older than the cut-off written in log_purge.
        if (!dryRun)
            db_.execute("INSERT INTO log_purge (before) VALUES (?)", {c.logsBefore});
        n.accessLog = apply(dryRun, "access_log", "DELETE FROM access_log", "at < ?", {c.logsBefore});
        n.actionLog = apply(dryRun, "action_log", "DELETE FROM action_log", "at < ?", {c.logsBefore});
        if (!dryRun)
            db_.execute("DELETE FROM log_purge");
        n.documents = apply(dryRun, "documents", "DELETE FROM documents", "received_on < ?" + unreferencedDocuments(), {c.orphansBefore});
    });
    return n;
}

}  // namespace cqp::pipeline
