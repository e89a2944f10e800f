#include "FormScanIntake.h"

#include "cqp/ingest/FormReader.h"
#include "cqp/ingest/FormScan.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/workflow/Errors.h"
#include "cqp/workflow/FormDocuments.h"
#include "cqp/workflow/SubmissionProcessor.h"
#include "cqp/workflow/Workflow.h"

#include <Poco/Logger.h>

namespace cqp::pipeline::detail {

namespace fillable = rules::fillable;

namespace {

// The label a field is printed with, for the secretariat.
std::string labelOf(fillable::FormKind kind, const std::string& name)
{
    for (const auto& spec : fillable::fields(kind))
        if (spec.name == name)
            return std::string{spec.label};
    return name;
}

// The values of the form's pages: from the text of a form printed to PDF, else by OCR; what OCR
// doubts listed in `doubts` (with the crop of the first doubtful box in `crop`).
std::map<std::string, std::string> readValues(Store& store, rules::Date today, const Document& document, const ingest::ScanLoad& load,
                                              const std::vector<std::pair<std::size_t, fillable::FillableCode>>& pages,
                                              const std::vector<ingest::FormFieldBox>& boxes, std::vector<std::string>& doubts,
                                              std::optional<Id>& crop)
{
    const auto& code = pages.front().second;
    std::map<std::string, std::string> raw{{std::string{fillable::kindField}, std::string{fillable::kindName(code.kind)}},
                                           {std::string{fillable::versionField}, std::string{fillable::version}},
                                           {std::string{fillable::dossierField}, std::to_string(code.dossier)},
                                           {std::string{fillable::tokenField}, code.token}};
    // "Printed to PDF": the values are the PDF's own text, where the form's boxes are.
    if (document.mediaType == "application/pdf")
        if (const auto printed = ingest::flattenedFieldTexts(document.content, boxes, code.kind)) {
            raw.insert(printed->begin(), printed->end());
            return raw;
        }
    for (const auto& [index, pageCode] : pages) {
        if (pageCode.kind != code.kind || pageCode.dossier != code.dossier || pageCode.token != code.token) {
            doubts.push_back("la page " + std::to_string(index + 1) + " est celle d'un autre formulaire");
            continue;
        }
        const auto reading = ingest::readFillablePage(load.pages[index], boxes);
        for (const auto& problem : reading.problems)
            doubts.push_back("page " + std::to_string(index + 1) + " : " + problem);
        for (const auto& [name, field] : reading.fields) {
            raw[name] = field.text;
            if (!field.doubtful)
                continue;
            doubts.push_back(labelOf(code.kind, name) + " : « " + field.text + " » (confiance " + std::to_string(field.confidence) + ")");
            for (const auto& box : boxes)
                if (!crop && box.name == name)
                    crop = store.documents().store(ingest::encodePng(ingest::cropForm(load.pages[index], reading.map, box.rect)),
                                                   "image/png", "champ-" + name + ".png", today);
        }
    }
    return raw;
}

}  // namespace

void applyFormScan(Workflow& workflow, const MailRepository::QueuedScan& queued, const Document& document, const ingest::ScanLoad& load,
                   const std::vector<std::pair<std::size_t, fillable::FillableCode>>& pages, ScanCounts& counts,
                   std::vector<std::string>& notices)
{
    auto& store = workflow.store();
    const auto today = workflow.today();
    const auto& code = pages.front().second;  // the form of the first page; a page of another form is said below
    const std::string form{fillable::kindName(code.kind)};
    auto review = [&](std::optional<Id> crop, const std::string& reason) {
        store.mail().addReview({0, std::nullopt, queued.documentId, static_cast<int>(pages.front().first) + 1, reason,
                                ReviewState::Open, "", today, crop});
        ++counts.quarantined;
        notices.push_back("en attente du secrétariat — " + reason);
    };
    std::string pdf;
    try {
        pdf = fillable::isBlank(code.kind) ? blankForm(code.kind)
                                           : renderFillable(store, workflow.referential(), form, code.dossier, code.token, today,
                                                            workflow.deadlines());
    } catch (const NotFoundError&) {
        review(std::nullopt, "formulaire « " + form + " » imprimé et scanné, dont le jeton est inconnu : à examiner.");
        return;
    }
    std::vector<std::string> doubts;
    std::optional<Id> crop;
    auto raw = readValues(store, today, document, load, pages, ingest::formFieldBoxes(pdf), doubts, crop);
    if (!doubts.empty()) {
        std::string reason = "formulaire « " + form + " » imprimé et scanné (dossier n°" + std::to_string(code.dossier) +
                             ") : à vérifier avant de l'appliquer — ";
        for (std::size_t i = 0; i < doubts.size(); ++i)
            reason += (i ? " ; " : "") + doubts[i];
        review(crop, reason + ".");
        return;
    }
    auto read = ingest::readFormValues(std::move(raw));
    if (read.submission)
        read.submission->setChannel("formulaire scanné");
    ReceivedDocument received{document.content, queued.fileName.empty() ? document.fileName : queued.fileName, queued.sender, {}, true,
                              false, std::nullopt, document.mediaType};
    SubmissionProcessor processor{store, workflow.referential(), workflow.deadlines(), today};
    const auto outcome = processor.processForm(received, read);
    Poco::Logger::get("cqp.scan").information("%s: scanned form %s read, %s", received.fileName, form,
                                              std::string{outcome.status == SubmissionOutcome::Status::Accepted ? "applied" : "not applied"});
    switch (outcome.status) {
    case SubmissionOutcome::Status::Accepted:
        ++counts.accepted;
        notices.push_back("formulaire « " + form + " » lu et appliqué");
        break;
    case SubmissionOutcome::Status::AlreadyReceived:
        ++counts.accepted;
        notices.push_back("formulaire « " + form + " » déjà reçu : rien n'a été refait");
        break;
    case SubmissionOutcome::Status::Rejected:
        ++counts.rejected;
        notices.push_back("formulaire « " + form + " » refusé (la réponse dit pourquoi)");
        break;
    }
}

}  // namespace cqp::pipeline::detail
