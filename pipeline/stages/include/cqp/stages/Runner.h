#pragma once

// The stages of `cqp run`, `cqp daemon` and `cqp worker`, in their order, and how a run goes
// through them.

#include "cqp/stages/Stage.h"
#include "cqp/stages/ParchmentSettings.h"
#include "cqp/store/StoreLocation.h"

#include <memory>
#include <string>
#include <vector>

namespace cqp::pipeline {

/// fetch (inbox, XML applied), ingest (scans), advance (statuses, deadlines, reminders),
/// jury (cut-offs, lists, files), render (parchments, attestations, print batches), report (the
/// monthly statistics), send (outbox).
const std::vector<std::string>& stageNames();

/// The stages named in `only` (all when empty), in the order of stageNames(); the ingest stage
/// takes over every lease on SQLite (one process under the run lock). Throws
/// std::invalid_argument naming an unknown stage.
std::vector<std::unique_ptr<Stage>> makeStages(const ParchmentSettings& settings, StoreLocation::Kind store,
                                               const std::vector<std::string>& only = {});

/// Runs the stages one after the other, timing each; stops between stages (and each stage
/// between items) once `context.stopping()`.
std::vector<StageReport> runStages(StageContext& context, const std::vector<std::unique_ptr<Stage>>& stages);

/// The summary table printed at the end of every run.
void printSummary(std::ostream& out, const std::vector<StageReport>& reports);

}  // namespace cqp::pipeline
