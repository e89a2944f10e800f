#pragma once

// Private to the scan intake: a fillable form printed (or flattened) and scanned.

#include "cqp/ingest/ScanReader.h"
#include "cqp/repositories/DocumentRecords.h"
#include "cqp/repositories/MailRepository.h"

#include <string>
#include <utility>
#include <vector>

namespace cqp::pipeline {

class Workflow;

namespace detail {

struct FormScanResult {
    std::vector<std::string> notices;  ///< what the sender will read about it (French)
    int accepted = 0;
    int rejected = 0;
    int quarantined = 0;
};

/// The `pages` of the scan (index, code) that are a fillable form: read with the fields of the
/// form as it was sent (rendered again from its token), then — every value certain — applied as
/// the form itself would be (SubmissionProcessor::processForm: the same token, sender and rules,
/// the same reply); a doubtful value opens a review with what was read instead. Inside the
/// caller's transaction.
FormScanResult applyFormScan(Workflow& workflow, const MailRepository::QueuedScan& queued, const Document& document,
                             const ingest::ScanLoad& load,
                             const std::vector<std::pair<std::size_t, rules::fillable::FillableCode>>& pages);

}  // namespace detail

}  // namespace cqp::pipeline
