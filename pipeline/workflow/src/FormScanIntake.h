#pragma once

// Private to the scan intake: a fillable form printed (or flattened) and scanned.

#include "cqp/ingest/ScanReader.h"
#include "cqp/repositories/DocumentRecords.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/workflow/ScanIntake.h"

#include <string>
#include <utility>
#include <vector>

namespace cqp::pipeline {

class Workflow;

namespace detail {

/// The `pages` of the scan (index, code) that are a fillable form: read with the fields of the
/// form as it was sent (rendered again from its token), then — every value certain — applied as
/// the form itself would be (SubmissionProcessor::processForm: the same token, sender and rules,
/// the same reply); a doubtful value opens a review with what was read instead. Inside the
/// caller's transaction. Counted in `counts`; what the sender will read of it added to `notices`.
void applyFormScan(Workflow& workflow, const MailRepository::QueuedScan& queued, const Document& document, const ingest::ScanLoad& load,
                   const std::vector<std::pair<std::size_t, rules::fillable::FillableCode>>& pages, ScanCounts& counts,
                   std::vector<std::string>& notices);

}  // namespace detail

}  // namespace cqp::pipeline
