#pragma once

#include "cqp/repositories/DocumentRecords.h"
#include "cqp/repositories/MailRepository.h"

namespace cqp::pipeline {

class Workflow;

/// What reading one queued scan did, for the ingest stage's report.
struct ScanCounts {
    int accepted = 0;     ///< forms filed or applied
    int rejected = 0;     ///< forms refused
    int quarantined = 0;  ///< reviews opened for the secretariat
};

/// One queued scan read and filed, inside the caller's transaction. A page of one of the
/// branch's forms is identified by its QR code and filed with its candidature (outil n°4 with
/// the candidature, outil n°6 with the candidate) when the sender may hand in paper for it
/// (rules::mayFilePaper). An outil n°4 read with certainty — one box per competence, the
/// evaluator's signature — gives the results when no XML gave them yet, under the same rules;
/// anything ambiguous, unsigned or in conflict with the XML opens a review for the
/// secretariat. Pages without a code are filed by the name and birth date written on them,
/// for the secretariat to check. Nothing is guessed. The scan's notice (what its sender will
/// read) is recorded with the scan.
ScanCounts applyScan(Workflow& workflow, const MailRepository::QueuedScan& queued, const Document& document);

}  // namespace cqp::pipeline
