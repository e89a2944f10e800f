// `cqp init`, `cqp run` and `cqp ingest`: setting a store up, the stages, files applied by hand.

#include "CommandSupport.h"

#include "cqp/actions/Views.h"

#include "cqp/inbox/Maildir.h"
#include "cqp/outbox/Spool.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/stages/RenderStage.h"
#include "cqp/stages/Runner.h"
#include "cqp/workflow/SubmissionProcessor.h"
#include <filesystem>
#include <fstream>
#include <iostream>

namespace cqp::pipeline::detail {

namespace {

int cmdInit(Invocation& inv)
{
    expectWords(inv, 1);
    loadReferential(inv.settings);
    auto store = Store::open(inv.settings.store);
    const auto applied = store->migrate();
    const auto& mail = inv.settings.mail;
    if (mail.inbox == MailSettings::Inbox::Maildir)
        inbox::Maildir{mail.inboxMaildir}.create();
    if (mail.outbox == MailSettings::Outbox::Spool)
        outbox::Spool{mail.outboxSpool}.create();
    parchmentKey(inv.settings.parchment, true);
    for (const auto& name : applied)
        inv.out << "migration appliquée : " << name << "\n";
    inv.out << "base " << inv.settings.store.describe() << " au schéma " << store->schemaVersion() << "\n"
            << "boîte de réception " << describeInbox(mail) << "\n"
            << "envois " << describeOutbox(mail) << "\n";
    return ExitDone;
}

int cmdRun(Invocation& inv)
{
    expectWords(inv, 1);
    const auto referential = loadReferential(inv.settings);
    auto store = openStore(inv.settings);
    const auto lock = store->lockRuns();
    const auto stages = stagesOf(inv);
    stopOnSignals();
    Progress progress{std::cerr};
    StageContext context{*store,    referential,     inv.settings.deadlines, inv.today, &inv.settings.mail,
                         &progress, &stopRequested()};
    const auto reports = runStages(context, stages);
    inv.out << "exécution du " << inv.today.french() << "\n";
    warnIfExample(inv.out, referential);
    printSummary(inv.out, reports);
    const auto& mail = inv.settings.mail;
    inv.out << "base :   " << store->location().describe() << "\n";
    if (mail.inbox == MailSettings::Inbox::Maildir)
        inv.out << "boîte de réception : " << mail.inboxMaildir.string() << " ("
                << inbox::Maildir{mail.inboxMaildir}.waiting().size() << " message(s) en attente dans new/)\n";
    else
        inv.out << "boîte de réception : " << describeInbox(mail) << "\n";
    if (mail.outbox == MailSettings::Outbox::Spool)
        inv.out << "envois : " << mail.outboxSpool.string() << " (" << outbox::Spool{mail.outboxSpool}.messages().size()
                << " courriel(s) écrit(s))\n";
    else
        inv.out << "envois : " << describeOutbox(mail) << "\n";
    const auto quarantined = store->mail().countReceivedInState(ReceivedState::Quarantined);
    const auto failed = store->mail().inState(OutboxState::Failed).size();
    if (quarantined > 0)
        inv.out << "quarantaine : " << quarantined << " message(s) (cqp quarantine list)\n";
    if (failed > 0)
        inv.out << "courriels en échec : " << failed << " (cqp status)\n";
    for (const auto& line : lateDecisions(*store, inv.today, inv.settings.deadlines))
        inv.out << line << "\n";
    int exit = ExitDone;
    for (const auto& r : reports) {
        if (r.failed > 0)
            inv.out << "échecs : " << r.failed << " à l'étape " << r.stage << " (cqp status)\n";
        if (r.rejected > 0 || r.quarantined > 0 || r.failed > 0)
            exit = ExitRejected;
    }
    return exit;
}

std::string mediaTypeOf(const std::filesystem::path& path)
{
    std::string ext = path.extension().string();
    for (char& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".pdf")
        return "application/pdf";
    if (ext == ".png")
        return "image/png";
    if (ext == ".jpg" || ext == ".jpeg")
        return "image/jpeg";
    if (ext == ".tif" || ext == ".tiff")
        return "image/tiff";
    if (ext == ".xml")
        return "application/xml";
    return "application/octet-stream";
}

int cmdIngest(Invocation& inv)
{
    if (inv.words.size() < 2)
        throw UsageError("missing FILE");
    const auto referential = loadReferential(inv.settings);
    auto store = openStore(inv.settings);
    std::string sender;
    if (auto it = inv.options.find("from"); it != inv.options.end())
        sender = it->second;
    // Files given together are handled as one mail: XML documents are submissions, the other
    // files their attachments (scans, diplomas), found by file name.
    // XML documents are read by the worker that prepares each; attachments here, once.
    std::vector<std::filesystem::path> documents;
    std::vector<Attachment> attachments;
    for (std::size_t i = 1; i < inv.words.size(); ++i) {
        const std::filesystem::path path{inv.words[i]};
        if (mediaTypeOf(path) == "application/xml") {
            if (std::ifstream probe{path, std::ios::binary}; !probe)  // before anything is applied
                throw UsageError("cannot read " + path.string());
            documents.push_back(path);
        }
        else
            attachments.push_back({path.filename().string(), mediaTypeOf(path), readFile(path.string())});
    }
    prepareAttachments(attachments);
    SubmissionProcessor processor{*store, referential, inv.settings.deadlines, inv.today};
    int rejected = 0;
    // Prepared on every core, applied in order, one commit per batch.
    const auto document = [&](std::size_t i) -> ReceivedDocument {
        return {readFile(documents[i].string()), documents[i].filename().string(), sender, attachments};
    };
    processor.processAll(documents.size(), document, [&](std::size_t first, const std::vector<SubmissionOutcome>& outcomes) {
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
            const auto& outcome = outcomes[i];
            const char* verdict = outcome.status == SubmissionOutcome::Status::Accepted          ? "accepté"
                                  : outcome.status == SubmissionOutcome::Status::AlreadyReceived ? "déjà reçu"
                                                                                                 : "refusé";
            inv.out << documents[first + i].filename().string() << " : " << verdict << (outcome.kind.empty() ? "" : " (" + outcome.kind + ")")
                    << "\n";
            for (const auto& message : outcome.messages)
                inv.out << "  " << message << "\n";
            if (outcome.status == SubmissionOutcome::Status::Rejected)
                ++rejected;
        }
    });
    return rejected > 0 ? ExitRejected : ExitDone;
}

}  // namespace

CommandList runCommands()
{
    return {
        {{"init"}, "init", "create or migrate the store, the inbox Maildir and the outbox spool", {}, cmdInit},
        {{"run"},
         "run [--only STAGE,...]",
         "run the stages (fetch, ingest, advance, jury, render, report, send) on the logical date and print a summary",
         {{"only", "STAGE,...", "only these stages (fetch, ingest, advance, jury, render, report, send)", ""}},
         cmdRun},
        {{"ingest"},
         "ingest FILE... [--from ADDRESS]",
         "apply XML submissions as if received by mail (other files: their attachments)",
         {{"from", "ADDRESS", "the sender's mail address (default: none, the secretariat's own)", ""}},
         cmdIngest},
    };
}

}  // namespace cqp::pipeline::detail
