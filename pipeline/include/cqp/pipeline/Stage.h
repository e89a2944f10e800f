#pragma once

#include "cqp/rules/Date.h"
#include "cqp/rules/Deadlines.h"
#include "cqp/rules/Referential.h"

#include <string>

namespace cqp::pipeline {

class Store;

/// What one stage did in one run; the run summary prints one line per stage.
struct StageReport {
    std::string stage;
    int processed = 0;    ///< work items looked at
    int accepted = 0;     ///< items that changed something (applied, advanced, sent)
    int rejected = 0;     ///< items refused, each with a reason kept or mailed
    int quarantined = 0;  ///< items kept aside for the secretariat
    int mailsQueued = 0;
    int mailsSent = 0;
    double seconds = 0;
};

/// What every stage receives.
struct MailSettings;

struct StageContext {
    Store& store;
    const rules::Referential& referential;
    rules::Deadlines deadlines;
    rules::Date today;  ///< the logical date of the run; no stage reads the clock for a rule
    const MailSettings* mail = nullptr;  ///< for the stages that fetch and send mail
};

/// One step of `cqp run`.
///
/// Contract, for every stage:
///  - it takes its work items from the store (or the inbox) and commits each item in its own
///    transaction, outbox rows included, so that a run killed anywhere loses nothing;
///  - it is idempotent per item: running it again after a crash does nothing twice;
///  - it never throws out of `run` because of a bad input: the input is recorded as rejected
///    or quarantined, and the stage goes on with the next item. Only a broken store throws.
class Stage {
public:
    virtual ~Stage() = default;
    virtual std::string name() const = 0;
    virtual StageReport run(StageContext& context) = 0;
};

}  // namespace cqp::pipeline
