#include "cqp/stages/JuryStage.h"

#include "cqp/rules/Statistics.h"
#include "cqp/render/RenderError.h"

#include "Files.h"

#include "cqp/outbox/Letters.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/stages/ParchmentSettings.h"
#include "cqp/repositories/Store.h"
#include "cqp/store/StoreError.h"
#include "cqp/workflow/Workflow.h"
#include "cqp/render/Report.h"

#include <Poco/Logger.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace cqp::pipeline {

namespace fs = std::filesystem;

namespace {

struct Entry {
    Candidature candidature;
    Candidate candidate;
    std::string company;
    std::optional<Evaluation> evaluation;
};

std::string nameOf(const Candidate& c)
{
    return c.prenoms + " " + (c.nomUsage.empty() ? c.nomNaissance : c.nomUsage);
}

// The candidatures placed in a jury and still waiting for it, by CQP then number.
std::vector<Entry> entriesOf(Store& store, const Jury& jury)
{
    std::vector<Entry> entries;
    for (const auto& registration : store.juries().registrationsIn(jury.id)) {
        auto candidature = store.candidatures().candidature(registration.candidatureId);
        if (!candidature || candidature->status != rules::CandidatureStatus::InscriptionJury)
            continue;
        Entry e{*candidature, *store.candidatures().candidate(candidature->candidateId), "", store.candidatures().evaluation(candidature->id)};
        if (candidature->etablissementId)
            if (const auto etab = store.accounts().etablissement(*candidature->etablissementId))
                if (const auto company = store.accounts().company(etab->companyId))
                    e.company = company->raisonSociale + " — " + etab->name + " (SIRET " + etab->siret + ")";
        entries.push_back(std::move(e));
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.candidature.certificateCode != b.candidature.certificateCode
                   ? a.candidature.certificateCode < b.candidature.certificateCode
                   : a.candidature.id < b.candidature.id;
    });
    return entries;
}

std::string footerOf(const Jury& jury)
{
    return "Jury paritaire national des CQP des Industries Chimiques du " + jury.date.french() + " — document confidentiel";
}

// The list: per CQP, one row per candidature with the evaluator's result per competence.
std::string juryList(const render::FontSet& fonts, const StageContext& context, const Jury& jury, const std::vector<Entry>& entries)
{
    const std::string date = jury.date.french();
    render::Report list{fonts, "Liste du jury du " + date, footerOf(jury)};
    list.heading("Jury paritaire national du " + date + " — liste des candidatures");
    list.paragraph(std::to_string(entries.size()) + " candidature(s), liste arrêtée le " + context.today.french() +
                   " (date limite d'inscription : " + rules::registrationCutoff(jury.date, context.deadlines).french() + ").");
    std::string currentCqp;
    std::vector<std::vector<std::string>> rows;
    auto flush = [&] {
        if (rows.size() > 1)
            list.table({15, 33, 40, 46, 36}, rows);
        rows.clear();
    };
    for (const auto& e : entries) {
        if (e.candidature.certificateCode != currentCqp) {
            flush();
            currentCqp = e.candidature.certificateCode;
            const auto* certificate = context.referential.certificate(currentCqp);
            list.subheading(currentCqp + " — " + (certificate ? certificate->title : std::string{}));
            rows.push_back({"Dossier", "Candidat", "Entreprise", "Compétences (résultat de l'évaluateur)", "Validée par le jury ?"});
        }
        // One line per competence, and beside it the boxes the jury ticks.
        std::string results;
        std::string decisions;
        if (e.evaluation)
            for (const auto& r : e.evaluation->results) {
                results += (results.empty() ? "" : "\n") + r.competenceCode + " : " + (r.acquired ? "acquis" : "non acquis");
                decisions += (decisions.empty() ? "" : "\n") + std::string{"☐ oui   ☐ non"};
            }
        rows.push_back({"n°" + std::to_string(e.candidature.id), nameOf(e.candidate), e.company, results, decisions});
    }
    flush();
    return list.finish();
}

// What the reading of a scan raised (a contradiction with the results, a doubtful box) and how
// the secretariat settled it: the jury sees it on the page itself.
std::string scanWarning(Store& store, Id documentId)
{
    std::string out;
    for (const auto& r : store.mail().reviewsOfDocument(documentId))
        out += (out.empty() ? "" : " ") + r.reason +
               (r.state == ReviewState::Open ? " Point non tranché par le secrétariat."
                                             : " Tranché par le secrétariat : " + r.resolution);
    return out;
}

