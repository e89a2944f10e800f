#include "cqp/stages/PurgeStage.h"

#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/stages/MailSettings.h"

#include <Poco/Logger.h>

#include <regex>

namespace cqp::pipeline {

namespace {

// The files of `folder` whose name begins with one of `prefixes`.
std::size_t removeFiles(const std::filesystem::path& folder, const std::vector<std::string>& prefixes)
{
    std::size_t removed = 0;
    std::error_code error;
    if (prefixes.empty())
        return 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
        const std::string name = entry.path().filename().string();
        for (const auto& prefix : prefixes)
            if (name.rfind(prefix, 0) == 0) {
                if (std::filesystem::remove(entry.path(), error))
                    ++removed;
                break;
            }
    }
    return removed;
}

}  // namespace

std::size_t removeCopies(const PrivacyRepository::Erased& erased, const ErasureFolders& folders)
{
    std::vector<std::string> mails, juries;
    for (const Id id : erased.mails)
        mails.push_back(std::to_string(id) + "-");
    for (const Id id : erased.juries)
        juries.push_back("jury-" + std::to_string(id) + "-");
    return removeFiles(folders.spool, mails) + removeFiles(folders.jury, juries) + removeFiles(folders.print, erased.batchFiles);
}

PrivacyRepository::PurgeCutoffs PurgeStage::cutoffs(const RetentionSettings& r, rules::Date today)
{
    return {today.plusDays(-r.receivedMailDays).iso(), today.plusDays(-r.refusedMailDays).iso(), today.plusDays(-r.sentMailDays).iso(),
            today.plusDays(-r.logsDays).iso() + "T00:00:00.000Z", today.plusDays(-r.orphanDocumentDays).iso()};
}

std::vector<std::filesystem::path> PurgeStage::oldFiles(const std::filesystem::path& folder, rules::Date before) const
{
    static const std::regex dated{"([0-9]{4}-[0-9]{2}-[0-9]{2})"};
    std::vector<std::filesystem::path> out;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
        if (!entry.is_regular_file())
            continue;
        const std::string name = entry.path().filename().string();
        std::smatch m;
        if (!std::regex_search(name, m, dated))
            continue;
        if (const auto date = rules::Date::parseIso(m[1].str()); date && *date < before)
            out.push_back(entry.path());
    }
    return out;
}

StageReport PurgeStage::run(StageContext& context)
{
    StageReport report{name()};
    const auto& r = settings_.retention;
    const auto n = context.store.privacy().purge(cutoffs(r, context.today), dryRun_);
    // The dossiers past their retention, reduced to the register one person per transaction: a
    // kill loses nothing, the next night goes on.
    const auto due = context.store.privacy().candidatesPastRetention(context.today.plusYears(-r.decidedDossierYears).iso(),
                                                                     context.today.plusYears(-r.abandonedDossierYears).iso());
    std::size_t reduced = 0;
    std::size_t files = 0;
    const ErasureFolders folders{context.mail ? context.mail->outboxSpool : std::filesystem::path{}, settings_.juryDir,
                                 settings_.printDir};
    for (const Id candidate : due) {
        if (dryRun_ || context.stopping())
            break;
        PrivacyRepository::Erased erased;
        context.store.transaction([&] {
            // A holder keeps the name their parchments' verification shows; nobody else anything.
            erased = context.store.privacy().erase(candidate, context.store.candidatures().candidaturesOfCandidate(candidate), false,
                                                   context.store.privacy().holdsParchment(candidate), context.today.iso());
        });
        files += removeCopies(erased, folders);
        ++reduced;
    }
    if (dryRun_)
        reduced = due.size();
    for (const auto& folder : {settings_.juryDir, settings_.printDir})
        for (const auto& file : oldFiles(folder, context.today.plusDays(-r.juryFilesDays))) {
            std::error_code error;
            if (dryRun_ || std::filesystem::remove(file, error))
                ++files;
        }
    const std::size_t total = n.receivedMails + n.refusedMails + n.copies + n.sentMails + n.attachmentLinks + n.accessLog + n.actionLog +
                              n.documents + files + reduced;
    report.processed = static_cast<int>(total);
    report.accepted = dryRun_ ? 0 : static_cast<int>(total);
    const std::string verb = dryRun_ ? "à supprimer : " : "supprimé : ";
    report.details = {
        verb + std::to_string(n.receivedMails) + " courriel(s) reçu(s) traité(s) (texte brut, pièces, objet, expéditeur ; plus de " +
            std::to_string(r.receivedMailDays) + " jours)",
        verb + std::to_string(n.refusedMails) + " courriel(s) refusé(s), en quarantaine ou ignoré(s) et " + std::to_string(n.copies) +
            " copie(s) (plus de " + std::to_string(r.refusedMailDays) + " jours)",
        verb + std::to_string(n.sentMails) + " texte(s) de courriels envoyés et " + std::to_string(n.attachmentLinks) +
            " pièce(s) jointe(s) liée(s) (plus de " + std::to_string(r.sentMailDays) + " jours ; l'en-tête reste)",
        verb + std::to_string(n.accessLog) + " ligne(s) du journal des consultations et " + std::to_string(n.actionLog) +
            " du journal des actions (plus de " + std::to_string(r.logsDays) + " jours)",
        verb + std::to_string(files) + " fichier(s) des dossiers de jury et d'impression (plus de " + std::to_string(r.juryFilesDays) +
            " jours)",
        verb + std::to_string(reduced) + " dossier(s) de personne réduit(s) au registre des parchemins (jugés depuis plus de " +
            std::to_string(r.decidedDossierYears) + " ans, ou sans décision ni mouvement depuis plus de " +
            std::to_string(r.abandonedDossierYears) + " ans)",
        verb + std::to_string(n.documents) + " document(s) que plus rien ne cite" +
            (dryRun_ ? " aujourd'hui (ceux que les suppressions ci-dessus libèrent s'y ajouteront)" : ""),
    };
    Poco::Logger::get("cqp.purge").information("purge of %s%s: %z item(s)", context.today.iso(), std::string{dryRun_ ? " (dry run)" : ""},
                                                total);
    return report;
}

}  // namespace cqp::pipeline
