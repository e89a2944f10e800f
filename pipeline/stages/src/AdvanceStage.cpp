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

#include <set>

namespace cqp::pipeline {

namespace {

// The évaluateur habilité's address first, then the company's.
std::string evaluatorAndCompany(const Workflow::Contacts& c)
{
    if (c.evaluatorAddress.empty())
        return c.companyAddresses;
    return c.evaluatorAddress + (c.companyAddresses.empty() ? "" : ", " + c.companyAddresses);
}

// In groups of 256, one transaction each: what the group's mails need read in a few queries,
// one commit for its moves or mails. A kill loses the group being done, which the next run
// does again (what was done is recorded: reminders once, moves by their status).
constexpr std::size_t group = 256;

template <typename Each>
void inGroups(StageContext& context, const std::vector<Id>& ids, Each each)
{
    for (std::size_t first = 0; first < ids.size() && !context.stopping(); first += group)
        context.store.transaction([&] {
            each(std::vector<Id>(ids.begin() + static_cast<std::ptrdiff_t>(first),
                                 ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), first + group))));
        });
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
    // The records of a group read in a dozen queries (one round trip per kind of record, not per
    // dossier: what a database server needs); a savepoint for each move, so that a failing one
    // is set aside alone.
    inGroups(context, open, [&](const std::vector<Id>& ids) {
        auto records = gatherRecords(store, ids);
        // A move to partiel adds the candidate's acquisitions, which the outcome of their other
        // candidatures of the same certificate counts: theirs are read again after it.
        std::set<Id> movedCandidates;
        for (auto& dossier : records) {
            if (context.stopping())
                break;
            const Id id = dossier.candidature.id;
            ++report.processed;
            context.step();
            isolatedItem(context, report, name(), "candidature " + std::to_string(id), [&] {
                if (movedCandidates.count(dossier.candidature.candidateId))
                    dossier = gatherRecords(store, id);
                const auto facts = factsOf(dossier, context.referential, context.deadlines);
                if (!std::holds_alternative<rules::Advance>(rules::nextTransition(facts, context.today, context.deadlines)))
                    return;
                int steps = 0;
                store.transaction([&] { steps = workflow.advance(dossier, "cqp"); });
                if (steps > 0) {
                    ++report.accepted;
                    movedCandidates.insert(dossier.candidature.candidateId);
                }
            });
        }
    });
}

// The results window of an evaluation closes soon and nothing came.
void AdvanceStage::remindResults(StageContext& context, Workflow& workflow, StageReport& report)
{
    auto& store = context.store;
    const auto& deadlines = context.deadlines;
    const auto today = context.today;
    const auto [heldFrom, heldTo] = rules::resultsReminderRange(today, deadlines);
    inGroups(context, store.candidatures().resultsStillMissing(heldFrom, heldTo), [&](const std::vector<Id>& ids) {
        for (const auto& each : workflow.contacts(ids)) {
            const auto& c = each.candidature;
            ++report.processed;
            store.mail().recordReminder("results_window", c.id, c.plannedEvaluationDate->iso(), today);
            const auto lastDay = rules::resultsDueDate(*c.plannedEvaluationDate, deadlines);
            // With the outil n°4 to fill in once more, rendered when the mail goes.
            workflow.queue("reminder_results", c.id, evaluatorAndCompany(each),
                           outbox::resultsReminder(workflow.dossierLine(each), c.plannedEvaluationDate->french(), lastDay.french(),
                                                   !each.evaluatorAddress.empty()));
            ++report.accepted;
        }
    });
}

// A jury's registration cut-off is near: the candidatures that could go and are registered nowhere.
void AdvanceStage::remindRegistrations(StageContext& context, Workflow& workflow, StageReport& report)
{
    auto& store = context.store;
    juriesNearCutoff(context, [&](const Jury& jury, rules::Date cutoff) {
        inGroups(context, store.candidatures().notYetRegistered(jury.certificateCode, jury.id), [&](const std::vector<Id>& ids) {
            for (const auto& each : workflow.contacts(ids)) {
                const Id id = each.candidature.id;
                ++report.processed;
                store.mail().recordReminder("registration", id, std::to_string(jury.id), context.today);
                // With the form of the juries still open, rendered when the mail goes.
                workflow.queue("reminder_registration", id, each.companyAddresses,
                               outbox::registrationReminder(workflow.dossierLine(each), jury.date.french(), cutoff.french(),
                                                            !each.companyAddresses.empty()));
                ++report.accepted;
            }
        });
    });
}

// A jury's registration cut-off is near and the évaluateur métier has not answered: the company
// and the évaluateur habilité, once per candidature and jury.
void AdvanceStage::remindMetierObservations(StageContext& context, Workflow& workflow, StageReport& report)
{
    auto& store = context.store;
    juriesNearCutoff(context, [&](const Jury& jury, rules::Date cutoff) {
        inGroups(context, store.candidatures().metierObservationsMissing(jury.certificateCode, jury.id), [&](const std::vector<Id>& ids) {
            for (const auto& each : workflow.contacts(ids)) {
                const auto& c = each.candidature;
                ++report.processed;
                store.mail().recordReminder("metier_observations", c.id, std::to_string(jury.id), context.today);
                // With the form that invites the évaluateur métier again, rendered when the mail goes.
                workflow.queue("reminder_metier", c.id, evaluatorAndCompany(each),
                               outbox::metierObservationsReminder(workflow.dossierLine(each),
                                                                  c.metierName.empty() ? c.metierEmail
                                                                                       : c.metierName + " (" + c.metierEmail + ")",
                                                                  jury.date.french(), cutoff.french(), !each.evaluatorAddress.empty()));
                ++report.accepted;
            }
        });
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