// One candidature's section of the jury file: summary, results and comments, observations,
// then its scans of outils n°4 and n°6.
void fileSection(render::Report& file, Store& store, const rules::Referential& referential, const Entry& e)
{
    const auto* certificate = referential.certificate(e.candidature.certificateCode);
    file.heading("Candidature n°" + std::to_string(e.candidature.id) + " — " + nameOf(e.candidate));
    const auto evaluator = e.candidature.evaluatorId ? store.evaluators().evaluator(*e.candidature.evaluatorId) : std::nullopt;
    file.table({45, 125},
               {{"Rubrique", "Contenu"},
                {"CQP", certificate ? certificate->title : e.candidature.certificateCode},
                {"Candidat", nameOf(e.candidate) + (e.candidate.sexe == "F" ? ", née le " : ", né le ") +
                                 (e.candidate.dateNaissance ? e.candidate.dateNaissance->french() : "?")},
                {"Entreprise", e.company},
                {"Dispositif", rules::dispositifLabel(e.candidature.dispositif)},
                {"Parcours", e.candidature.parcours},
                {"Organisme de formation", e.candidature.organismeFormation},
                {"Évaluateur habilité", evaluator ? evaluator->prenom + " " + evaluator->nom + " (" + evaluator->registryNumber + ")" : ""},
                {"Évaluateur métier", e.candidature.metierName.empty() ? e.candidature.metierEmail
                                                                        : e.candidature.metierName + " (" + e.candidature.metierEmail + ")"},
                {"Évaluation", e.evaluation ? "le " + e.evaluation->evaluationDate.french() : "—"}});
    file.subheading("Résultats par compétence et commentaires de l'évaluateur habilité");
    std::vector<std::vector<std::string>> results{{"Compétence", "Résultat", "Commentaire"}};
    if (e.evaluation)
        for (const auto& r : e.evaluation->results) {
            const auto* comp = certificate ? certificate->competence(r.competenceCode) : nullptr;
            results.push_back({r.competenceCode + (comp ? "\n" + comp->title : ""), r.acquired ? "acquis" : "non acquis", r.comment});
        }
    file.table({60, 22, 88}, results);
    file.subheading("Observations de l'évaluateur métier");
    for (const auto& o : store.candidatures().metierObservations(e.candidature.id))
        file.paragraph(o.observations + " (" + (e.candidature.metierName.empty() ? o.author : e.candidature.metierName) +
                       ", reçues le " + o.receivedOn.french() + ")");
    file.subheading("Observations du candidat");
    file.paragraph(e.evaluation ? e.evaluation->candidateObservations : "—");
    for (const Id id : store.documents().candidatureDocuments(e.candidature.id, DocumentKind::Outil4))
        if (const auto doc = store.documents().document(id))
            file.appendScan("Outil n°4, guide d'évaluation des compétences (" + doc->fileName + ")", doc->mediaType, doc->content,
                            scanWarning(store, id));
    for (const Id id : store.documents().candidateDocuments(e.candidate.id, DocumentKind::Outil6))
        if (const auto doc = store.documents().document(id))
            file.appendScan("Outil n°6, dossier de candidature (" + doc->fileName + ")", doc->mediaType, doc->content,
                            scanWarning(store, id));
}

// The file: one section per candidature.
std::string juryFile(const render::FontSet& fonts, StageContext& context, const Jury& jury, const std::vector<Entry>& entries)
{
    render::Report file{fonts, "Dossiers du jury du " + jury.date.french(), footerOf(jury)};
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (i > 0)
            file.pageBreak();
        fileSection(file, context.store, context.referential, entries[i]);
    }
    if (entries.empty())
        file.paragraph("Aucune candidature n'est inscrite à ce jury.");
    return file.finish();
}

}  // namespace

StageReport JuryStage::run(StageContext& context)
{
    StageReport report{name()};
    const auto fonts = render::findFonts();
    if (!fonts)
        throw render::RenderError("no usable fonts (apt-get install fonts-dejavu-core)");
    Workflow workflow{context.store, context.referential, context.deadlines, context.today};
    for (const auto& jury : context.store.juries().calendar()) {
        if (jury.frozenOn || context.today <= rules::registrationCutoff(jury.date, context.deadlines))
            continue;
        ++report.processed;
        // One jury at a time: one that cannot be prepared (a scan that breaks the file, a folder
        // that cannot be written) is recorded, and the others are still frozen and sent.
        isolatedItem(context, report, name(), "jury " + std::to_string(jury.id), [&] {
            const auto entries = entriesOf(context.store, jury);
            prepare(context, workflow, jury, juryList(*fonts, context, jury, entries), juryFile(*fonts, context, jury, entries),
                    entries.size());
            report.accepted += static_cast<int>(entries.size());
        });
    }
    report.mailsQueued = workflow.queued();
    return report;
}

// The list and the file written to the jury folder, then — one transaction — the jury frozen,
// both kept in the store and mailed to the secretariat and the jury members.
void JuryStage::prepare(StageContext& context, Workflow& workflow, const Jury& jury, const std::string& listPdf,
                        const std::string& filePdf, std::size_t count)
{
    auto& store = context.store;
    const std::string date = jury.date.french();
    const std::string stem = "jury-" + std::to_string(jury.id) + "-" + jury.date.iso();
    detail::writeWholeFile(settings_.juryDir / (stem + "-liste.pdf"), listPdf);
    detail::writeWholeFile(settings_.juryDir / (stem + "-dossiers.pdf"), filePdf);
    store.transaction([&] {
        store.juries().freeze(jury.id, context.today);
        const Id listDoc = store.documents().store(listPdf, "application/pdf", stem + "-liste.pdf", context.today);
        const Id fileDoc = store.documents().store(filePdf, "application/pdf", stem + "-dossiers.pdf", context.today);
        // Confidential personal data: one mail per recipient, nobody sees the others' addresses.
        std::vector<std::string> recipients{settings_.secretariatEmail};
        for (const auto& member : store.juries().members())
            recipients.push_back(member.email);
        outbox::Letter letter{
            "Jury paritaire national du " + date + " : liste et dossiers (" + std::to_string(count) + " candidature(s))",
            "Bonjour,\n\nLa liste du jury paritaire national du " + date + " est arrêtée : " + std::to_string(count) +
                " candidature(s). Vous trouverez ci-joints la liste des candidatures par CQP et les dossiers (résultats, "
                "commentaires des évaluateurs, observations des candidats, outils n°4 et n°6).\n\nCes documents sont "
                "confidentiels.\n\nLe secrétariat des CQP des Industries Chimiques\n"};
        for (const auto& recipient : recipients)
            workflow.queue("jury_files", std::nullopt, recipient, letter, {listDoc, fileDoc});
    });
    Poco::Logger::get("cqp.jury").information("jury %?d of %s frozen: %z candidature(s)", jury.id, jury.date.iso(), count);
}

}  // namespace cqp::pipeline
