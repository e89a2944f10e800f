#pragma once

#include "cqp/repositories/CandidatureRecords.h"
#include "cqp/rules/Deadlines.h"
#include "cqp/rules/Referential.h"
#include "cqp/rules/StateMachine.h"

#include <optional>

namespace cqp::pipeline {

class Store;

/// Reads from the store everything the state machine needs about one candidature.
/// Throws StoreError when the candidature does not exist.
rules::CandidatureFacts loadFacts(Store& store, const rules::Referential& referential, const rules::Deadlines& deadlines,
                                  Id candidatureId);

/// The jury's outcome for the candidature, computed by the rules from the stored decisions
/// and earlier acquisitions; nothing while decisions are missing or inconsistent.
std::optional<rules::OutcomeResult> storedOutcome(Store& store, const rules::Referential& referential,
                                                  const rules::Deadlines& deadlines, const Candidature& candidature);

}  // namespace cqp::pipeline
