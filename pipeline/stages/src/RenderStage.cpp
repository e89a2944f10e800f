#include "cqp/stages/RenderStage.h"

#include "Files.h"

#include "cqp/outbox/Letters.h"
#include "cqp/render/Fonts.h"
#include "cqp/render/PrintBatch.h"
#include "cqp/render/RenderError.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/ParchmentRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/rules/FrenchText.h"
#include "cqp/stages/ParchmentSettings.h"
#include "cqp/workflow/Dossier.h"
#include "cqp/workflow/Workflow.h"

#include <Poco/Logger.h>
#include <Poco/UTF8String.h>

#include <algorithm>
#include <map>

namespace cqp::pipeline {

namespace {

// Family names and cities in capitals, the French way on official documents.
std::string upper(const std::string& s) { return Poco::UTF8::toUpper(s); }

struct Holder {
    std::string name;
    std::string birth;
    std::string sortKey;
    std::string sexe;
};

Holder holderOf(const Candidate& c)
{
    const std::string family = c.nomUsage.empty() ? c.nomNaissance : c.nomUsage;
    Holder h;
    h.name = c.prenoms + " " + upper(family);
    const std::string born = c.sexe == "F" ? "née" : "né";
    h.birth = born + " le " + (c.dateNaissance ? c.dateNaissance->french() : "") + " à " +
              (c.communeNaissance.empty() ? c.paysNaissance : c.communeNaissance) +
              (!c.paysNaissance.empty() && !c.communeNaissance.empty() ? " (" + c.paysNaissance + ")" : "");
    if (!c.nomUsage.empty() && c.nomUsage != c.nomNaissance)
        h.birth = (c.sexe == "F" ? "née " : "né ") + upper(c.nomNaissance) + ", " + h.birth.substr(born.size() + 1);
    h.sortKey = upper(family) + " " + c.prenoms;
    h.sexe = c.sexe;
    return h;
}

std::string facts(const Parchment& p, const Candidate& c, const Candidature& candidature, rules::Date juryDate)
{
    return p.label() + "|" + code(p.kind) + "|" + c.nomNaissance + "|" + c.prenoms + "|" +
           (c.dateNaissance ? c.dateNaissance->iso() : "") + "|" + candidature.certificateCode + "|" + juryDate.iso();
}

// One document of a print batch and whom it goes to.
struct Item {
    Parchment parchment;
    Holder holder;
    Candidature candidature;
};

// One print batch: the documents of one jury, one envelope per établissement.
class BatchMaker {
public:
    BatchMaker(StageContext& context, const ParchmentSettings& settings, const render::FontSet& fonts, Id juryId)
        : context_{context}, store_{context.store}, settings_{settings}, batch_{fonts}, juryId_{juryId}
    {
        jury_ = store_.juries().jury(juryId);
        juryDate_ = jury_ ? jury_->date.french() : context.today.french();
        // The images the settings name, read once per batch; one that cannot be read fails the batch.
        logo_ = settings.logoFile.empty() ? std::string{} : detail::readWholeFile(settings.logoFile);
        signatories_ = settings.signatories;
        for (std::size_t i = 0; i < signatories_.size() && i < settings.signatureFiles.size(); ++i)
            if (!settings.signatureFiles[i].empty())
                signatories_[i].image = detail::readWholeFile(settings.signatureFiles[i]);
    }

    // Fills the batch: établissements by company name, in each parchments then attestations by name.
    void add(const std::vector<Parchment>& parchments)
    {
        std::map<Id, std::vector<Item>> byEtablissement;
        for (const auto& p : parchments) {
            const auto candidature = *store_.candidatures().candidature(p.candidatureId);
            const auto candidate = *store_.candidatures().candidate(candidature.candidateId);
            byEtablissement[candidature.etablissementId.value_or(0)].push_back({p, holderOf(candidate), candidature});
        }
        std::vector<std::pair<std::string, Id>> order;  // company name → établissement, for the order of the envelopes
        for (const auto& [etablissementId, items] : byEtablissement) {
            const auto etablissement = store_.accounts().etablissement(etablissementId);
            const auto company = etablissement ? store_.accounts().company(etablissement->companyId) : std::nullopt;
            order.emplace_back((company ? company->raisonSociale : std::string{}) + (etablissement ? etablissement->name : ""),
                               etablissementId);
        }
        std::sort(order.begin(), order.end());
        for (const auto& [companyName, etablissementId] : order) {
            auto items = byEtablissement[etablissementId];
            std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
                if (a.parchment.kind != b.parchment.kind)
                    return a.parchment.kind == ParchmentKind::Parchemin;  // parchments first, then attestations
                return a.holder.sortKey < b.holder.sortKey;
            });
            batch_.addPackingSheet(packingSheet(etablissementId, items));
            for (const auto& item : items) {
                if (item.parchment.kind == ParchmentKind::Parchemin)
                    batch_.addParchment(parchment(item));
                else
                    batch_.addAttestation(attestation(item));
                printed_.push_back(item.parchment.id);
            }
        }
    }

