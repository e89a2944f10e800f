#include "cqp/stages/IngestStage.h"

#include "cqp/store/CrashPoints.h"
#include "cqp/workflow/ScanIntake.h"

#include "cqp/ingest/ScanReader.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/workflow/FormDocuments.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/workflow/Workflow.h"
#include "cqp/rules/PaperText.h"
#include "cqp/outbox/Letters.h"

#include <cctype>

#include <Poco/Environment.h>
#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/Process.h>
#include <Poco/String.h>

#include <algorithm>
#include <map>
#include <set>

namespace cqp::pipeline {

std::string IngestStage::defaultWorker(const std::string& role)
{
    return role + ":" + Poco::Environment::nodeName() + ":" + std::to_string(Poco::Process::id());
}

StageReport IngestStage::run(StageContext& context)
{
    auto& log = Poco::Logger::get("cqp.scan");
    StageReport report{name()};
    auto& store = context.store;
    Workflow workflow{store, context.referential, context.deadlines, context.today};
    context.begin(name(), static_cast<std::size_t>(store.mail().countScansPending()));
    while (!context.stopping()) {
        const auto claimed = store.mail().claimScan(worker_, utcTimestamp(), utcTimestamp(leaseSeconds_), takeOver_);
        if (!claimed)
            break;
        ++report.processed;
        context.step();
        const auto document = store.documents().document(claimed->documentId);
        try {
            store.transaction([&] {
                if (!store.mail().holdsScan(claimed->id, worker_))
                    return;  // the lease ran out and another worker has it
                crashPoint("scan item");
                const auto counts = applyScan(workflow, *claimed, *document);
                report.accepted += counts.accepted;
                report.rejected += counts.rejected;
                report.quarantined += counts.quarantined;
            });
        } catch (const std::exception& e) {
            // A scan that makes the reader fail must not stop the others, nor come back every run.
            const auto* poco = dynamic_cast<const Poco::Exception*>(&e);
            setAside(context, report, *claimed, document ? document->fileName : "", poco ? poco->displayText() : e.what());
            continue;
        }
        log.information("scan %?d (%s): done", claimed->id, document->fileName);
    }
    tellSenders(context, report);
    report.mailsQueued += workflow.queued();
    return report;
}

void IngestStage::setAside(StageContext& context, StageReport& report, const MailRepository::QueuedScan& queued,
                         const std::string& storedName, const std::string& why)
{
    const Id scan = queued.id;
    const Id document = queued.documentId;
    const std::string sentName = queued.fileName.empty() ? storedName : queued.fileName;
    ++report.failed;
    Poco::Logger::get("cqp.scan").error("scan %?d set aside: %s", scan, why);
    context.store.recordFailure(name(), "scan " + std::to_string(scan), "erreur interne pendant la lecture : " + why,
                                context.today.iso());
    context.store.transaction([&] {
        context.store.mail().addReview({0, std::nullopt, document, 0, "Lecture impossible (erreur interne : " + why + ")", ReviewState::Open,
                                        "", context.today, std::nullopt});
        context.store.mail().setScanNotice(scan, "« " + sentName + " » : en attente du secrétariat — sa lecture a échoué, "
                                                 "une personne l'examinera.");
        context.store.mail().finishScan(scan, "failed");
    });
}

// The one reply to a received message with scans, once all of them are read: what became of
// its XML documents and of each scan.
void IngestStage::tellSenders(StageContext& context, StageReport& report)
{
    auto& store = context.store;
    for (const auto& summary : store.mail().scanSummariesDue()) {
        store.transaction([&] {
            if (!summary.replyTo.empty()) {
                auto sections = outbox::sectionsFromText(summary.sections);
                sections.push_back({"Documents scannés :", summary.notices});
                Workflow{store, context.referential, context.deadlines, context.today}.reply(
                    summary.receivedMailId, summary.messageId, summary.replyTo, outbox::messageReply(summary.subject, sections));
                ++report.mailsQueued;
            }
            store.mail().markScansTold(summary.receivedMailId);
        });
    }
}

}  // namespace cqp::pipeline
