#include "CommandSupport.h"
#include "cqp/render/RenderError.h"

#include "cqp/inbox/Maildir.h"
#include "cqp/ingest/EvaluatorRegistryReader.h"
#include "cqp/ingest/ReferentialReader.h"
#include "cqp/outbox/Spool.h"
#include "cqp/exports/AccrochageExport.h"
#include "cqp/stages/AdvanceStage.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/cli/CommandLine.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/workflow/Dossier.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/workflow/FormDocuments.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/stages/JuryStage.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/stages/FetchStage.h"
#include "cqp/repositories/ParchmentRepository.h"
#include "cqp/stages/RenderStage.h"
#include "cqp/stages/Runner.h"
#include "cqp/stages/IngestStage.h"
#include "cqp/exports/Statistics.h"
#include "cqp/repositories/Store.h"
#include "cqp/store/StoreError.h"
#include "cqp/workflow/SubmissionProcessor.h"
#include "cqp/rules/StateMachine.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

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
        inv.out << "applied migration " << name << "\n";
    inv.out << "store " << inv.settings.store.describe() << " at schema version " << store->schemaVersion() << "\n"
            << "inbox " << describeInbox(mail) << "\n"
            << "outbox " << describeOutbox(mail) << "\n";
    return ExitDone;
}

int cmdReferentialCheck(Invocation& inv)
{
    const std::string& path = operand(inv, 2, "FILE");
    expectWords(inv, 3);
    const auto result = ingest::readReferential(readFile(path));
    for (const auto& problem : result.problems)
        inv.out << path << ": " << problem.describe() << "\n";
    if (!result.problems.empty()) {
        inv.out << result.problems.size() << " problem(s) in " << path << "\n";
        return ExitRejected;
    }
    std::size_t competences = 0;
    for (const auto& c : result.referential->certificates)
        competences += c.competences.size();
    inv.out << path << ": valid, version " << result.referential->version << ", "
            << result.referential->certificates.size() << " certificates, " << competences << " competences"
            << (result.referential->example ? " (example competences: replace them with the official lists)" : "")
            << "\n";
    return ExitDone;
}

int cmdEvaluatorImport(Invocation& inv)
{
    const std::string& path = operand(inv, 2, "FILE");
    expectWords(inv, 3);
    const auto referential = loadReferential(inv.settings);
    const auto result = ingest::readEvaluatorRegistry(readFile(path), referential);
    if (!result.registry) {
        for (const auto& problem : result.problems)
            inv.out << path << ": " << problem.describe() << "\n";
        inv.out << "nothing imported: " << result.problems.size() << " problem(s)\n";
        return ExitRejected;
    }
    std::vector<Evaluator> evaluators;
    for (const auto& e : result.registry->evaluators)
        evaluators.push_back(Evaluator{0, e.registryNumber, e.nom, e.prenom, e.email, result.registry->publishedOn,
                                       e.employerSirens, e.habilitations});
    auto store = openStore(inv.settings);
    const auto imported = store->evaluators().importRegistry(evaluators);
    inv.out << "registry of " << result.registry->publishedOn.iso() << ": " << imported.added << " added, "
            << imported.updated << " updated, " << imported.unchanged << " unchanged\n";
    return ExitDone;
}

int cmdEvaluatorList(Invocation& inv)
{
    expectWords(inv, 2);
    auto store = openStore(inv.settings);
    for (const auto& e : store->evaluators().all()) {
        inv.out << e.registryNumber << "  " << e.prenom << " " << e.nom << " <" << e.email << ">";
        for (const auto& h : e.habilitations)
            inv.out << "  " << h.certificateCode << " " << h.validFrom.iso() << ".."
                    << (h.validUntil ? h.validUntil->iso() : std::string{});
        inv.out << "\n";
    }
    return ExitDone;
}