    // Written, every byte checked, before the commit under a name of its own: a rerun rewrites
    // the same file; a batch that cannot be written is a failure of the run.
    void finish(Workflow& workflow, const std::string& firstLabel)
    {
        const int pages = batch_.pages();
        const std::string pdf = batch_.finish("Lot d'impression — jury du " + juryDate_);
        const std::string fileName = "lot-jury-" + std::to_string(juryId_) + "-" +
                                     (jury_ ? jury_->date.iso() : context_.today.iso()) + "-" + firstLabel + ".pdf";
        detail::writeWholeFile(settings_.printDir / fileName, pdf);
        store_.transaction([&] {
            const Id document = store_.documents().store(pdf, "application/pdf", fileName, context_.today);
            store_.parchments().addPrintBatch(juryId_, document, fileName, pages, context_.today, printed_);
            outbox::Letter letter{"Lot d'impression — jury du " + juryDate_ + " (" + std::to_string(printed_.size()) + " document(s))",
                                  "Bonjour,\n\nLe lot d'impression du jury paritaire national du " + juryDate_ +
                                      " est joint (" + std::to_string(pages) + " pages : un bordereau par établissement, puis "
                                      "ses parchemins et ses attestations), prêt pour des enveloppes à fenêtre.\n\nFichier : " +
                                      (settings_.printDir / fileName).string() + "\n\n-- \ncqp\n"};
            workflow.queue("print_batch", std::nullopt, settings_.secretariatEmail, letter, {document});
        });
        Poco::Logger::get("cqp.render").information("print batch %s: %d pages, %z documents", fileName, pages, printed_.size());
    }

private:
    render::PackingSheetData packingSheet(Id etablissementId, const std::vector<Item>& items)
    {
        const auto etablissement = store_.accounts().etablissement(etablissementId);
        const auto company = etablissement ? store_.accounts().company(etablissement->companyId) : std::nullopt;
        render::PackingSheetData sheet;
        sheet.senderLines = settings_.secretariatAddress;
        if (company)
            sheet.addressLines.push_back(company->raisonSociale);
        if (etablissement) {
            sheet.addressLines.push_back(etablissement->name);
            sheet.addressLines.push_back(etablissement->address.line1);
            if (!etablissement->address.line2.empty())
                sheet.addressLines.push_back(etablissement->address.line2);
            sheet.addressLines.push_back(etablissement->address.postcode + " " + upper(etablissement->address.city));
        }
        sheet.subject = "Parchemins et attestations — jury paritaire national du " + juryDate_;
        sheet.place = settings_.place;
        sheet.date = context_.today.french();
        for (const auto& item : items)
            sheet.enclosed.push_back((item.parchment.kind == ParchmentKind::Parchemin ? "Parchemin n° " : "Attestation n° ") +
                                     item.parchment.label() + " — " + item.holder.name);
        return sheet;
    }

    const rules::Certificate* certificate(const Item& item) const
    {
        return context_.referential.certificate(item.candidature.certificateCode);
    }
    // In the holder's gender when it is known: « Opératrice de fabrication… ».
    std::string title(const Item& item) const
    {
        const auto* c = certificate(item);
        return c ? rules::genderedTitle(c->title, item.holder.sexe) : item.candidature.certificateCode;
    }
    std::string kind(const Item& item) const
    {
        const auto* c = certificate(item);
        return c ? std::string{rules::kindCode(c->kind)} : "CQP";
    }

    // What a parchment and an attestation both print.
    template <typename Data>
    Data printed(const Item& item) const
    {
        Data data;
        data.certificateKind = kind(item);
        data.certificateTitle = title(item);
        if (const auto* c = certificate(item))
            data.registration = rules::registrationSentence(*c);
        data.logo = logo_;
        data.holderName = item.holder.name;
        data.birth = item.holder.birth;
        data.juryDate = juryDate_;
        data.place = settings_.place;
        data.issuedOn = item.parchment.issuedOn.french();
        data.signatories = signatories_;
        data.number = item.parchment.label();
        data.verificationCode = item.parchment.verificationCode;
        data.verificationUrl = settings_.verifyUrl + item.parchment.verificationCode;
        return data;
    }

    render::ParchmentData parchment(const Item& item) const { return printed<render::ParchmentData>(item); }

