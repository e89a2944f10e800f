#include "cqp/stages/ReportStage.h"

#include "cqp/rules/FrenchText.h"

#include "cqp/outbox/Letters.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/exports/Statistics.h"
#include "cqp/repositories/StatisticsRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/workflow/Workflow.h"
#include "cqp/render/Fonts.h"

namespace cqp::pipeline {

namespace {

const char* const months[] = {"janvier", "février", "mars", "avril", "mai", "juin",
                              "juillet", "août", "septembre", "octobre", "novembre", "décembre"};

}  // namespace

StageReport ReportStage::run(StageContext& context)
{
    StageReport report{name()};
    auto& store = context.store;
    const auto firstOfThisMonth = rules::Date::fromYmd(context.today.year(), context.today.month(), 1);
    const auto to = firstOfThisMonth.plusDays(-1);
    const auto from = rules::Date::fromYmd(to.year(), to.month(), 1);
    const std::string key = from.iso().substr(0, 7);
    if (store.mail().reminded("monthly_report", 0, key))
        return report;
    ++report.processed;
    // A month in which nothing happened has no report.
    const StatisticsRepository::Period month{from, to};
    auto& stats = store.statistics();
    if (stats.createdBy("status", month).empty() && stats.decidedByMonth(month).empty() && stats.mailsByState(month).empty())
        return report;
    const auto fonts = render::findFonts();
    if (!fonts)
        return report;
    const auto document = statistics(store, context.referential, context.deadlines, from, to, context.today);
    const std::string pdf = render::renderStatistics(document, *fonts);
    const std::string csv = statisticsCsv(document);
    const std::string name = "statistiques-" + key;
    const std::string monthName = std::string{months[to.month() - 1]} + " " + std::to_string(to.year());
    Workflow workflow{store, context.referential, context.deadlines, context.today};
    store.transaction([&] {
        const Id pdfId = store.documents().store(pdf, "application/pdf", name + ".pdf", context.today);
        const Id csvId = store.documents().store(csv, "text/csv", name + ".csv", context.today);
        store.mail().recordReminder("monthly_report", 0, key, context.today);
        workflow.queue("monthly_report", std::nullopt, settings_.secretariatEmail,
                       outbox::Letter{"Statistiques des CQP — " + monthName,
                                      "Bonjour,\n\nVous trouverez joint le rapport statistique " + rules::deBefore(monthName) + " (" +
                                          document.period + ", " + document.dataDate +
                                          ") : candidatures par statut, CQP, entreprise et dispositif, résultats des jurys, "
                                          "durées entre les étapes, remplissage des jurys, délais non tenus, courriels et envois "
                                          "mis de côté ; les mêmes chiffres au format CSV pour un tableur.\n\n-- \ncqp\n"},
                       {pdfId, csvId});
    });
    ++report.accepted;
    report.mailsQueued = workflow.queued();
    return report;
}

}  // namespace cqp::pipeline
