#include "cqp/stages/AdvanceStage.h"

#include "cqp/outbox/Letters.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/workflow/Dossier.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/workflow/Workflow.h"

namespace cqp::pipeline {

namespace {

// The évaluateur habilité's address first, then the company's.
std::string evaluatorAndCompany(Store& store, Workflow& workflow, const Candidature& c)
{
    std::string to = workflow.companyAddresses(c.candidateId);
    if (c.evaluatorId)
        if (const auto evaluator = store.evaluators().evaluator(*c.evaluatorId); evaluator && !evaluator->email.empty())
            to = evaluator->email + (to.empty() ? "" : ", " + to);
    return to;
}

// Each jury whose registration cut-off is near (and whose list is not made), with that cut-off.
template <typename Each>
void juriesNearCutoff(StageContext& context, Each each)
{
    for (const auto& jury : context.store.juries().calendar())
        if (!jury.frozenOn && rules::isRegistrationReminderDue(jury.date, context.today, context.deadlines))
            each(jury, rules::registrationCutoff(jury.date, context.deadlines));
}

}  // namespace

StageReport AdvanceStage::run(StageContext& context)
{
    StageReport report{name()};
    Workflow workflow{context.store, context.referential, context.deadlines, context.today};
    advanceStatuses(context, workflow, report);
    if (!context.stopping())
        remindResults(context, workflow, report);
    if (!context.stopping())
        remindRegistrations(context, workflow, report);
    if (!context.stopping())
        remindMetierObservations(context, workflow, report);
    if (!context.stopping())
        remindLateDecisions(context, workflow, report);
    report.mailsQueued = workflow.queued();
    return report;
}

// Every candidature that is not final: most wait for a submission, which moves them in its own
// transaction; the date (evaluation day, jury held), an évaluateur's new habilitation or a
// secretariat correction can also unblock one.
void AdvanceStage::advanceStatuses(StageContext& context, Workflow& workflow, StageReport& report)
{
    auto& store = context.store;
    std::vector<Id> open;
    for (auto status : rules::allStatuses)
        if (!rules::isFinal(status))
            for (const Id id : store.candidatures().idsWithStatus(status))
                open.push_back(id);
    context.begin(name(), open.size());
    // In groups of 256, one transaction each: one snapshot for the facts of many, one commit
    // for their moves (a savepoint each, so that a failing one is set aside alone). A kill loses
    // the group being done, which the next run does again.
    constexpr std::size_t group = 256;
    for (std::size_t first = 0; first < open.size() && !context.stopping(); first += group) {
        store.transaction([&] {
            for (std::size_t i = first; i < std::min(open.size(), first + group) && !context.stopping(); ++i) {
                const Id id = open[i];
                ++report.processed;
                context.step();
                isolatedItem(context, report, name(), "candidature " + std::to_string(id), [&] {
                    const auto facts = loadFacts(store, context.referential, context.deadlines, id);
                    if (!std::holds_alternative<rules::Advance>(rules::nextTransition(facts, context.today, context.deadlines)))
                        return;
                    int steps = 0;
                    store.transaction([&] { steps = workflow.advance(id, "cqp"); });
                    if (steps > 0)
                        ++report.accepted;
                });
            }
        });
    }
}

// The results window of an evaluation closes soon and nothing came.
void AdvanceStage::remindResults(StageContext& context, Workflow& workflow, StageReport& report)
{
    auto& store = context.store;
    const auto& deadlines = context.deadlines;
    const auto today = context.today;
    const auto [heldFrom, heldTo] = rules::resultsReminderRange(today, deadlines);
    for (const Id id : store.candidatures().resultsStillMissing(heldFrom, heldTo)) {
        if (context.stopping())
            return;
        ++report.processed;
        store.transaction([&] {
            const auto c = *store.candidatures().candidature(id);
            store.mail().recordReminder("results_window", id, c.plannedEvaluationDate->iso(), today);
            workflow.queue("reminder_results", id, evaluatorAndCompany(store, workflow, c),
                           outbox::resultsReminder(workflow.dossierLine(c), c.plannedEvaluationDate->french(),
                                                   rules::resultsDueDate(*c.plannedEvaluationDate, deadlines).french()));
        });
        ++report.accepted;
    }
}

// A jury's registration cut-off is near: the candidatures that could go and are registered nowhere.
void AdvanceStage::remindRegistrations(StageContext& context, Workflow& workflow, StageReport& report)
{
    auto& store = context.store;
    juriesNearCutoff(context, [&](const Jury& jury, rules::Date cutoff) {
        for (const Id id : store.candidatures().notYetRegistered(jury.certificateCode, jury.id)) {
            if (context.stopping())
                return;
            ++report.processed;
            store.transaction([&] {
                const auto c = *store.candidatures().candidature(id);
                store.mail().recordReminder("registration", id, std::to_string(jury.id), context.today);
                workflow.queue("reminder_registration", id, workflow.companyAddresses(c.candidateId),
                               outbox::registrationReminder(workflow.dossierLine(c), jury.date.french(), cutoff.french()));
            });
            ++report.accepted;
        }
    });
}

// A jury's registration cut-off is near and the évaluateur métier has not answered: the company
// and the évaluateur habilité, once per candidature and jury.
void AdvanceStage::remindMetierObservations(StageContext& context, Workflow& workflow, StageReport& report)
{
    auto& store = context.store;
    juriesNearCutoff(context, [&](const Jury& jury, rules::Date cutoff) {
        for (const Id id : store.candidatures().metierObservationsMissing(jury.certificateCode, jury.id)) {
            if (context.stopping())
                return;
            ++report.processed;
            store.transaction([&] {
                const auto c = *store.candidatures().candidature(id);
                store.mail().recordReminder("metier_observations", id, std::to_string(jury.id), context.today);
                workflow.queue("reminder_metier", id, evaluatorAndCompany(store, workflow, c),
                               outbox::metierObservationsReminder(workflow.dossierLine(c),
                                                                  c.metierName.empty() ? c.metierEmail
                                                                                       : c.metierName + " (" + c.metierEmail + ")",
                                                                  jury.date.french(),
                                                                  cutoff.french()));
            });
            ++report.accepted;
        }
    });
}

// Late decisions: the secretariat and the jury members, once per jury.
void AdvanceStage::remindLateDecisions(StageContext& context, Workflow& workflow, StageReport& report)
{
    auto& store = context.store;
    const auto today = context.today;
    std::string juryMembers;
    for (const auto& member : store.juries().members())
        juryMembers += ", " + member.email;
    const auto before = rules::decisionsOverdueForJuriesBefore(today, context.deadlines);
    for (const auto& [jury, undecided] : store.juries().undecidedHeldBefore(before)) {
        if (context.stopping())
            return;
        if (store.mail().reminded("decisions_late", jury.id, ""))
            continue;
        std::vector<std::string> waiting;
        for (const Id id : undecided)
            waiting.push_back(workflow.dossierLine(*store.candidatures().candidature(id)).candidateName + " (candidature n°" +
                              std::to_string(id) + ")");
        ++report.processed;
        store.transaction([&] {
            store.mail().recordReminder("decisions_late", jury.id, "", today);
            workflow.queue("reminder_decisions", std::nullopt, settings_.secretariatEmail + juryMembers,
                           outbox::decisionsLate(jury.date.french(), rules::decisionDueDate(jury.date, context.deadlines).french(),
                                                 waiting));
        });
        ++report.accepted;
    }
}

}  // namespace cqp::pipeline
