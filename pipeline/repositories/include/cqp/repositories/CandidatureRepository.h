#pragma once

#include "cqp/repositories/CandidatureRecords.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cqp::pipeline {

namespace detail {
class Database;
}

/// Who and why, recorded with every status change.
struct StatusChange {
    rules::CandidatureStatus from;
    rules::CandidatureStatus to;
    rules::Date logicalDate;
    std::string actor;  ///< "cqp" for the stages, or the account / secretariat member
    std::string rule;   ///< the rule that allowed it, or "correction"
    std::optional<Id> evidenceDocumentId;
    std::string reason;  ///< required for corrections
};

/// Candidates, candidatures and what the evaluators recorded about them; the status history.
class CandidatureRepository {
public:
    explicit CandidatureRepository(detail::Database& db) : db_{db} {}

    Id addCandidate(const Candidate& candidate);
    std::optional<Candidate> candidate(Id id);
    void updateCandidate(const Candidate& candidate);
    /// The candidate the company knows by its own `reference`, within its account.
    std::optional<Candidate> candidateByReference(Id accountId, const std::string& reference);
    /// The account's candidates born on `date` (to find the same person entered twice).
    std::vector<Candidate> candidatesBornOn(Id accountId, rules::Date date);
    /// Every candidate born on one of `dates` (a scan without code names its candidate by name and
    /// birth date; the dates found in its text select the few to compare names with).
    std::vector<Candidate> candidatesBornOn(const std::vector<rules::Date>& dates);

    /// Adds the candidature with its chosen competences and the first history line.
    Id addCandidature(const Candidature& candidature, const std::string& actor);
    std::optional<Candidature> candidature(Id id);
    void updateCandidature(const Candidature& candidature);  ///< everything but the status
    std::optional<Candidature> candidatureByReference(Id accountId, const std::string& reference);
    std::vector<Id> candidaturesOfCandidate(Id candidateId);

    /// Awaiting evaluation, planned from `from` to `to`, no results yet, not yet reminded.
    std::vector<Id> resultsStillMissing(rules::Date from, rules::Date to);
    /// In validation de l'évaluation, registered nowhere, of `certificate` (any when empty), not
    /// yet reminded of the jury `juryId`.
    std::vector<Id> notYetRegistered(const std::optional<std::string>& certificate, Id juryId);
    /// Candidatures of `certificate` (all when empty) whose évaluateur métier was invited and has
    /// not answered, registered nowhere or to jury `juryId`, not yet reminded for that jury.
    std::vector<Id> metierObservationsMissing(const std::optional<std::string>& certificate, Id juryId);
    std::vector<Id> idsWithStatus(rules::CandidatureStatus status);
    /// A line of a search: the candidature, its candidate and company.
    struct Found {
        Id candidatureId = 0;
        Id candidateId = 0;
        std::string prenoms;
        std::string nom;  ///< the usage name when there is one
        std::string certificateCode;
        rules::CandidatureStatus status = rules::CandidatureStatus::EnCoursInscription;
        std::string company;
    };
    /// Candidatures whose number is `text`, or whose candidate's names, company's name or SIRET
    /// contain it (case ignored for ASCII letters); the newest first, at most `limit`. An empty
    /// text gives the newest.
    std::vector<Found> search(const std::string& text, std::size_t limit);
    std::map<rules::CandidatureStatus, std::int64_t> countByStatus();

    /// Records (replaces) the évaluateur habilité's results for the candidature.
    void saveEvaluation(const Evaluation& evaluation);
    std::optional<Evaluation> evaluation(Id candidatureId);
    Id addMetierObservation(const MetierObservation& observation);
    std::vector<MetierObservation> metierObservations(Id candidatureId);

    // Set-based reads (the night's groups): one query each, two with their children, for any
    // number of ids; unknown ids are left out.
    std::vector<Candidature> candidatures(const std::vector<Id>& ids);
    std::vector<Candidate> candidates(const std::vector<Id>& ids);
    std::vector<Evaluation> evaluations(const std::vector<Id>& candidatureIds);
    /// Those of the candidatures that have observations of their évaluateur métier.
    std::vector<Id> withMetierObservations(const std::vector<Id>& candidatureIds);

    /// Moves the candidature from `change.from` to `change.to` and appends the history line.
    /// Returns false, changing nothing, when the candidature is no longer in `change.from`
    /// (another worker moved it first).
    bool changeStatus(Id candidatureId, const StatusChange& change);
    std::vector<HistoryEntry> history(Id candidatureId);
    /// Appends a history line without changing the status (e.g. a secretariat change of jury).
    void recordEvent(Id candidatureId, const StatusChange& change);

private:
    void appendHistory(Id candidatureId, std::optional<rules::CandidatureStatus> from, const StatusChange& change);
    detail::Database& db_;
};

}  // namespace cqp::pipeline
