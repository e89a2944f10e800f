#include "cqp/pipeline/AdvanceStage.h"

#include "cqp/pipeline/CandidatureRepository.h"
#include "cqp/pipeline/Store.h"
#include "cqp/pipeline/Workflow.h"

namespace cqp::pipeline {

StageReport AdvanceStage::run(StageContext& context)
{
    StageReport report{name()};
    std::vector<Id> open;
    for (auto status : rules::allStatuses)
        if (!rules::isFinal(status))
            for (const Id id : context.store.candidatures().idsWithStatus(status))
                open.push_back(id);
    Workflow workflow{context.store, context.referential, context.deadlines, context.today};
    for (const Id id : open) {
        ++report.processed;
        int steps = 0;
        context.store.transaction([&] { steps = workflow.advance(id, "cqp"); });
        if (steps > 0)
            ++report.accepted;
    }
    report.mailsQueued = workflow.queued();
    return report;
}

}  // namespace cqp::pipeline
