// What the secretariat asks of one candidature: status, history, correction, its forms.

#include "CommandSupport.h"

#include "cqp/actions/Labels.h"
#include "cqp/actions/Views.h"

#include "cqp/render/RenderError.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/ParchmentRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/rules/StateMachine.h"
#include "cqp/workflow/Dossier.h"
#include "cqp/workflow/FormDocuments.h"
#include <fstream>
#include <iomanip>

namespace cqp::pipeline::detail {

namespace {

int cmdStatusOverview(Invocation& inv, Store& store)
{
    inv.out << "base " << store.location().describe() << " (schéma " << store.schemaVersion() << "), date du "
            << inv.today.french() << "\n";
    std::int64_t total = 0;
    for (const auto& [status, count] : store.candidatures().countByStatus()) {
        inv.out << "  " << padded(rules::statusLabel(status), 30) << std::right << std::setw(8) << count << "\n";
        total += count;
    }
    inv.out << "  " << padded("total", 30) << std::right << std::setw(8) << total << std::left << "\n";
    const auto late = lateDecisions(store, inv.today, inv.settings.deadlines);
    for (const auto& line : late)
        inv.out << line << "\n";
    const auto failed = store.mail().inState(OutboxState::Failed);
    for (const auto& m : failed)
        inv.out << "courriel en échec : envoi n°" << m.id << " à " << m.recipient << " « " << m.subject << " » : " << m.lastError
                << "\n";
    const auto failures = store.failuresSince(inv.today.plusDays(-7).iso());
    for (const auto& f : failures)
        inv.out << "incident du " << (rules::Date::parseIso(f.logicalDate) ? rules::Date::parseIso(f.logicalDate)->french() : f.logicalDate)
                << ", étape " << f.stage << (f.item.empty() ? "" : " (" + f.item + ")") << " : " << f.reason << "\n";
    const auto quarantinedCount = store.mail().countReceivedInState(ReceivedState::Quarantined);
    if (quarantinedCount > 0)
        inv.out << "quarantaine : " << quarantinedCount << " message(s) attendent le secrétariat (cqp quarantine list)\n";
    const auto reviews = store.mail().reviews(ReviewState::Open).size();
    if (reviews > 0)
        inv.out << "à vérifier : " << reviews << " scan(s) attendent le secrétariat (cqp review list)\n";
    inv.out << "envois : " << store.mail().inState(OutboxState::Pending).size() << " courriel(s) à envoyer, " << failed.size()
            << " en échec\n";
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
    inv.out << "candidature n°" << id << " : « " << rules::statusLabel(candidature->status) << " » depuis le "
            << candidature->statusChangedOn.french() << "\n";
    if (candidate)
        inv.out << "candidat n°" << candidate->id << " : " << candidate->prenoms << " " << candidate->nomNaissance << "\n";
    inv.out << "CQP " << candidature->certificateCode << " : "
            << (certificate ? certificate->title : "(absent du référentiel)") << "\n";
    const auto facts = loadFacts(*store, referential, inv.settings.deadlines, id);
    const auto transition = rules::nextTransition(facts, inv.today, inv.settings.deadlines);
    if (const auto* advance = std::get_if<rules::Advance>(&transition)) {
        inv.out << "prête à passer à : « " << rules::statusLabel(advance->next) << " » (prochaine exécution)\n";
    } else if (const auto* blocked = std::get_if<rules::Blocked>(&transition)) {
        inv.out << "en attente de :\n";
        for (const auto& r : blocked->unmet)
            inv.out << "  [" << r.code << "] " << r.sentence << "\n";
    } else {
        inv.out << "statut final\n";
    }
    for (const auto& p : store->parchments().allOfCandidature(id))
        inv.out << parchmentLine(p, false) << "\n";
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
        // An event that is not a change of status (a correction, a revocation) keeps the status.
        if (h.from && *h.from == h.to)
            inv.out << h.logicalDate.french() << "  « " << rules::statusLabel(h.to) << " » (inchangé)  par " << h.actor
                    << "  règle " << h.rule;
        else
            inv.out << h.logicalDate.french() << "  " << (h.from ? std::string{rules::statusLabel(*h.from)} : "—") << " → "
                    << rules::statusLabel(h.to) << "  par " << h.actor << "  règle " << h.rule;
        if (h.evidenceDocumentId)
            inv.out << "  pièce n°" << *h.evidenceDocumentId;
        if (!h.reason.empty())
            inv.out << "  motif : " << h.reason;
        inv.out << "  (enregistré le " << h.recordedAt << ")\n";
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
        inv.out << "refusé [" << r.code << "] " << r.sentence << "\n";
    if (!refusals.empty())
        return ExitRejected;
    store->candidatures().changeStatus(
        id, StatusChange{candidature->status, *to, inv.today, "secretariat", "correction", {}, reason});
    inv.out << "candidature n°" << id << " : « " << rules::statusLabel(candidature->status) << " » → « "
            << rules::statusLabel(*to) << " » (correction inscrite à l'historique)\n";
    return ExitDone;
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

// A form to hand over outside the mail flow: the blank account request, or a company's outil
// n°6 with a new token (bound to the account and its first address, valid a year).
int cmdFormsBlank(Invocation& inv)
{
    using rules::fillable::FormKind;
    const auto kind = rules::fillable::kindNamed(operand(inv, 2, "KIND"));
    expectWords(inv, 3);
    if (!kind || (*kind != FormKind::DemandeCompte && *kind != FormKind::DossierCandidature))
        throw UsageError("KIND must be demandeCompte or dossierCandidature");
    const std::string output = option(inv, "output");
    std::string pdf;
    if (*kind == FormKind::DemandeCompte) {
        pdf = blankForm(*kind);
    } else {
        const Id id = parseId(option(inv, "account"), "--account");
        const auto referential = loadReferential(inv.settings);
        auto store = openStore(inv.settings);
        const auto account = store->accounts().account(id);
        if (!account || account->role != AccountRole::Entreprise || account->status != AccountStatus::Active ||
            account->addresses.empty())
            throw UsageError("account " + std::to_string(id) + " is not an open company account");
        std::string token;
        store->transaction([&] { token = issueFormToken(*store, *kind, id, account->addresses.front(), inv.today, inv.today.plusDays(rules::fillable::accountFormDays)); });
        pdf = renderFillable(*store, referential, std::string{rules::fillable::kindName(*kind)}, id, token, inv.today,
                             inv.settings.deadlines);
    }
    std::ofstream out{output, std::ios::binary | std::ios::trunc};
    out << pdf;
    if (!out)
        throw UsageError("cannot write " + output);
    inv.out << output << " : formulaire « " << rules::fillable::kindName(*kind) << " » à remplir dans un lecteur PDF\n";
    return ExitDone;
}

}  // namespace

CommandList candidatureCommands()
{
    return {
        {{"status"},
         "status [CANDIDATURE]",
         "counts by status and late decisions, or one candidature and what it waits for",
         {},
         cmdStatus},
        {{"history"}, "history CANDIDATURE", "the status history of a candidature", {}, cmdHistory},
        {{"candidature", "correct"},
         "candidature correct ID --to STATUS --reason TEXT",
         "secretariat correction: move a candidature back to an earlier status",
         {{"to", "STATUS", "the earlier status (en_cours_inscription, en_attente_evaluation, ...)", ""},
          {"reason", "TEXT", "why (kept in the history)", ""}},
         cmdCorrect},
        {{"forms", "render"},
         "forms render --candidature ID --outil 4|6 --output FILE",
         "the pre-filled outil n°4 or n°6 of a candidature, to print",
         {{"candidature", "ID", "the candidature", ""},
          {"outil", "4|6", "which form", ""},
          {"output", "FILE", "the PDF to write", "o"}},
         cmdFormsRender},
        {{"forms", "blank"},
         "forms blank demandeCompte|dossierCandidature [--account ID] --output FILE",
         "a fillable form to hand over: the account request, or a company's outil n°6 (one candidate)",
         {{"account", "ID", "dossierCandidature: the company account it is for", ""}, {"output", "FILE", "the PDF to write", "o"}},
         cmdFormsBlank},
    };
}

}  // namespace cqp::pipeline::detail
