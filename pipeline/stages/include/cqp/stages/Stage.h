#pragma once

#include "cqp/rules/Date.h"
#include "cqp/rules/Deadlines.h"
#include "cqp/rules/Referential.h"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace cqp::pipeline {

class Store;

/// A progress line now and then for a long stage ("ingest: 120/300, 41.2/s"), on the
/// operator's terminal or log; nothing for a stage that ends quickly.
class Progress {
public:
    explicit Progress(std::ostream& out, double everySeconds = 2.0) : out_{out}, every_{everySeconds} {}
    void begin(const std::string& stage, std::size_t total);
    void step(std::size_t count = 1);
    void end();

private:
    std::ostream& out_;
    double every_;
    std::string stage_;
    std::size_t total_ = 0;
    std::size_t done_ = 0;
    bool printed_ = false;
    std::chrono::steady_clock::time_point started_{};
    std::chrono::steady_clock::time_point last_{};
    void print();
};

/// What one stage did in one run; the run summary prints one line per stage.
struct StageReport {
    std::string stage;
    int processed = 0;    ///< work items looked at
    int accepted = 0;     ///< items that changed something (applied, advanced, sent)
    int rejected = 0;     ///< items refused, each with a reason kept or mailed
    int quarantined = 0;  ///< items kept aside for the secretariat
    int failed = 0;       ///< unexpected failures (an item set aside, a server, a file): exit code 1
    int mailsQueued = 0;
    int mailsSent = 0;
    double seconds = 0;
    std::vector<std::string> details = {};  ///< French lines printed under the summary (how many of each)

    /// Adds another pass of the same stage (a worker's passes, for its final summary).
    StageReport& operator+=(const StageReport& other)
    {
        processed += other.processed;
        accepted += other.accepted;
        rejected += other.rejected;
        quarantined += other.quarantined;
        failed += other.failed;
        mailsQueued += other.mailsQueued;
        mailsSent += other.mailsSent;
        seconds += other.seconds;
        return *this;
    }
};

/// What every stage receives.
struct MailSettings;

struct StageContext {
    Store& store;
    const rules::Referential& referential;
    rules::Deadlines deadlines;
    rules::Date today;  ///< the logical date of the run; no stage reads the clock for a rule
    const MailSettings* mail = nullptr;  ///< for the stages that fetch and send mail
    Progress* progress = nullptr;        ///< optional
    const std::atomic<bool>* stop = nullptr;  ///< set on SIGTERM: finish the current item, then return

    bool stopping() const { return stop && stop->load(); }
    /// A stage about to take `total` items (for the progress line).
    void begin(const std::string& stage, std::size_t total)
    {
        if (progress)
            progress->begin(stage, total);
    }
    void step()
    {
        if (progress)
            progress->step();
    }
};

/// Runs one work item of `stage` (`item` names it for the operator): an unexpected failure —
/// not a refusal, those are results — is logged, recorded in the store's failures and counted
/// in `report.failed`, and the stage goes on with its next item. Passes the crash point
/// "STAGE item" first (CQP_FAIL_AT="advance item:3" makes the third item fail). True when done.
bool isolatedItem(StageContext& context, StageReport& report, const std::string& stage, const std::string& item,
                  const std::function<void()>& work);

/// One step of `cqp run`.
///
/// Contract, for every stage:
///  - it takes its work items from the store (or the inbox) and commits each item in its own
///    transaction, outbox rows included, so that a run killed anywhere loses nothing;
///  - it is idempotent per item: running it again after a crash does nothing twice;
///  - it never throws out of `run` because of a bad input: the input is recorded as rejected
///    or quarantined, and the stage goes on with the next item. Only a broken store throws;
///  - it returns between two items once `context.stopping()`.
class Stage {
public:
    virtual ~Stage() = default;
    virtual std::string name() const = 0;
    virtual StageReport run(StageContext& context) = 0;
};

}  // namespace cqp::pipeline
