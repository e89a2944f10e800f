// The migration of the secretariat's console, in its own file (Migrations.cpp is full).

#include "cqp/store/Migrations.h"

namespace cqp::pipeline::detail {

// 17: the secretariat's console (`cqp serve`, issue 17): its users (passwords as argon2id
// strings, failed logins for the lock-out), what they did and which person's data they read —
// both logs append-only: a trigger refuses UPDATE, and DELETE but of the rows older than the
// cut-off the retention purge writes in `log_purge` for the length of its transaction — and
// print batches marked posted.
Migration v17Console()
{
    return {17,
            "console users, action and access logs, posted print batches",
            {
                {"CREATE TABLE console_users (id {id}, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL,"
                 " password_hash TEXT NOT NULL, failed_logins {bigint} NOT NULL DEFAULT 0, locked_until TEXT NOT NULL DEFAULT '',"
                 " created_at TEXT NOT NULL, disabled {bigint} NOT NULL DEFAULT 0)"},
                {"CREATE TABLE action_log (id {id}, at TEXT NOT NULL, actor TEXT NOT NULL, channel TEXT NOT NULL,"
                 " action TEXT NOT NULL, object TEXT NOT NULL, detail TEXT NOT NULL)"},
                {"CREATE TABLE access_log (id {id}, at TEXT NOT NULL, actor TEXT NOT NULL, channel TEXT NOT NULL,"
                 " candidate_id {bigint}, candidature_id {bigint}, what TEXT NOT NULL)"},
                {"CREATE INDEX access_log_candidate ON access_log (candidate_id)"},
                {"CREATE TABLE log_purge (before TEXT NOT NULL)"},
                {"CREATE TRIGGER action_log_append_only_u BEFORE UPDATE ON action_log BEGIN SELECT RAISE(ABORT, 'action_log is append-only'); END",
                 "CREATE FUNCTION cqp_append_only() RETURNS trigger LANGUAGE plpgsql AS"
                 " 'BEGIN IF TG_OP = ''DELETE'' AND EXISTS (SELECT 1 FROM log_purge WHERE OLD.at < log_purge.before) THEN"
                 " RETURN OLD; END IF; RAISE EXCEPTION ''% is append-only'', TG_TABLE_NAME; END'"},
                {"CREATE TRIGGER action_log_append_only_d BEFORE DELETE ON action_log WHEN NOT EXISTS (SELECT 1 FROM log_purge"
                 " WHERE OLD.at < log_purge.before) BEGIN SELECT RAISE(ABORT, 'action_log is append-only'); END",
                 "CREATE TRIGGER action_log_append_only BEFORE UPDATE OR DELETE ON action_log FOR EACH ROW EXECUTE FUNCTION cqp_append_only()"},
                {"CREATE TRIGGER access_log_append_only_u BEFORE UPDATE ON access_log BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END",
                 "CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log FOR EACH ROW EXECUTE FUNCTION cqp_append_only()"},
                {"CREATE TRIGGER access_log_append_only_d BEFORE DELETE ON access_log WHEN NOT EXISTS (SELECT 1 FROM log_purge"
                 " WHERE OLD.at < log_purge.before) BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END",
                 ""},
                {"CREATE INDEX documents_file_name ON documents (file_name)"},
                // What a dossier page reads by candidature or document (the mails about it, the
                // state of its scans, their reviews): indexed, so that a page stays a few
                // milliseconds on a store of years.
                {"CREATE INDEX outbox_candidature ON outbox (candidature_id)"},
                {"CREATE INDEX scan_queue_document ON scan_queue (document_id)"},
                {"CREATE INDEX reviews_document ON reviews (document_id)"},
                {"ALTER TABLE print_batches ADD COLUMN posted_on TEXT"},
                {"ALTER TABLE print_batches ADD COLUMN posted_by TEXT NOT NULL DEFAULT ''"},
            }};
}


}  // namespace cqp::pipeline::detail

namespace cqp::pipeline::detail {

// 18: the right to erasure (issue 18). The status history stays append-only, but for the
// candidatures an erasure names in `erasures` for the length of its transaction.
Migration v18Erasure()
{
    return {18,
            "erasure of a person",
            {
                {"CREATE TABLE erasures (candidature_id {bigint} NOT NULL)"},
                // When a person was reduced to the parchment register (erasure or retention).
                {"ALTER TABLE candidates ADD COLUMN reduced_on TEXT"},
                // What an erasure or the export reads by person: indexed, so that reducing one
                // person costs the same in a store of a thousand as of a million.
                {"CREATE INDEX outbox_logical_date ON outbox (logical_date)"},
                {"CREATE INDEX outbox_attachments_document ON outbox_attachments (document_id)"},
                {"CREATE INDEX acquisitions_candidature ON acquisitions (candidature_id)"},
                {"CREATE INDEX invitations_candidate ON invitations (candidate_id)"},
                {"CREATE INDEX invitations_candidature ON invitations (candidature_id)"},
                {"CREATE INDEX outbox_forms_candidature ON outbox_forms (candidature_id)"},
                {"CREATE INDEX submissions_candidate ON submissions (candidate_id)"},
                {"CREATE INDEX access_log_candidature ON access_log (candidature_id)"},
                {"CREATE INDEX received_mail_logical_date ON received_mail (logical_date, sender)"},
                {"DROP TRIGGER status_history_no_delete", ""},
                {"CREATE TRIGGER status_history_no_delete BEFORE DELETE ON status_history WHEN NOT EXISTS (SELECT 1 FROM erasures"
                 " WHERE erasures.candidature_id = OLD.candidature_id) BEGIN SELECT RAISE(ABORT, 'status_history is append-only'); END",
                 "CREATE OR REPLACE FUNCTION status_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                 " IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM erasures WHERE erasures.candidature_id = OLD.candidature_id) THEN"
                 " RETURN OLD; END IF; RAISE EXCEPTION 'status_history is append-only'; END $$"},
            }};
}

}  // namespace cqp::pipeline::detail