int cmdStatusOverview(Invocation& inv, Store& store)
{
    inv.out << "store " << store.location().describe() << " (schema " << store.schemaVersion() << "), date "
            << inv.today.iso() << "\n";
    std::int64_t total = 0;
    for (const auto& [status, count] : store.candidatures().countByStatus()) {
        inv.out << "  " << padded(rules::statusLabel(status), 30) << std::right << std::setw(8) << count << "\n";
        total += count;
    }
    inv.out << "  " << std::left << std::setw(30) << "total" << std::right << std::setw(8) << total << "\n";
    const auto late = lateDecisions(store, inv.today, inv.settings.deadlines);
    for (const auto& line : late)
        inv.out << line << "\n";
    const auto failed = store.mail().inState("failed");
    for (const auto& m : failed)
        inv.out << "mail failure: outbox " << m.id << " to " << m.recipient << " « " << m.subject << " »: " << m.lastError << "\n";
    const auto failures = store.failuresSince(inv.today.plusDays(-7).iso());
    for (const auto& f : failures)
        inv.out << "failure: " << f.logicalDate << " " << f.stage << (f.item.empty() ? "" : " " + f.item) << ": " << f.reason
                << "\n";
    const auto quarantinedCount = store.mail().countReceivedInState("quarantined");
    if (quarantinedCount > 0)
        inv.out << "quarantine: " << quarantinedCount << " message(s) waiting for the secretariat (cqp quarantine list)\n";
    inv.out << "outbox: " << store.mail().inState("pending").size() << " mail(s) to send, " << failed.size() << " failed\n";
    return !late.empty() || !failed.empty() || !failures.empty() ? ExitRejected : ExitDone;
}

int cmdStatus(Invocation& inv)
{
    expectWords(inv, 2);
    const auto referential = loadReferential(inv.settings);
    auto store = openStore(inv.settings);
    if (inv.words.size() == 1) {
        warnIfExample(inv.out, referential);
        return cmdStatusOverview(inv, *store);
    }
    const Id id = parseId(inv.words[1], "CANDIDATURE");
    const auto candidature = store->candidatures().candidature(id);
    if (!candidature)
        throw UsageError("no candidature " + std::to_string(id));
    const auto candidate = store->candidatures().candidate(candidature->candidateId);
    const auto* certificate = referential.certificate(candidature->certificateCode);
    inv.out << "candidature " << id << ": " << rules::statusLabel(candidature->status) << " since "
            << candidature->statusChangedOn.iso() << "\n";
    if (candidate)
        inv.out << "candidate " << candidate->id << ": " << candidate->prenoms << " " << candidate->nomNaissance << "\n";
    inv.out << "CQP " << candidature->certificateCode << ": " << (certificate ? certificate->title : "(not in the referential)")
            << "\n";
    const auto facts = loadFacts(*store, referential, inv.settings.deadlines, id);
    const auto transition = rules::nextTransition(facts, inv.today, inv.settings.deadlines);
    if (const auto* advance = std::get_if<rules::Advance>(&transition)) {
        inv.out << "ready to move to: " << rules::statusLabel(advance->next) << " (next run)\n";
    } else if (const auto* blocked = std::get_if<rules::Blocked>(&transition)) {
        inv.out << "waiting for:\n";
        for (const auto& r : blocked->unmet)
            inv.out << "  [" << r.code << "] " << r.sentence << "\n";
    } else {
        inv.out << "final status\n";
    }
    return ExitDone;
}

int cmdHistory(Invocation& inv)
{
    const Id id = parseId(operand(inv, 1, "CANDIDATURE"), "CANDIDATURE");
    expectWords(inv, 2);
    auto store = openStore(inv.settings);
    if (!store->candidatures().candidature(id))
        throw UsageError("no candidature " + std::to_string(id));
    for (const auto& h : store->candidatures().history(id)) {
        inv.out << h.logicalDate.iso() << "  " << (h.from ? std::string{rules::statusCode(*h.from)} : "-") << " -> "
                << rules::statusCode(h.to) << "  by " << h.actor << "  rule " << h.rule;
        if (h.evidenceDocumentId)
            inv.out << "  evidence document " << *h.evidenceDocumentId;
        if (!h.reason.empty())
            inv.out << "  reason: " << h.reason;
        inv.out << "  (recorded " << h.recordedAt << ")\n";
    }
    return ExitDone;
}