    render::AttestationData attestation(const Item& item) const
    {
        auto data = printed<render::AttestationData>(item);
        data.holderNoun = rules::candidateNoun(item.holder.sexe);
        const auto outcome = storedOutcome(store_, context_.referential, context_.deadlines, item.candidature);
        if (!outcome)
            return data;
        const auto* c = certificate(item);
        const auto titled = [&](const std::string& code) {
            const auto* competence = c ? c->competence(code) : nullptr;
            return code + (competence ? " — " + competence->title : "");
        };
        for (const auto& code : outcome->validatedNow)
            data.validated.push_back(titled(code));
        for (const auto& code : outcome->stillAcquired)
            data.validated.push_back(titled(code));
        for (const auto& code : outcome->remaining)
            data.remaining.push_back(titled(code));
        if (!outcome->newAcquisitions.empty())
            data.acquiredUntil = outcome->newAcquisitions.front().validUntil.french();
        return data;
    }

    StageContext& context_;
    Store& store_;
    const ParchmentSettings& settings_;
    render::PrintBatch batch_;
    Id juryId_;
    std::optional<Jury> jury_;
    std::string juryDate_;
    std::string logo_;
    std::vector<render::Signatory> signatories_;
    std::vector<Id> printed_;
};

// The history and the company hear of a parchment that replaces a revoked one.
void tellReissued(StageContext& context, const Candidature& candidature, const Parchment& issued, const Parchment& replaced)
{
    const bool attestation = issued.kind == ParchmentKind::Attestation;
    context.store.candidatures().recordEvent(
        candidature.id, StatusChange{candidature.status, candidature.status, context.today, "cqp", "parchment_reissued",
                                     std::nullopt,
                                     std::string{attestation ? "Attestation " : "Parchemin "} + issued.label() +
                                         (attestation ? " délivrée en remplacement de " : " délivré en remplacement de ") +
                                         replaced.label()});
    Workflow workflow{context.store, context.referential, context.deadlines, context.today};
    workflow.queue("parchment_reissued", candidature.id, workflow.companyAddresses(candidature.candidateId),
                   outbox::parchmentReissued(workflow.dossierLine(candidature), attestation, issued.label(), replaced.label(),
                                             replaced.revokeReason));
}

}  // namespace

StageReport RenderStage::run(StageContext& context)
{
    StageReport report{name()};
    number(context, report);
    printBatches(context, report);
    return report;
}

// 1. A number and a code for every new outcome.
void RenderStage::number(StageContext& context, StageReport& report)
{
    auto& store = context.store;
    const std::string key = parchmentKey(settings_, true);
    for (const Id id : store.parchments().candidaturesAwaitingParchment()) {
        ++report.processed;
        const bool numbered = isolatedItem(context, report, name(), "candidature " + std::to_string(id), [&] {
            store.transaction([&] {
                const auto candidature = store.candidatures().candidature(id);
                const auto candidate = store.candidatures().candidate(candidature->candidateId);
                const auto registration = store.juries().registrationOf(id);
                const auto jury = registration && registration->placedJuryId ? store.juries().jury(*registration->placedJuryId)
                                                                              : std::nullopt;
                Parchment p;
                p.candidatureId = id;
                p.year = context.today.year();
                p.number = store.parchments().nextNumber(p.year);
                p.issuedOn = context.today;
                p.kind = candidature->status == rules::CandidatureStatus::Valide ? ParchmentKind::Parchemin : ParchmentKind::Attestation;
                p.verificationCode = verificationCode(key, facts(p, *candidate, *candidature, jury ? jury->date : context.today));
                const auto replaced = store.parchments().awaitingReplacement(id);
                if (replaced)
                    p.replacesId = replaced->id;
                store.parchments().add(p);
                if (replaced)
                    tellReissued(context, *candidature, p, *replaced);
            });
        });
        if (numbered)
            ++report.accepted;
    }
}

// 2. One print batch per jury with what is not printed yet; one that cannot be made or written
// is recorded, the others go.
void RenderStage::printBatches(StageContext& context, StageReport& report)
{
    auto& store = context.store;
    const auto fonts = render::findFonts();
    if (!fonts)
        throw render::RenderError("no usable fonts (apt-get install fonts-dejavu-core)");
    Workflow workflow{store, context.referential, context.deadlines, context.today};
    std::map<Id, std::vector<Parchment>> byJury;
    for (const auto& p : store.parchments().unprinted()) {
        if (p.revokedOn)
            continue;
        const auto registration = store.juries().registrationOf(p.candidatureId);
        byJury[registration && registration->placedJuryId ? *registration->placedJuryId : 0].push_back(p);
    }
    for (const auto& [juryId, parchments] : byJury) {
        const Id batchJury = juryId;
        const auto& batchParchments = parchments;
        isolatedItem(context, report, name(), "print batch of jury " + std::to_string(batchJury), [&] {
            BatchMaker maker{context, settings_, *fonts, batchJury};
            maker.add(batchParchments);
            maker.finish(workflow, batchParchments.front().label());
            ++report.mailsQueued;
        });
    }
}

}  // namespace cqp::pipeline
