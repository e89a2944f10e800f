#pragma once

#include "cqp/repositories/ConsoleRecords.h"
#include "cqp/repositories/ParchmentRecords.h"

#include <optional>
#include <string>
#include <vector>

namespace cqp::pipeline {

namespace detail {
class Database;
}

/// Parchments delivered for validated candidatures, numbered per year without gaps.
class ParchmentRepository {
public:
    explicit ParchmentRepository(detail::Database& db) : db_{db} {}

    /// The next free number for `year` (1 for the first), to be used in the same transaction.
    int nextNumber(int year);
    Id add(const Parchment& parchment);
    /// The candidature's parchment in force, else its latest one.
    std::optional<Parchment> byCandidature(Id candidatureId);
    /// Every parchment of the candidature, the first issued first.
    std::vector<Parchment> allOfCandidature(Id candidatureId);
    /// The revoked parchment a new one must replace (revoked with reissue, not yet replaced).
    std::optional<Parchment> awaitingReplacement(Id candidatureId);
    std::optional<Parchment> byNumber(int year, int number);
    std::optional<Parchment> byVerificationCode(const std::string& code);
    /// What the public verification shows of the parchment that carries `code`, in one indexed
    /// query — a known and an unknown code cost the same.
    struct Verified {
        Parchment parchment;
        std::string certificateCode;
        std::string prenoms;
        std::string nom;  ///< the usage name when there is one, else the birth name
        std::string sexe;
    };
    std::optional<Verified> verified(const std::string& code);
    /// `reissue`: a new number and code will replace it (the render stage makes them).
    void revoke(Id id, rules::Date on, const std::string& reason, bool reissue = false);
    /// Candidatures validé or partiel without their parchment or attestation yet, or whose
    /// parchment was revoked to be reissued.
    std::vector<Id> candidaturesAwaitingParchment();
    /// Parchments and attestations not yet in a print batch, oldest first.
    std::vector<Parchment> unprinted();
    /// Issued from `from` to `to` (both included), by number.
    std::vector<Parchment> issuedBetween(rules::Date from, rules::Date to);
    /// Records the batch (its PDF stored as a document) and marks its parchments printed.
    Id addPrintBatch(Id juryId, Id documentId, const std::string& fileName, int pages, rules::Date on,
                     const std::vector<Id>& parchments);
    /// The print batches, the newest first.
    std::vector<PrintBatch> printBatches();
    std::optional<PrintBatch> printBatch(Id id);
    /// The secretariat has posted the batch's parchments.
    void markPosted(Id id, rules::Date on, const std::string& by);

private:
    detail::Database& db_;
};

}  // namespace cqp::pipeline