int cmdCorrect(Invocation& inv)
{
    const Id id = parseId(operand(inv, 2, "CANDIDATURE"), "CANDIDATURE");
    expectWords(inv, 3);
    const auto to = rules::statusFromCode(option(inv, "to"));
    if (!to)
        throw UsageError("--to must be a status code (en_cours_inscription, en_attente_evaluation, ...)");
    const std::string reason = option(inv, "reason");
    auto store = openStore(inv.settings);
    const auto candidature = store->candidatures().candidature(id);
    if (!candidature)
        throw UsageError("no candidature " + std::to_string(id));
    const auto refusals = rules::checkCorrection(candidature->status, *to, reason);
    for (const auto& r : refusals)
        inv.out << "refused [" << r.code << "] " << r.sentence << "\n";
    if (!refusals.empty())
        return ExitRejected;
    store->candidatures().changeStatus(id, StatusChange{candidature->status, *to, inv.today, "secretariat", "correction", {}, reason});
    inv.out << "candidature " << id << ": " << rules::statusCode(candidature->status) << " -> " << rules::statusCode(*to)
            << " (correction recorded)\n";
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
    StageContext context{*store, referential, inv.settings.deadlines, inv.today, &inv.settings.mail, &progress, &stopRequested()};
    const auto reports = runStages(context, stages);
    inv.out << "run of " << inv.today.iso() << "\n";
    warnIfExample(inv.out, referential);
    printSummary(inv.out, reports);
    const auto& mail = inv.settings.mail;
    inv.out << "store:  " << store->location().describe() << "\n";
    if (mail.inbox == MailSettings::Inbox::Maildir)
        inv.out << "inbox:  " << mail.inboxMaildir.string() << " (" << inbox::Maildir{mail.inboxMaildir}.waiting().size()
                << " message(s) waiting in new/)\n";
    else
        inv.out << "inbox:  " << describeInbox(mail) << "\n";
    if (mail.outbox == MailSettings::Outbox::Spool)
        inv.out << "outbox: " << mail.outboxSpool.string() << " (" << outbox::Spool{mail.outboxSpool}.messages().size()
                << " mail(s) written)\n";
    else
        inv.out << "outbox: " << describeOutbox(mail) << "\n";
    const auto quarantined = store->mail().countReceivedInState("quarantined");
    const auto failed = store->mail().inState("failed").size();
    if (quarantined > 0)
        inv.out << "quarantine: " << quarantined << " message(s) (cqp quarantine list)\n";
    if (failed > 0)
        inv.out << "mail failures: " << failed << " (cqp status)\n";
    for (const auto& line : lateDecisions(*store, inv.today, inv.settings.deadlines))
        inv.out << line << "\n";
    int exit = ExitDone;
    for (const auto& r : reports) {
        if (r.failed > 0)
            inv.out << "failures: " << r.failed << " in stage " << r.stage << " (cqp status)\n";
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
    std::vector<std::pair<std::string, std::string>> documents;
    std::vector<Attachment> attachments;
    for (std::size_t i = 1; i < inv.words.size(); ++i) {
        const std::filesystem::path path{inv.words[i]};
        std::string content = readFile(path.string());
        if (mediaTypeOf(path) == "application/xml")
            documents.emplace_back(path.filename().string(), std::move(content));
        else
            attachments.push_back({path.filename().string(), mediaTypeOf(path), std::move(content)});
    }
    SubmissionProcessor processor{*store, referential, inv.settings.deadlines, inv.today};
    int rejected = 0;
    for (const auto& [name, bytes] : documents) {
        const auto outcome = processor.process({bytes, name, sender, attachments});
        const char* verdict = outcome.status == SubmissionOutcome::Status::Accepted          ? "accepted"
                              : outcome.status == SubmissionOutcome::Status::AlreadyReceived ? "already received"
                                                                                             : "rejected";
        inv.out << name << ": " << verdict << (outcome.kind.empty() ? "" : " (" + outcome.kind + ")") << "\n";
        for (const auto& message : outcome.messages)
            inv.out << "  " << message << "\n";
        if (outcome.status == SubmissionOutcome::Status::Rejected)
            ++rejected;
    }
    return rejected > 0 ? ExitRejected : ExitDone;
}

int cmdFormsRender(Invocation& inv)
{
    expectWords(inv, 2);
    const Id id = parseId(option(inv, "candidature"), "--candidature");
    const std::string outil = option(inv, "outil");
    if (outil != "4" && outil != "6")
        throw UsageError("--outil must be 4 or 6");
    const std::string output = option(inv, "output");
    const auto referential = loadReferential(inv.settings);
    auto store = openStore(inv.settings);
    if (!store->candidatures().candidature(id))
        throw UsageError("no candidature " + std::to_string(id));
    const std::string pdf = renderForm(*store, referential, id, std::stoi(outil));
    std::ofstream out{output, std::ios::binary | std::ios::trunc};
    out << pdf;
    if (!out)
        throw UsageError("cannot write " + output);
    inv.out << output << ": outil n°" << outil << " of candidature " << id << "\n";
    return ExitDone;
}

int cmdVerify(Invocation& inv)
{
    std::string code = operand(inv, 1, "CODE");
    expectWords(inv, 2);
    for (char& c : code)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const auto referential = loadReferential(inv.settings);
    auto store = openStore(inv.settings);
    const auto parchment = store->parchments().byVerificationCode(code);
    if (!parchment) {
        inv.out << code << ": unknown — no parchment or attestation of the branch has this code\n";
        return ExitRejected;
    }
    const auto candidature = store->candidatures().candidature(parchment->candidatureId);
    const auto candidate = store->candidatures().candidate(candidature->candidateId);
    const auto* certificate = referential.certificate(candidature->certificateCode);
    inv.out << code << ": " << (parchment->revokedOn ? "revoked on " + parchment->revokedOn->iso() + " (" + parchment->revokeReason + ")"
                                                     : std::string{"valid"})
            << "\n  " << parchment->kind << " n° " << parchment->label() << " issued " << parchment->issuedOn.iso()
            << "\n  holder: " << candidate->prenoms << " " << (candidate->nomUsage.empty() ? candidate->nomNaissance : candidate->nomUsage)
            << ", born " << (candidate->dateNaissance ? candidate->dateNaissance->iso() : "?")
            << "\n  " << (certificate ? std::string{rules::kindCode(certificate->kind)} + ": " + certificate->title
                                       : candidature->certificateCode)
            << "\n";
    return parchment->revokedOn ? ExitRejected : ExitDone;
}

int cmdParchmentRevoke(Invocation& inv)
{
    const std::string label = operand(inv, 2, "NUMBER");
    expectWords(inv, 3);
    const std::string reason = option(inv, "reason");
    const auto dash = label.find('-');
    if (dash == std::string::npos)
        throw UsageError("NUMBER is YEAR-NUMBER, e.g. 2027-0001");
    int year = 0, number = 0;
    try {
        year = std::stoi(label.substr(0, dash));
        number = std::stoi(label.substr(dash + 1));
    } catch (const std::exception&) {
        throw UsageError("NUMBER is YEAR-NUMBER, e.g. 2027-0001");
    }
    auto store = openStore(inv.settings);
    const auto parchment = store->parchments().byNumber(year, number);
    if (!parchment)
        throw UsageError("no parchment " + label);
    if (parchment->revokedOn) {
        inv.out << label << " was already revoked on " << parchment->revokedOn->iso() << "\n";
        return ExitRejected;
    }
    store->parchments().revoke(parchment->id, inv.today, reason);
    inv.out << label << " revoked: " << reason << "\n";
    return ExitDone;
}

int cmdStats(Invocation& inv)
{
    expectWords(inv, 1);
    const auto from = rules::Date::parseIso(option(inv, "from"));
    const auto to = rules::Date::parseIso(option(inv, "to"));
    if (!from || !to || *to < *from)
        throw UsageError("--from and --to must be dates YYYY-MM-DD, --from first");
    const std::string output = option(inv, "output");
    const auto format = inv.options.count("format") ? inv.options.at("format") : (output.ends_with(".csv") ? "csv" : "pdf");
    if (format != "pdf" && format != "csv")
        throw UsageError("--format must be pdf or csv, not '" + format + "'");
    const auto referential = loadReferential(inv.settings);
    auto store = openStore(inv.settings);
    const auto document = statistics(*store, referential, inv.settings.deadlines, *from, *to, inv.today);
    std::string bytes;
    if (format == "csv") {
        bytes = statisticsCsv(document);
    } else {
        const auto fonts = render::findFonts();
        if (!fonts)
            throw render::RenderError("no usable fonts (apt-get install fonts-dejavu-core)");
        bytes = render::renderStatistics(document, *fonts);
    }
    std::ofstream out{output, std::ios::binary | std::ios::trunc};
    out << bytes;
    if (!out)
        throw UsageError("cannot write " + output);
    inv.out << output << ": statistics from " << from->iso() << " to " << to->iso() << " (" << format << ", "
            << document.tables.size() << " tables)\n";
    return ExitDone;
}

int cmdExportAccrochage(Invocation& inv)
{
    expectWords(inv, 2);
    const auto from = rules::Date::parseIso(option(inv, "from"));
    const auto to = rules::Date::parseIso(option(inv, "to"));
    if (!from || !to || *to < *from)
        throw UsageError("--from and --to must be dates YYYY-MM-DD, --from first");
    const std::string output = option(inv, "output");
    const auto referential = loadReferential(inv.settings);
    auto store = openStore(inv.settings);
    const auto result = exportAccrochage(*store, referential, inv.settings.accrochage, *from, *to);
    if (result.passages == 0) {
        inv.out << "no holder delivered from " << from->iso() << " to " << to->iso() << ": nothing written\n";
        return ExitRejected;
    }
    std::ofstream out{output, std::ios::binary | std::ios::trunc};
    out << result.xml;
    if (!out)
        throw UsageError("cannot write " + output);
    inv.out << output << ": " << result.passages << " holder(s) delivered from " << from->iso() << " to " << to->iso() << "\n";
    return ExitDone;
}

struct Command {
    std::vector<std::string> words;
    std::string synopsis;
    std::string summary;
    std::function<int(Invocation&)> run;
};

const std::vector<Command>& commands()
{
    static const std::vector<Command> all{
        {{"init"}, "init", "create or migrate the store, the inbox Maildir and the outbox spool", cmdInit},
        {{"run"}, "run [--only STAGE,...]",
         "run the stages (fetch, ingest, advance, jury, render, report, send) on the logical date and print a summary", cmdRun},
        {{"daemon"}, "daemon", "fetch, ingest and send every few minutes, all the stages each night; stops on SIGTERM",
         cmdDaemon},
        {{"worker"}, "worker [--once]",
         "PostgreSQL: read queued scans beside other workers (SKIP LOCKED claims under a lease); stops on SIGTERM", cmdWorker},
        {{"status"}, "status [CANDIDATURE]", "counts by status and late decisions, or one candidature and what it waits for",
         cmdStatus},
        {{"history"}, "history CANDIDATURE", "the status history of a candidature", cmdHistory},
        {{"referential", "check"}, "referential check FILE", "validate a referential file and list every problem",
         cmdReferentialCheck},
        {{"evaluator", "import"}, "evaluator import FILE", "import the registry of évaluateurs habilités (XML)",
         cmdEvaluatorImport},
        {{"evaluator", "list"}, "evaluator list", "list the évaluateurs habilités and their habilitations",
         cmdEvaluatorList},
        {{"jury", "add"}, "jury add --date D --capacity N [--cqp CODE]", "add a jury meeting to the calendar", cmdJuryAdd},
        {{"jury", "member", "add"}, "jury member add --name NAME --email ADDRESS [--organisation ORG]",
         "a member of the jury paritaire national (receives the jury files)", cmdJuryMemberAdd},
        {{"jury", "member", "list"}, "jury member list", "the jury members", cmdJuryMemberList},
        {{"jury", "decide"}, "jury decide JURY FILE", "record the jury's decisions (decisionsJury XML) given by the secretariat",
         cmdJuryDecide},
        {{"jury", "move"}, "jury move CANDIDATURE --jury ID --reason TEXT",
         "secretariat change of a candidature's jury (recorded in its history)", cmdJuryMove},
        {{"jury", "list"}, "jury list", "the jury calendar with places taken and cut-off dates", cmdJuryList},
        {{"ingest"}, "ingest FILE... [--from ADDRESS]",
         "apply XML submissions as if received by mail (other files: their attachments)", cmdIngest},
        {{"account", "list"}, "account list [--pending]", "list the accounts (only those awaiting approval)", cmdAccountList},
        {{"account", "approve"}, "account approve ID", "open a pending account and tell its holder", cmdAccountApprove},
        {{"account", "suspend"}, "account suspend ID --reason TEXT", "suspend an account: its documents are refused",
         cmdAccountSuspend},
        {{"account", "reinstate"}, "account reinstate ID --reason TEXT", "open a suspended account again", cmdAccountReinstate},
        {{"account", "rekey"}, "account rekey ID --key PEM --reason TEXT",
         "record a new public key for a holder who lost the private one (its addresses are told)", cmdAccountRekey},
        {{"account", "add"}, "account add --role secretariat --name NAME --email ADDRESS --key PEM",
         "register the secretariat's signing key (jury decisions)", cmdAccountAdd},
        {{"inbox", "list"}, "inbox list [--state STATE]",
         "every received message and its fate: processed, ignored and why, duplicate of which, kept aside", cmdInboxList},
        {{"quarantine", "list"}, "quarantine list", "messages that could not be processed, with the reason", cmdQuarantineList},
        {{"quarantine", "show"}, "quarantine show ID", "one quarantined message, whole", cmdQuarantineShow},
        {{"quarantine", "retry"}, "quarantine retry ID", "process a quarantined message again", cmdQuarantineRetry},
        {{"quarantine", "drop"}, "quarantine drop ID", "set a quarantined message aside (it stays in the store)",
         cmdQuarantineDrop},
        {{"stats"}, "stats --from D --to D --output FILE [--format pdf|csv]",
         "the statistics of the period: PDF with charts, or CSV for a spreadsheet", cmdStats},
        {{"export", "accrochage"}, "export accrochage --from D --to D --output FILE",
         "the holders delivered in the period, as the Caisse des Dépôts' accrochage XML", cmdExportAccrochage},
        {{"forms", "render"}, "forms render --candidature ID --outil 4|6 --output FILE",
         "the pre-filled outil n°4 or n°6 of a candidature, to print", cmdFormsRender},
        {{"review", "list"}, "review list", "scans the secretariat must look at (nothing read from paper is guessed)", cmdReviewList},
        {{"review", "show"}, "review show ID", "one review and its scan", cmdReviewShow},
        {{"review", "resolve"}, "review resolve ID --reason TEXT", "close a review, saying what was done", cmdReviewResolve},
        {{"verify"}, "verify CODE", "is this parchment's verification code valid, revoked or unknown?", cmdVerify},
        {{"parchment", "revoke"}, "parchment revoke NUMBER --reason TEXT", "revoke a parchment or attestation (e.g. 2027-0001)",
         cmdParchmentRevoke},
        {{"candidature", "correct"}, "candidature correct ID --to STATUS --reason TEXT",
         "secretariat correction: move a candidature back to an earlier status", cmdCorrect},
    };
    return all;
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& commandSummaries()
{
    static const auto summaries = [] {
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& c : commands())
            out.emplace_back(c.synopsis, c.summary);
        return out;
    }();
    return summaries;
}

int dispatch(Invocation& inv)
{
    if (inv.words.empty())
        throw UsageError("no command given (see cqp --help)");
    const Command* best = nullptr;
    for (const auto& c : commands()) {
        if (c.words.size() > inv.words.size())
            continue;
        if (std::equal(c.words.begin(), c.words.end(), inv.words.begin()) &&
            (!best || c.words.size() > best->words.size()))
            best = &c;
    }
    if (!best)
        throw UsageError("unknown command '" + inv.words.front() + (inv.words.size() > 1 ? " " + inv.words[1] : "") +
                         "' (see cqp --help)");
    return best->run(inv);
}

}  // namespace cqp::pipeline::detail
