#pragma once

#include "cqp/repositories/AccountRecords.h"
#include "cqp/repositories/CandidatureRecords.h"
#include "cqp/repositories/EvaluatorRecords.h"
#include "cqp/repositories/JuryRecords.h"
#include "cqp/rules/Deadlines.h"
#include "cqp/rules/Referential.h"
#include "cqp/rules/StateMachine.h"

#include <optional>
#include <vector>

namespace cqp::pipeline {

class Store;

/// What the state machine's facts about one candidature are made of, as stored. Gathered for
/// one candidature (a few indexed reads) or for a group (one query per kind of record).
struct DossierRecords {
    Candidature candidature;
    std::optional<Candidate> candidate;
    bool outil6Document = false;  ///< attached to the candidate or to the candidature
    bool outil4Document = false;
    std::optional<Evaluation> evaluation;
    std::optional<Evaluator> evaluator;
    std::optional<Etablissement> etablissement;
    bool metierObservations = false;
    std::size_t openReviews = 0;
    std::size_t unreadScans = 0;
    std::optional<Registration> registration;
    std::optional<Jury> placedJury;
    std::vector<Decision> decisions;
    std::vector<AcquiredCompetence> acquisitions;  ///< the candidate's, for this certificate
};

/// Throws NotFoundError when the candidature does not exist.
DossierRecords gatherRecords(Store& store, Id candidatureId);
/// The records of each of `ids` that exists, in the order of `ids`: a dozen queries whatever
/// their number (a group of the night is one round trip per kind of record, not per dossier).
std::vector<DossierRecords> gatherRecords(Store& store, const std::vector<Id>& ids);

/// The facts the state machine decides on, from the records alone.
rules::CandidatureFacts factsOf(const DossierRecords& records, const rules::Referential& referential,
                                const rules::Deadlines& deadlines);

/// Reads from the store everything the state machine needs about one candidature.
/// Throws NotFoundError when the candidature does not exist.
rules::CandidatureFacts loadFacts(Store& store, const rules::Referential& referential, const rules::Deadlines& deadlines,
                                  Id candidatureId);

/// The jury's outcome for the candidature, computed by the rules from the stored decisions
/// and earlier acquisitions; nothing while decisions are missing or inconsistent.
std::optional<rules::OutcomeResult> storedOutcome(Store& store, const rules::Referential& referential,
                                                  const rules::Deadlines& deadlines, const Candidature& candidature);
/// The same from records already read.
std::optional<rules::OutcomeResult> outcomeOf(const DossierRecords& records, const rules::Referential& referential,
                                              const rules::Deadlines& deadlines);

}  // namespace cqp::pipeline
