#pragma once

// What the store holds about a person, found from the schema itself: every table with a
// `candidate_id` or `candidature_id` column, and `candidates` by its id. A table added later is
// exported (and erased) without anyone having to remember it.

#include "cqp/repositories/Id.h"

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace cqp::pipeline {

namespace detail {
class Database;
}

class PrivacyRepository {
public:
    explicit PrivacyRepository(detail::Database& db) : db_{db} {}

    struct Table {
        std::string name;
        bool byCandidate = false;    ///< has candidate_id (or is `candidates`, by id)
        bool byCandidature = false;  ///< has candidature_id
    };
    /// Every table of the schema that names a candidate or a candidature, by name.
    std::vector<Table> tablesAboutCandidates();

    /// One row: each column's name and value as text (nothing for NULL; blobs as their bytes).
    using Record = std::vector<std::pair<std::string, std::optional<std::string>>>;
    /// The rows of `table` about the candidate or any of its candidatures, by their first column.
    std::vector<Record> rowsAbout(const Table& table, Id candidateId, const std::vector<Id>& candidatureIds);

    /// What the retention purge removes: everything older than each cut-off (ISO dates, and an
    /// ISO timestamp for the logs).
    struct PurgeCutoffs {
        std::string receivedBefore;  ///< processed messages: raw bytes, subject
        std::string refusedBefore;   ///< quarantined, ignored, set aside, dropped, duplicates
        std::string sentBefore;      ///< sent or failed mails: body and attachment links
        std::string logsBefore;      ///< access and action logs (timestamp)
        std::string orphansBefore;   ///< documents nothing refers to any more
    };
    struct PurgeCounts {
        std::size_t receivedMails = 0;
        std::size_t refusedMails = 0;
        std::size_t copies = 0;       ///< later arrivals of the same bytes (sender and subject)
        std::size_t sentMails = 0;
        std::size_t attachmentLinks = 0;
        std::size_t accessLog = 0;
        std::size_t actionLog = 0;
        std::size_t documents = 0;
    };
    /// Blanks or deletes what is past its cut-off, in one transaction; with `dryRun`, only counts
    /// it (the same conditions). Documents go last, once nothing refers to them — counted in a
    /// dry run as those unreferenced already.
    PurgeCounts purge(const PurgeCutoffs& cutoffs, bool dryRun);

    /// What an erasure touched outside the database's rows: the mails whose spool copies go, the
    /// juries and print batches whose folder copies go.
    struct Erased {
        std::vector<Id> mails;    ///< outbox rows about the person, and the jury mails that carried their files
        std::vector<Id> juries;   ///< the juries the person was registered to
        std::vector<std::string> batchFiles;  ///< the print batches that held their parchment
        std::size_t rows = 0;     ///< rows deleted or emptied
    };
    /// Erases candidate `candidateId` and its candidatures `candidatureIds`, inside the caller's
    /// transaction: the rows about them deleted; their candidate and candidature rows emptied
    /// to what the register of delivered parchments needs (the certificate, the status; no name,
    /// no birth date); the mails about them emptied (date, state and kind stay); the received
    /// messages that carried their documents emptied; every document of theirs — and the jury
    /// lists and files and the print batches that named them — emptied of its content (the
    /// digest stays, so that the same document sent again is known as a replay). Parchments
    /// (number, code, dates, revocation) and the access and action logs (numbers only) stay.
    /// `byRequest`: an erasure the person asked for keeps nothing, and also finds the mails that
    /// name them without being filed under their candidature (their own invitation, the
    /// acknowledgement of their `candidat`) by reading the mails of their dossiers' time. The
    /// retention's reduction keeps a holder's names (and sex), which their parchments'
    /// verification shows, and reads no mail text: by then the purge has emptied those mails.
    Erased erase(Id candidateId, const std::vector<Id>& candidatureIds, bool byRequest, bool keepHolderName, const std::string& on);
    /// Whether one of the candidate's candidatures has a parchment or an attestation.
    bool holdsParchment(Id candidateId);
    /// The candidates not yet reduced none of whose candidatures moved since the cut-off of its kind:
    /// `decidedBefore` for a decided one, `abandonedBefore` for one still undecided (ISO dates).
    std::vector<Id> candidatesPastRetention(const std::string& decidedBefore, const std::string& abandonedBefore);

private:
    /// Counts (dry run) or runs `change` on the rows `where` selects in `table`.
    std::size_t apply(bool dryRun, const std::string& table, const std::string& change, const std::string& where,
                      const std::vector<std::string>& values);
    /// What the person's rows name — documents, mails, juries, print batches — and the received
    /// messages that carried their documents (erase's first half).
    Erased namedBy(Id candidateId, const std::vector<Id>& candidatureIds, bool byRequest, std::set<Id>& documents,
                   std::vector<Id>& received);
    /// "id NOT IN (…) AND …" over every column of the schema that refers to a document.
    std::string unreferencedDocuments();
    detail::Database& db_;
    std::vector<Table> tables_;  ///< tablesAboutCandidates, read once (the schema does not change under a running cqp)
};

}  // namespace cqp::pipeline
