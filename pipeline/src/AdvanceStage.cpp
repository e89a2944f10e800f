#include "cqp/pipeline/AdvanceStage.h"

#include "cqp/pipeline/CandidatureRepository.h"
#include "cqp/pipeline/Dossier.h"
#include "cqp/pipeline/JuryRepository.h"
#include "cqp/pipeline/Store.h"

#include <Poco/Logger.h>

#include <variant>

namespace cqp::pipeline {

namespace {

// Applies one Advance; returns false when nothing moved (another worker got there first).
bool apply(StageContext& context, Id id, rules::CandidatureStatus from, const rules::Advance& advance)
{
    bool moved = false;
    context.store.transaction([&] {
        moved = context.store.candidatures().changeStatus(
            id, StatusChange{from, advance.next, context.today, "cqp", advance.rule, {}, {}});
        if (!moved || advance.next != rules::CandidatureStatus::Partiel)
            return;
        const auto candidature = context.store.candidatures().candidature(id);
        const auto outcome = storedOutcome(context.store, context.referential, context.deadlines, *candidature);
        std::vector<AcquiredCompetence> acquired;
        for (const auto& a : outcome->newAcquisitions)
            acquired.push_back({candidature->candidateId, candidature->certificateCode, a.competenceCode, a.acquiredOn,
                                a.validUntil, id});
        context.store.juries().addAcquisitions(acquired);
    });
    return moved;
}

}  // namespace

StageReport AdvanceStage::run(StageContext& context)
{
    auto& log = Poco::Logger::get("cqp.advance");
    StageReport report{name()};
    std::vector<Id> open;
    for (auto status : rules::allStatuses)
        if (!rules::isFinal(status))
            for (const Id id : context.store.candidatures().idsWithStatus(status))
                open.push_back(id);
    {
        for (const Id id : open) {
            ++report.processed;
            bool advanced = false;
            for (int guard = 0; guard < 8; ++guard) {
                const auto facts = loadFacts(context.store, context.referential, context.deadlines, id);
                const auto transition = rules::nextTransition(facts, context.today, context.deadlines);
                const auto* advance = std::get_if<rules::Advance>(&transition);
                if (!advance || !apply(context, id, facts.status, *advance))
                    break;
                advanced = true;
                log.information("candidature %?d: %s -> %s (%s)", id,
                                std::string{rules::statusCode(facts.status)}, std::string{rules::statusCode(advance->next)},
                                advance->rule);
            }
            if (advanced)
                ++report.accepted;
        }
    }
    return report;
}

}  // namespace cqp::pipeline
