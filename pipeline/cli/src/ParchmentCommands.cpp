// Parchments after delivery: verification, revocation, statistics and the Caisse des Dépôts' export.

#include "CommandSupport.h"

#include "cqp/actions/Labels.h"

#include "cqp/exports/AccrochageExport.h"
#include "cqp/exports/Statistics.h"
#include "cqp/render/Fonts.h"
#include "cqp/render/RenderError.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/ParchmentRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/rules/FrenchText.h"
#include "cqp/rules/Verification.h"
#include <fstream>

namespace cqp::pipeline::detail {

namespace {

int cmdVerify(Invocation& inv)
{
    const std::string given = operand(inv, 1, "CODE");
    expectWords(inv, 2);
    // Typed from the paper in any case, with or without dashes, or the URL its QR code gives.
    const auto code = rules::verificationCodeFrom(given);
    if (!code) {
        inv.out << "« " << given << " » n'est pas un code de vérification (16 caractères, par exemple K7QM-3RTX-9BZA-W2HC)\n";
        return ExitRejected;
    }
    const auto referential = loadReferential(inv.settings);
    auto store = openStore(inv.settings);
    const auto parchment = store->parchments().byVerificationCode(*code);
    if (!parchment) {
        inv.out << *code << " : inconnu — aucun parchemin ni aucune attestation de la branche ne porte ce code\n";
        return ExitRejected;
    }
    const auto candidature = store->candidatures().candidature(parchment->candidatureId);
    const auto candidate = store->candidatures().candidate(candidature->candidateId);
    const auto* certificate = referential.certificate(candidature->certificateCode);
    const bool attestation = parchment->kind == ParchmentKind::Attestation;
    const bool woman = candidate->sexe == "F";
    inv.out << *code << " : "
            << (parchment->revokedOn ? std::string{attestation ? "révoquée" : "révoqué"} + " le " +
                                           parchment->revokedOn->french() + " (" + parchment->revokeReason + ")"
                                     : std::string{"valide"})
            << "\n  " << (attestation ? "attestation" : "parchemin") << " n° " << parchment->label()
            << (attestation ? " délivrée le " : " délivré le ") << parchment->issuedOn.french() << "\n  "
            << "titulaire : "
            << (candidate->prenoms.empty() && candidate->nomNaissance.empty()
                    ? std::string{"données effacées à sa demande"}
                    : candidate->prenoms + " " + (candidate->nomUsage.empty() ? candidate->nomNaissance : candidate->nomUsage) +
                          (woman ? ", née le " : ", né le ") + (candidate->dateNaissance ? candidate->dateNaissance->french() : "?"))
            << "\n  "
            << (certificate ? std::string{rules::kindCode(certificate->kind)} + " : " +
                                  rules::genderedTitle(certificate->title, candidate->sexe)
                            : candidature->certificateCode)
            << "\n";
    return parchment->revokedOn ? ExitRejected : ExitDone;
}

Parchment parchmentNamed(Store& store, const std::string& label)
{
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
    const auto parchment = store.parchments().byNumber(year, number);
    if (!parchment)
        throw UsageError("no parchment " + label);
    return *parchment;
}

// `reissue`: a new number and code will replace it at the next render stage.
int revokeParchment(Invocation& inv, bool reissue)
{
    const std::string label = operand(inv, 2, "NUMBER");
    expectWords(inv, 3);
    const std::string reason = option(inv, "reason");
    auto store = openStore(inv.settings);
    const auto parchment = parchmentNamed(*store, label);
    const bool attestation = parchment.kind == ParchmentKind::Attestation;
    if (parchment.revokedOn && (!reissue || parchment.reissue)) {
        inv.out << paperName(parchment) << " " << label << (attestation ? " déjà révoquée le " : " déjà révoqué le ")
                << parchment.revokedOn->french() << (parchment.reissue ? " (réédition demandée)" : "") << "\n";
        return ExitRejected;
    }
    if (reissue && store->parchments().byCandidature(parchment.candidatureId)->id != parchment.id) {
        inv.out << paperName(parchment) << " " << label << (attestation ? " a déjà été remplacée\n" : " a déjà été remplacé\n");
        return ExitRejected;
    }
    store->transaction([&] {
        const auto on = parchment.revokedOn.value_or(inv.today);
        const std::string why = parchment.revokedOn ? parchment.revokeReason : reason;
        store->parchments().revoke(parchment.id, on, why, reissue);
        const auto c = store->candidatures().candidature(parchment.candidatureId);
        store->candidatures().recordEvent(
            c->id, StatusChange{c->status, c->status, inv.today, "secrétariat", reissue ? "parchment_reissue" : "parchment_revoke",
                                std::nullopt,
                                std::string{attestation ? "Attestation " : "Parchemin "} + label +
                                    (attestation ? " révoquée : " : " révoqué : ") + reason +
                                    (!reissue      ? ""
                                     : attestation ? " ; un nouveau numéro et un nouveau code la remplaceront"
                                                   : " ; un nouveau numéro et un nouveau code le remplaceront")});
    });
    inv.out << paperName(parchment) << " " << label << (attestation ? " révoquée" : " révoqué") << " : " << reason << "\n";
    if (reissue)
        inv.out << "réédition : un nouveau numéro et un nouveau code au prochain `cqp run` (étape render), imprimés dans "
                   "un lot d'impression ; l'entreprise en est informée\n";
    return ExitDone;
}

int cmdParchmentRevoke(Invocation& inv) { return revokeParchment(inv, false); }
int cmdParchmentReissue(Invocation& inv) { return revokeParchment(inv, true); }

int cmdPrintList(Invocation& inv)
{
    expectWords(inv, 2);
    auto store = openStore(inv.settings);
    for (const auto& b : store->parchments().printBatches())
        inv.out << padded("lot " + std::to_string(b.id), 9) << b.createdOn.french() << "  " << padded(b.fileName, 44)
                << std::to_string(b.parchments) << " document(s), " << b.pages << " page(s)  "
                << (b.postedOn ? "posté le " + b.postedOn->french() + " par " + b.postedBy : std::string{"à poster"}) << "\n";
    return ExitDone;
}

int cmdPrintPosted(Invocation& inv)
{
    const Id id = parseId(operand(inv, 2, "BATCH"), "BATCH");
    expectWords(inv, 3);
    return act(inv, [&](Secretariat& s) { return s.markPosted(id); });
}

int cmdStats(Invocation& inv)
{
    expectWords(inv, 1);
    const auto from = rules::Date::parseIso(option(inv, "from"));
    const auto to = rules::Date::parseIso(option(inv, "to"));
    if (!from || !to || *to < *from)
        throw UsageError("--from and --to must be dates YYYY-MM-DD, --from first");
    const std::string output = option(inv, "output");
    const auto format =
        inv.options.count("format") ? inv.options.at("format") : (output.ends_with(".csv") ? "csv" : "pdf");
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
    inv.out << output << " : statistiques du " << from->french() << " au " << to->french() << " (" << format << ", "
            << document.tables.size() << " tableaux)\n";
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
        inv.out << "aucun titulaire d'un CQP délivré du " << from->french() << " au " << to->french()
                << " : rien n'est écrit\n";
        return ExitRejected;
    }
    std::ofstream out{output, std::ios::binary | std::ios::trunc};
    out << result.xml;
    if (!out)
        throw UsageError("cannot write " + output);
    inv.out << output << " : " << result.passages << " titulaire(s) d'un CQP délivré du " << from->french() << " au "
            << to->french() << " (les attestations n'y figurent pas)\n";
    return ExitDone;
}

}  // namespace

