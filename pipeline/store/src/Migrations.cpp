#include "cqp/store/Migrations.h"

#include "cqp/store/StoreError.h"

namespace cqp::pipeline::detail {

namespace {

std::vector<MigrationStep> v1part1()
{
    return {
        {"CREATE TABLE companies (id {id}, siren TEXT NOT NULL UNIQUE, raison_sociale TEXT NOT NULL)"},
        {"CREATE TABLE etablissements (id {id}, company_id {bigint} NOT NULL REFERENCES companies(id),"
         " siret TEXT NOT NULL UNIQUE, name TEXT NOT NULL, address_line1 TEXT NOT NULL DEFAULT '',"
         " address_line2 TEXT NOT NULL DEFAULT '', postcode TEXT NOT NULL DEFAULT '', city TEXT NOT NULL DEFAULT '')"},
        {"CREATE TABLE evaluators (id {id}, registry_number TEXT NOT NULL UNIQUE, nom TEXT NOT NULL,"
         " prenom TEXT NOT NULL, email TEXT NOT NULL, registry_date TEXT NOT NULL)"},
        {"CREATE TABLE evaluator_employers (evaluator_id {bigint} NOT NULL REFERENCES evaluators(id),"
         " siren TEXT NOT NULL, PRIMARY KEY (evaluator_id, siren))"},
        {"CREATE TABLE habilitations (evaluator_id {bigint} NOT NULL REFERENCES evaluators(id),"
         " certificate_code TEXT NOT NULL, valid_from TEXT NOT NULL, valid_until TEXT,"
         " PRIMARY KEY (evaluator_id, certificate_code, valid_from))"},
        {"CREATE TABLE accounts (id {id}, role TEXT NOT NULL"
         " CHECK (role IN ('entreprise', 'evaluateur', 'secretariat', 'candidat')),"
         " status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'suspended')),"
         " display_name TEXT NOT NULL, etablissement_id {bigint} REFERENCES etablissements(id),"
         " evaluator_id {bigint} REFERENCES evaluators(id), public_key_pem TEXT NOT NULL DEFAULT '',"
         " created_on TEXT NOT NULL, approved_on TEXT)"},
        {"CREATE TABLE account_addresses (account_id {bigint} NOT NULL REFERENCES accounts(id),"
         " address TEXT NOT NULL, PRIMARY KEY (account_id, address))"},
        {"CREATE INDEX account_addresses_address ON account_addresses (address)"},
        {"CREATE TABLE documents (id {id}, sha256 TEXT NOT NULL UNIQUE, media_type TEXT NOT NULL,"
         " file_name TEXT NOT NULL DEFAULT '', size {bigint} NOT NULL, content {blob} NOT NULL,"
         " received_on TEXT NOT NULL)"},
        {"CREATE TABLE candidates (id {id}, account_id {bigint} NOT NULL REFERENCES accounts(id),"
         " external_ref TEXT, nom_naissance TEXT NOT NULL, nom_usage TEXT NOT NULL DEFAULT '',"
         " prenoms TEXT NOT NULL, sexe TEXT NOT NULL DEFAULT '', date_naissance TEXT,"
         " commune_naissance TEXT NOT NULL DEFAULT '', pays_naissance TEXT NOT NULL DEFAULT '',"
         " code_insee TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '',"
         " UNIQUE (account_id, external_ref))"},
        {"CREATE TABLE candidate_documents (candidate_id {bigint} NOT NULL REFERENCES candidates(id),"
         " document_id {bigint} NOT NULL REFERENCES documents(id), kind TEXT NOT NULL"
         " CHECK (kind IN ('outil4', 'outil6', 'diplome', 'autre')), attached_on TEXT NOT NULL,"
         " PRIMARY KEY (candidate_id, document_id, kind))"},
        {"CREATE TABLE candidatures (id {id}, candidate_id {bigint} NOT NULL REFERENCES candidates(id),"
         " etablissement_id {bigint} REFERENCES etablissements(id), certificate_code TEXT NOT NULL,"
         " status TEXT NOT NULL, parcours TEXT NOT NULL DEFAULT '', dispositif TEXT NOT NULL DEFAULT '',"
         " organisme_formation TEXT NOT NULL DEFAULT '', evaluator_id {bigint} REFERENCES evaluators(id),"
         " evaluator_confirmed_on TEXT, planned_evaluation_date TEXT, metier_email TEXT NOT NULL DEFAULT '',"
         " metier_invited_on TEXT, created_on TEXT NOT NULL, status_changed_on TEXT NOT NULL, external_ref TEXT)"},
        {"CREATE INDEX candidatures_status ON candidatures (status)"},
        {"CREATE INDEX candidatures_candidate ON candidatures (candidate_id)"},
        {"CREATE TABLE candidature_competences (candidature_id {bigint} NOT NULL REFERENCES candidatures(id),"
         " competence_code TEXT NOT NULL, PRIMARY KEY (candidature_id, competence_code))"},
        {"CREATE TABLE candidature_documents (candidature_id {bigint} NOT NULL REFERENCES candidatures(id),"
         " document_id {bigint} NOT NULL REFERENCES documents(id), kind TEXT NOT NULL"
         " CHECK (kind IN ('outil4', 'outil6', 'diplome', 'autre')), attached_on TEXT NOT NULL,"
         " PRIMARY KEY (candidature_id, document_id, kind))"},
        {"CREATE TABLE evaluations (candidature_id {bigint} PRIMARY KEY REFERENCES candidatures(id),"
         " evaluation_date TEXT NOT NULL, received_on TEXT NOT NULL,"
         " candidate_observations TEXT NOT NULL DEFAULT '', outil4_document_id {bigint} REFERENCES documents(id))"},
        {"CREATE TABLE evaluation_results (candidature_id {bigint} NOT NULL REFERENCES candidatures(id),"
         " competence_code TEXT NOT NULL, acquired {bigint} NOT NULL CHECK (acquired IN (0, 1)),"
         " comment TEXT NOT NULL DEFAULT '', PRIMARY KEY (candidature_id, competence_code))"},
        {"CREATE TABLE metier_observations (id {id}, candidature_id {bigint} NOT NULL REFERENCES candidatures(id),"
         " received_on TEXT NOT NULL, author TEXT NOT NULL DEFAULT '', observations TEXT NOT NULL)"},
        {"CREATE TABLE juries (id {id}, jury_date TEXT NOT NULL, capacity {bigint} NOT NULL CHECK (capacity > 0),"
         " certificate_code TEXT, frozen_on TEXT, created_on TEXT NOT NULL)"},
        {"CREATE TABLE registrations (id {id}, candidature_id {bigint} NOT NULL REFERENCES candidatures(id),"
         " requested_jury_id {bigint} NOT NULL REFERENCES juries(id), placed_jury_id {bigint} REFERENCES juries(id),"
         " received_on TEXT NOT NULL, moved {bigint} NOT NULL DEFAULT 0)"},
    };
}

std::vector<MigrationStep> v1part2()
{
    return {
        {"CREATE INDEX registrations_candidature ON registrations (candidature_id)"},
        {"CREATE INDEX registrations_placed ON registrations (placed_jury_id)"},
        {"CREATE TABLE decisions (candidature_id {bigint} NOT NULL REFERENCES candidatures(id),"
         " competence_code TEXT NOT NULL, validated {bigint} NOT NULL CHECK (validated IN (0, 1)),"
         " jury_id {bigint} NOT NULL REFERENCES juries(id), decided_on TEXT NOT NULL,"
         " PRIMARY KEY (candidature_id, competence_code))"},
        {"CREATE TABLE acquisitions (candidate_id {bigint} NOT NULL REFERENCES candidates(id),"
         " certificate_code TEXT NOT NULL, competence_code TEXT NOT NULL, acquired_on TEXT NOT NULL,"
         " valid_until TEXT NOT NULL, candidature_id {bigint} NOT NULL REFERENCES candidatures(id),"
         " PRIMARY KEY (candidate_id, certificate_code, competence_code, acquired_on))"},
        {"CREATE TABLE parchments (id {id}, candidature_id {bigint} NOT NULL UNIQUE REFERENCES candidatures(id),"
         " year {bigint} NOT NULL, number {bigint} NOT NULL, issued_on TEXT NOT NULL,"
         " verification_code TEXT NOT NULL UNIQUE, revoked_on TEXT, revoke_reason TEXT NOT NULL DEFAULT '',"
         " UNIQUE (year, number))"},
        {"CREATE TABLE received_mail (id {id}, message_id TEXT NOT NULL DEFAULT '', sha256 TEXT NOT NULL UNIQUE,"
         " sender TEXT NOT NULL DEFAULT '', subject TEXT NOT NULL DEFAULT '', received_at TEXT NOT NULL,"
         " logical_date TEXT NOT NULL, state TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', raw {blob})"},
        {"CREATE INDEX received_mail_message_id ON received_mail (message_id)"},
        {"CREATE TABLE outbox (id {id}, kind TEXT NOT NULL, candidature_id {bigint} REFERENCES candidatures(id),"
         " recipient TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL,"
         " state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')), attempts {bigint} NOT NULL DEFAULT 0,"
         " created_at TEXT NOT NULL, logical_date TEXT NOT NULL, next_attempt_at TEXT NOT NULL DEFAULT '',"
         " last_error TEXT NOT NULL DEFAULT '', sent_at TEXT NOT NULL DEFAULT '')"},
        {"CREATE INDEX outbox_state ON outbox (state, next_attempt_at)"},
        {"CREATE TABLE status_history (id {id}, candidature_id {bigint} NOT NULL REFERENCES candidatures(id),"
         " from_status TEXT, to_status TEXT NOT NULL, recorded_at TEXT NOT NULL, logical_date TEXT NOT NULL,"
         " actor TEXT NOT NULL, evidence_document_id {bigint} REFERENCES documents(id), rule TEXT NOT NULL,"
         " reason TEXT NOT NULL DEFAULT '')"},
        {"CREATE INDEX status_history_candidature ON status_history (candidature_id, id)"},
        // The history is append-only: the database itself refuses to change or delete a line.
        {"CREATE TRIGGER status_history_no_update BEFORE UPDATE ON status_history"
         " BEGIN SELECT RAISE(ABORT, 'status_history is append-only'); END",
         "CREATE FUNCTION status_history_append_only() RETURNS trigger LANGUAGE plpgsql AS"
         " $$ BEGIN RAISE EXCEPTION 'status_history is append-only'; END $$"},
        {"CREATE TRIGGER status_history_no_delete BEFORE DELETE ON status_history"
         " BEGIN SELECT RAISE(ABORT, 'status_history is append-only'); END",
         "CREATE TRIGGER status_history_append_only BEFORE UPDATE OR DELETE ON status_history"
         " FOR EACH ROW EXECUTE FUNCTION status_history_append_only()"},
    };
}

// 1: initial schema
Migration v1()
{
    Migration m{1, "initial schema", v1part1()};
    for (auto& step : v1part2())
        m.steps.push_back(step);
    return m;
}

// 2: submissions and invitations
Migration v2()
{
    return {
        2,
        "submissions and invitations",
        {
            // Every document received, accepted or not, with its original kept in documents.
            {"CREATE TABLE submissions (id {id}, sha256 TEXT NOT NULL, kind TEXT NOT NULL DEFAULT '',"
             " sender TEXT NOT NULL DEFAULT '', account_id {bigint} REFERENCES accounts(id),"
             " document_id {bigint} NOT NULL REFERENCES documents(id), received_at TEXT NOT NULL,"
             " logical_date TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected')),"
             " messages TEXT NOT NULL DEFAULT '', candidate_id {bigint}, candidature_id {bigint})"},
            {"CREATE INDEX submissions_candidature ON submissions (candidature_id)"},
            {"CREATE INDEX submissions_sha256 ON submissions (sha256)"},
            // A document is applied once; a refused one may be sent again once its cause is fixed.
            {"CREATE UNIQUE INDEX submissions_accepted ON submissions (sha256) WHERE status = 'accepted'"},
            // Invitations of a candidate (to enter their own data) or of an évaluateur métier.
            {"CREATE TABLE invitations (token TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('candidat', "
             "'metier')),"
             " candidate_id {bigint} REFERENCES candidates(id), candidature_id {bigint} REFERENCES candidatures(id),"
             " email TEXT NOT NULL, created_on TEXT NOT NULL, expires_on TEXT NOT NULL, used_on TEXT)"},
            {"CREATE INDEX outbox_kind ON outbox (kind, candidature_id)"},
            {"CREATE INDEX candidates_birth ON candidates (account_id, date_naissance)"},
            {"CREATE INDEX candidatures_reference ON candidatures (external_ref)"},
        }};
}

// 3: mail intake and delivery
Migration v3()
{
    return {3,
            "mail intake and delivery",
            {
                {"ALTER TABLE outbox ADD COLUMN in_reply_to TEXT NOT NULL DEFAULT ''"},
                {"ALTER TABLE outbox ADD COLUMN reply {bigint} NOT NULL DEFAULT 0"},
                {"ALTER TABLE outbox ADD COLUMN received_mail_id {bigint} REFERENCES received_mail(id)"},
                // POP3 messages already taken (by UIDL), recorded in the transaction of their work.
                {"CREATE TABLE pop3_seen (uid TEXT PRIMARY KEY, received_mail_id {bigint} REFERENCES received_mail(id),"
                 " seen_at TEXT NOT NULL)"},
                // Scans that came without a dossier to attach them to: read by the scan stage.
                {"CREATE TABLE scan_queue (id {id}, document_id {bigint} NOT NULL REFERENCES documents(id),"
                 " received_mail_id {bigint} REFERENCES received_mail(id), sender TEXT NOT NULL DEFAULT '',"
                 " state TEXT NOT NULL DEFAULT 'pending', queued_on TEXT NOT NULL)"},
                {"CREATE INDEX scan_queue_state ON scan_queue (state)"},
                {"CREATE INDEX received_mail_state ON received_mail (state)"},
            }};
}

// 4: parchments, attestations and print batches
Migration v4()
{
    return {4,
            "parchments, attestations and print batches",
            {
                {"ALTER TABLE parchments ADD COLUMN kind TEXT NOT NULL DEFAULT 'parchemin'"},
                {"ALTER TABLE parchments ADD COLUMN print_batch_id {bigint}"},
                {"CREATE TABLE print_batches (id {id}, jury_id {bigint} NOT NULL REFERENCES juries(id),"
                 " document_id {bigint} NOT NULL REFERENCES documents(id), file_name TEXT NOT NULL, pages {bigint} NOT "
                 "NULL,"
                 " created_on TEXT NOT NULL)"},
                {"CREATE TABLE outbox_attachments (outbox_id {bigint} NOT NULL REFERENCES outbox(id),"
                 " document_id {bigint} NOT NULL REFERENCES documents(id), PRIMARY KEY (outbox_id, document_id))"},
                {"CREATE TABLE jury_members (id {id}, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE,"
                 " organisation TEXT NOT NULL DEFAULT '', college TEXT NOT NULL DEFAULT '')"},
            }};
}

// 5: scan reviews
Migration v5()
{
    return {5,
            "scan reviews",
            {
                // What a scan could not settle, for the secretariat: nothing read from paper is guessed.
                {"CREATE TABLE reviews (id {id}, candidature_id {bigint} REFERENCES candidatures(id),"
                 " document_id {bigint} NOT NULL REFERENCES documents(id), page {bigint} NOT NULL DEFAULT 0,"
                 " reason TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'open', resolution TEXT NOT NULL DEFAULT '',"
                 " created_on TEXT NOT NULL, resolved_on TEXT, crop_document_id {bigint} REFERENCES documents(id))"},
                {"CREATE INDEX reviews_state ON reviews (state)"},
                {"ALTER TABLE scan_queue ADD COLUMN outcome TEXT NOT NULL DEFAULT ''"},
            }};
}

// 6: scans read with the dossier named by their message, code-less scans found by birth date
Migration v6()
{
    return {6,
            "scans read with the dossier named by their message, code-less scans found by birth date",
            {
                // The dossier the XML of the same message named: where a scan without code goes.
                {"ALTER TABLE scan_queue ADD COLUMN candidature_id {bigint} REFERENCES candidatures(id)"},
                {"ALTER TABLE scan_queue ADD COLUMN candidate_id {bigint} REFERENCES candidates(id)"},
                {"CREATE INDEX candidates_born ON candidates (date_naissance)"},
            }};
}

// 7: reminders, each sent once
Migration v7()
{
    return {7,
            "reminders, each sent once",
            {
                // One row per reminder sent, written in the transaction of its mail: the key says
                // for what (a jury, an evaluation date), so the same reminder is never sent twice.
                {"CREATE TABLE reminders (kind TEXT NOT NULL, subject_id {bigint} NOT NULL, subject_key TEXT NOT NULL,"
                 " sent_on TEXT NOT NULL, PRIMARY KEY (kind, subject_id, subject_key))"},
                // Found by the nightly benchmark: read for every open candidature, scanned whole.
                {"CREATE INDEX metier_observations_candidature ON metier_observations (candidature_id)"},
                {"CREATE INDEX parchments_print_batch ON parchments (print_batch_id)"},
                {"CREATE INDEX reviews_candidature ON reviews (candidature_id)"},
            }};
}

// 8: scans claimed by workers under a lease
Migration v8()
{
    return {8,
            "scans claimed by workers under a lease",
            {
                // A worker (`cqp worker`, PostgreSQL) claims a scan until lease_until (UTC); a worker
                // that dies lets its lease expire and another takes the scan.
                {"ALTER TABLE scan_queue ADD COLUMN claimed_by TEXT NOT NULL DEFAULT ''"},
                {"ALTER TABLE scan_queue ADD COLUMN lease_until TEXT NOT NULL DEFAULT ''"},
            }};
}

// 9: statistics: the rules that refused a submission
Migration v9()
{
    return {9,
            "statistics: the rules that refused a submission",
            {
                {"ALTER TABLE submissions ADD COLUMN refusal_codes TEXT NOT NULL DEFAULT ''"},
                {"CREATE INDEX submissions_logical_date ON submissions (logical_date)"},
            }};
}

// 10: replays: what the signature covers, the signer and the document's identifier
Migration v10()
{
    return {10,
            "replays: what the signature covers, the signer and the document's identifier",
            {
                // The duplicate check works on the canonical form the signature covers, not on the
                // bytes received; a document of format 1.1 is applied at most once per identifier
                // and signer (the database refuses a second one).
                {"ALTER TABLE submissions ADD COLUMN canonical_sha256 TEXT NOT NULL DEFAULT ''"},
                {"ALTER TABLE submissions ADD COLUMN signer TEXT NOT NULL DEFAULT ''"},
                {"ALTER TABLE submissions ADD COLUMN identifier TEXT NOT NULL DEFAULT ''"},
                {"CREATE INDEX submissions_canonical ON submissions (canonical_sha256)"},
                {"CREATE UNIQUE INDEX submissions_signed_once ON submissions (signer, identifier)"
                 " WHERE status = 'accepted' AND identifier <> ''"},
            }};
}

// 11: every received message accounted for, replies bounded
Migration v11()
{
    return {
        11,
        "every received message accounted for, replies bounded",
        {
            // A later arrival of the same bytes: its own row, pointing at the kept original.
            {"CREATE TABLE received_copies (id {id}, original_id {bigint} NOT NULL REFERENCES received_mail(id),"
             " message_id TEXT NOT NULL DEFAULT '', sender TEXT NOT NULL DEFAULT '', subject TEXT NOT NULL DEFAULT '',"
             " received_at TEXT NOT NULL, logical_date TEXT NOT NULL)"},
            // An over-size message is kept aside on disk, never in the store.
            {"ALTER TABLE received_mail ADD COLUMN kept_file TEXT NOT NULL DEFAULT ''"},
            // Where the summary of the message's scans goes ('' when the message gets no reply).
            {"ALTER TABLE received_mail ADD COLUMN reply_to TEXT NOT NULL DEFAULT ''"},
            {"ALTER TABLE received_mail ADD COLUMN scans_told {bigint} NOT NULL DEFAULT 0"},
            // A message with scans is answered once, after they are read: what its XML documents
            // became waits here until then.
            {"ALTER TABLE received_mail ADD COLUMN reply_sections TEXT NOT NULL DEFAULT ''"},
            // The scan as its sender named it (a document is stored once per content), and the
            // line the sender's summary will say about it.
            {"ALTER TABLE scan_queue ADD COLUMN file_name TEXT NOT NULL DEFAULT ''"},
            {"ALTER TABLE scan_queue ADD COLUMN notice TEXT NOT NULL DEFAULT ''"},
            // A form a submission named and filed: read all the same (its code, ticks and fields
            // compared with the dossier), never filed twice, outside the sender's summary.
            {"ALTER TABLE scan_queue ADD COLUMN filed_by_submission {bigint} NOT NULL DEFAULT 0"},
            {"CREATE INDEX scan_queue_received ON scan_queue (received_mail_id)"},
            // Replies per address and logical day, counted as they are queued: the daily cap is
            // one lookup, however many mails the outbox holds.
            {"CREATE TABLE reply_counts (address TEXT NOT NULL, logical_date TEXT NOT NULL, replies {bigint} NOT NULL,"
             " PRIMARY KEY (address, logical_date))"},
            // Every failure of a run (an item set aside, a server unreachable, a file not
            // written): shown by `cqp status`, counted in the exit code.
            {"CREATE TABLE stage_failures (id {id}, recorded_at TEXT NOT NULL, logical_date TEXT NOT NULL,"
             " stage TEXT NOT NULL, item TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL)"},
            {"CREATE INDEX stage_failures_date ON stage_failures (logical_date)"},
            // What happened to an account after its approval: suspended, reinstated, key changed.
            {"CREATE TABLE account_events (id {id}, account_id {bigint} NOT NULL REFERENCES accounts(id),"
             " logical_date TEXT NOT NULL, event TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '')"},
        }};
}

// 12: a parchment may be reissued — several per candidature, one of them current
Migration v12()
{
    // SQLite cannot drop a column's UNIQUE: the table is rebuilt. PostgreSQL drops the
    // constraint and adds the columns ("" skips a step there).
    return {12,
            "parchments reissued, the évaluateur métier's name",
            {
                {"CREATE TABLE parchments_v12 (id {id}, candidature_id {bigint} NOT NULL REFERENCES candidatures(id),"
                 " year {bigint} NOT NULL, number {bigint} NOT NULL, issued_on TEXT NOT NULL,"
                 " verification_code TEXT NOT NULL UNIQUE, revoked_on TEXT, revoke_reason TEXT NOT NULL DEFAULT '',"
                 " kind TEXT NOT NULL DEFAULT 'parchemin', print_batch_id {bigint},"
                 " reissue {bigint} NOT NULL DEFAULT 0, replaces_id {bigint}, UNIQUE (year, number))",
                 "ALTER TABLE parchments DROP CONSTRAINT parchments_candidature_id_key"},
                {"INSERT INTO parchments_v12 (id, candidature_id, year, number, issued_on, verification_code, revoked_on,"
                 " revoke_reason, kind, print_batch_id) SELECT id, candidature_id, year, number, issued_on,"
                 " verification_code, revoked_on, revoke_reason, kind, print_batch_id FROM parchments",
                 // Revoked to be replaced by a new number and code (`cqp parchment reissue`).
                 "ALTER TABLE parchments ADD COLUMN reissue {bigint} NOT NULL DEFAULT 0"},
                {"DROP TABLE parchments", "ALTER TABLE parchments ADD COLUMN replaces_id {bigint}"},
                {"ALTER TABLE parchments_v12 RENAME TO parchments", ""},
                {"CREATE INDEX parchments_print_batch ON parchments (print_batch_id)", ""},
                {"CREATE INDEX parchments_candidature ON parchments (candidature_id)"},
                // At most one parchment in force per candidature.
                {"CREATE UNIQUE INDEX parchments_current ON parchments (candidature_id) WHERE revoked_on IS NULL"},
                // The évaluateur métier by name, for the jury's file (the invitation gives it).
                {"ALTER TABLE candidatures ADD COLUMN metier_name TEXT NOT NULL DEFAULT ''"},
                // An invited person writing back is no stranger (the cap on replies to strangers).
                {"CREATE INDEX invitations_email ON invitations (email)"},
            }};
}

// 13: the forms a mail carries are rendered when it is sent, not in the submission's transaction
Migration v13()
{
    return {13,
            "forms rendered when their mail is sent",
            {
                {"CREATE TABLE outbox_forms (outbox_id {bigint} NOT NULL REFERENCES outbox(id),"
                 " candidature_id {bigint} NOT NULL REFERENCES candidatures(id), outil {bigint} NOT NULL,"
                 " PRIMARY KEY (outbox_id, outil))"},
            }};
}

// 14: the papers holding a dossier found by its own rows, not by every pending scan
Migration v14()
{
    return {14,
            "scan queue by dossier",
            {
                {"CREATE INDEX scan_queue_candidature ON scan_queue (candidature_id, state)"},
                {"CREATE INDEX scan_queue_candidate ON scan_queue (candidate_id, state)"},
            }};
}

// 15: the fillable PDF forms a mail carries (issue 16), rendered when it is sent. The token is
// kept only until then: the mail's body says it too, and the form is deleted from here once made.
Migration v15()
{
    return {15,
            "fillable forms rendered when their mail is sent",
            {
                {"CREATE TABLE outbox_fillable_forms (outbox_id {bigint} NOT NULL REFERENCES outbox(id), form TEXT NOT NULL,"
                 " dossier {bigint} NOT NULL, token TEXT NOT NULL, PRIMARY KEY (outbox_id, form))"},
                // The tokens of the forms mailed to account holders (the évaluateur's results
                // form): bound to the form, the candidature, the recipient and an expiry; only
                // their SHA-256 is kept; used once (the same content again is a replay).
                {"CREATE TABLE form_tokens (token TEXT PRIMARY KEY, form TEXT NOT NULL,"
                 " candidature_id {bigint} NOT NULL REFERENCES candidatures(id), recipient TEXT NOT NULL,"
                 " created_on TEXT NOT NULL, expires_on TEXT NOT NULL, used_on TEXT)"},
                {"CREATE INDEX form_tokens_candidature ON form_tokens (candidature_id, form)"},
                {"CREATE INDEX accounts_evaluator ON accounts (evaluator_id)"},
            }};
}

// 16: forms bound to an account rather than a candidature (the company's outil n°6, which makes
// the candidature): a form token names one or the other.
Migration v16()
{
    return {16,
            "form tokens of an account",
            {
                {"CREATE TABLE form_tokens_v16 (token TEXT PRIMARY KEY, form TEXT NOT NULL,"
                 " candidature_id {bigint} REFERENCES candidatures(id), account_id {bigint} REFERENCES accounts(id),"
                 " recipient TEXT NOT NULL, created_on TEXT NOT NULL, expires_on TEXT NOT NULL, used_on TEXT,"
                 " CHECK ((candidature_id IS NULL) <> (account_id IS NULL)))"},
                {"INSERT INTO form_tokens_v16 (token, form, candidature_id, account_id, recipient, created_on, expires_on, used_on)"
                 " SELECT token, form, candidature_id, NULL, recipient, created_on, expires_on, used_on FROM form_tokens"},
                {"DROP TABLE form_tokens"},
                {"ALTER TABLE form_tokens_v16 RENAME TO form_tokens"},
                {"CREATE INDEX form_tokens_candidature ON form_tokens (candidature_id, form)"},
                {"CREATE INDEX form_tokens_account ON form_tokens (account_id, form)"},
            }};
}

} // namespace

const std::vector<Migration>& migrations()
{
    static const std::vector<Migration> all{v1(), v2(), v3(), v4(), v5(), v6(), v7(), v8(), v9(), v10(), v11(), v12(), v13(),
                                                v14(), v15(), v16(), v17Console(), v18Erasure()};
    return all;
}

int latestVersion()
{
    return migrations().back().version;
}

namespace {

void ensureVersionTable(Database& db)
{
    db.execute(db.dialect().ddl("CREATE TABLE IF NOT EXISTS schema_migrations (version {bigint} PRIMARY KEY, name TEXT "
                                "NOT NULL, applied_at TEXT NOT NULL)"));
}

} // namespace

int currentVersion(Database& db)
{
    if (db.scalar(db.dialect().tableCount(), {std::string{"schema_migrations"}}) == 0)
        return 0;
    return static_cast<int>(db.scalar("SELECT MAX(version) FROM schema_migrations"));
}

std::vector<std::string> migrate(Database& db, const std::string& appliedAt)
{
    std::vector<std::string> applied;
    db.transaction([&] {
        db.lockForUpdate("cqp.migrations");
        ensureVersionTable(db);
    });
    for (const auto& migration : migrations()) {
        db.transaction([&] {
            db.lockForUpdate("cqp.migrations");
            if (db.scalar("SELECT COUNT(*) FROM schema_migrations WHERE version = ?",
                          {std::int64_t{migration.version}}) > 0)
                return;
            for (const auto& step : migration.steps)
                if (const char* sql = db.dialect().postgres() && step.postgres ? step.postgres : step.sql; *sql)
                    db.execute(db.dialect().ddl(sql));
            db.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                       {std::int64_t{migration.version}, std::string{migration.name}, appliedAt});
            applied.push_back(std::to_string(migration.version) + " " + migration.name);
        });
    }
    const int current = currentVersion(db);
    if (current > latestVersion())
        throw StoreError("the store is at schema version " + std::to_string(current) + ", newer than this cqp (" +
                         std::to_string(latestVersion()) + ")");
    return applied;
}

} // namespace cqp::pipeline::detail
