// A person's rights (docs/rgpd.md): everything kept about a candidate, as a zip, and who read it.

#include "CommandSupport.h"

#include "cqp/actions/Labels.h"
#include "cqp/actions/Privacy.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/ConsoleRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/stages/PurgeStage.h"

namespace cqp::pipeline::detail {

namespace {

const Actor terminal{"secretariat", "cli"};

int cmdPrivacyExport(Invocation& inv)
{
    const Id id = parseId(operand(inv, 2, "CANDIDATE"), "CANDIDATE");
    expectWords(inv, 3);
    const std::string output = option(inv, "output");
    auto store = openStore(inv.settings);
    PersonExport exported;
    try {
        exported = exportPerson(*store, id, terminal);
    } catch (const NoSuchItem& e) {
        throw UsageError(e.what());
    }
    writeExportZip(exported, output);
    std::size_t rows = 0, tables = 0;
    for (const auto& [table, count] : exported.rows) {
        rows += count;
        tables += count > 0;
    }
    inv.out << output << " : tout ce que cqp conserve sur le candidat n°" << id << " — " << rows << " ligne(s) de " << tables
            << " table(s) dans export.json, " << exported.files.size() << " fichier(s) original(aux)\n";
    return ExitDone;
}

int cmdPrivacyAccessLog(Invocation& inv)
{
    const Id id = parseId(operand(inv, 2, "CANDIDATE"), "CANDIDATE");
    expectWords(inv, 3);
    auto store = openStore(inv.settings);
    if (!store->candidatures().candidate(id))
        throw UsageError("no candidate " + std::to_string(id));
    const auto entries = store->console().accessesOf(id);
    for (const auto& e : entries)
        inv.out << frenchTimestamp(e.at) << "  " << padded(e.actor, 24) << padded(e.channel == "cli" ? "ligne de commande" : "console", 19)
                << (e.candidatureId ? "candidature n°" + std::to_string(*e.candidatureId) + " : " : std::string{}) << e.what << "\n";
    inv.out << entries.size() << " consultation(s) des données du candidat n°" << id << "\n";
    return ExitDone;
}

// The purge stage now, or only what it would remove (--dry-run), with its counts.
int cmdPrivacyPurge(Invocation& inv)
{
    expectWords(inv, 2);
    const bool dryRun = inv.options.count("dry-run") > 0;
    const auto referential = loadReferential(inv.settings);
    auto store = openStore(inv.settings);
    const auto lock = dryRun ? nullptr : store->lockRuns();  // not beside a run
    StageContext context{*store, referential, inv.settings.deadlines, inv.today, &inv.settings.mail};
    const auto report = PurgeStage{inv.settings.parchment, dryRun}.run(context);
    for (const auto& line : report.details)
        inv.out << line << "\n";
    inv.out << (dryRun ? "rien n'a été supprimé (--dry-run) ; " : "") << report.processed << " élément(s) au total au "
            << inv.today.french() << "\n";
    return ExitDone;
}

int cmdPrivacyErase(Invocation& inv)
{
    const Id id = parseId(operand(inv, 2, "CANDIDATE"), "CANDIDATE");
    expectWords(inv, 3);
    const std::string reason = option(inv, "reason");
    auto store = openStore(inv.settings);
    const auto lock = store->lockRuns();  // not beside a run that would write about them again
    const ErasureFolders folders{inv.settings.mail.outboxSpool, inv.settings.parchment.juryDir, inv.settings.parchment.printDir};
    try {
        const auto outcome = erasePerson(*store, id, reason, terminal, inv.today, folders);
        inv.out << outcome.message << "\n";
        return outcome.done ? ExitDone : ExitRejected;
    } catch (const NoSuchItem& e) {
        throw UsageError(e.what());
    }
}

}  // namespace

CommandList privacyCommands()
{
    return {
        {{"privacy", "export"},
         "privacy export CANDIDATE --output FILE.zip",
         "everything kept about a candidate (right of access and portability): export.json with every row of every "
         "table that names them, and the original files",
         {{"output", "FILE", "the zip to write", "o"}},
         cmdPrivacyExport},
        {{"privacy", "access-log"},
         "privacy access-log CANDIDATE",
         "who read the candidate's data, when and what (console and command line), from the append-only access log",
         {},
         cmdPrivacyAccessLog},
        {{"privacy", "purge"},
         "privacy purge [--dry-run]",
         "remove now what is past its retention (retention.*, docs/rgpd.md), as the nightly purge stage does; --dry-run "
         "only counts it",
         {{"dry-run", "", "count what would go, remove nothing", ""}},
         cmdPrivacyPurge},
        {{"privacy", "erase"},
         "privacy erase CANDIDATE --reason TEXT",
         "erase a candidate where no legal duty requires keeping (right to erasure): refused while a candidature is in "
         "progress; the register of delivered parchments keeps number, code and dates",
         {{"reason", "TEXT", "why (kept in the action log)", ""}},
         cmdPrivacyErase},
    };
}

}  // namespace cqp::pipeline::detail
