#pragma once

#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Id.h"
#include "cqp/stages/Stage.h"

#include <string>

namespace cqp::pipeline {

/// ingest: reads the queued scans (the XML of a message is applied by fetch, in the message's
/// own transaction). A page
/// of one of the branch's forms is identified by its QR code and filed with its candidature
/// (outil n°4 with the candidature, outil n°6 with the candidate). An outil n°4 read with
/// certainty — one box per competence, the evaluator's signature — gives the results when no
/// XML gave them yet, under the same rules; anything ambiguous, unsigned or in conflict with
/// the XML opens a review for the secretariat. Nothing is guessed.
///
/// Scans are claimed one at a time under a lease (MailRepository::claimScan), so that any
/// number of `cqp worker` processes on PostgreSQL share the queue; `takeOver`: this process is
/// the only one on the store (SQLite, under the run lock) and takes scans whatever their lease.
class IngestStage : public Stage {
public:
    explicit IngestStage(std::string worker = defaultWorker("run"), bool takeOver = true, int leaseSeconds = 600)
        : worker_{std::move(worker)}, takeOver_{takeOver}, leaseSeconds_{leaseSeconds}
    {
    }
    std::string name() const override { return "ingest"; }
    StageReport run(StageContext& context) override;

    /// "ROLE:host:pid", the name a process claims work under.
    static std::string defaultWorker(const std::string& role);

private:
    void tellSenders(StageContext& context, StageReport& report);
    void setAside(StageContext& context, StageReport& report, const MailRepository::QueuedScan& queued,
                  const std::string& storedName, const std::string& why);
    std::string worker_;
    bool takeOver_;
    int leaseSeconds_;
};

}  // namespace cqp::pipeline