CommandList parchmentCommands()
{
    return {
        {{"verify"},
         "verify CODE",
         "is this parchment's verification code valid, revoked or unknown? (as printed, any case, without dashes, or the "
         "URL of its QR code)",
         {},
         cmdVerify},
        {{"parchment", "revoke"},
         "parchment revoke NUMBER --reason TEXT",
         "revoke a parchment or attestation (e.g. 2027-0001)",
         {{"reason", "TEXT", "why (kept in the store)", ""}},
         cmdParchmentRevoke},
        {{"parchment", "reissue"},
         "parchment reissue NUMBER --reason TEXT",
         "revoke a parchment or attestation (or mark a revoked one) to be replaced: the next render stage gives it a "
         "new number and code, prints it and tells the company",
         {{"reason", "TEXT", "why (kept in the store and in the history)", ""}},
         cmdParchmentReissue},
        {{"print", "list"},
         "print list",
         "the print batches of parchments and attestations, and whether each was posted",
         {},
         cmdPrintList},
        {{"print", "posted"}, "print posted BATCH", "record that a print batch was posted", {}, cmdPrintPosted},
        {{"stats"},
         "stats --from D --to D --output FILE [--format pdf|csv]",
         "the statistics of the period: PDF with charts, or CSV for a spreadsheet",
         {{"from", "D", "the first day (YYYY-MM-DD)", ""},
          {"to", "D", "the last day (YYYY-MM-DD)", ""},
          {"output", "FILE", "the file to write", "o"},
          {"format", "pdf|csv", "the kind of file (default: from the name of --output)", ""}},
         cmdStats},
        {{"export", "accrochage"},
         "export accrochage --from D --to D --output FILE",
         "the holders delivered in the period, as the Caisse des Dépôts' accrochage XML",
         {{"from", "D", "the first day (YYYY-MM-DD)", ""},
          {"to", "D", "the last day (YYYY-MM-DD)", ""},
          {"output", "FILE", "the file to write", "o"}},
         cmdExportAccrochage},
    };
}

}  // namespace cqp::pipeline::detail
