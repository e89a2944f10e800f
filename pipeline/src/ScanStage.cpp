#include "cqp/pipeline/ScanStage.h"

#include "cqp/ingest/ScanReader.h"
#include "cqp/pipeline/CandidatureRepository.h"
#include "cqp/pipeline/DocumentRepository.h"
#include "cqp/pipeline/MailRepository.h"
#include "cqp/pipeline/Store.h"
#include "cqp/pipeline/Workflow.h"
#include "cqp/outbox/Letters.h"

#include <cctype>

#include <Poco/Logger.h>

#include <map>

namespace cqp::pipeline {

namespace {

using ingest::BoxState;

struct Outil4Rows {
    std::map<int, bool> acquired;  // competence index → acquis
    std::vector<std::string> doubts;
    bool evaluatorSigned = false;
    std::optional<rules::Date> date;  // read on the last page
    std::string dateText;
    std::optional<Id> crop;           // the first doubtful part of the paper, for the secretariat
};

// "12/01/2027" (Tesseract's reading of the date box) → the date, when it exists.
std::optional<rules::Date> frenchDate(const std::string& text)
{
    std::string digits;
    for (char c : text)
        if (c >= '0' && c <= '9')
            digits += c;
    if (digits.size() != 8)
        return std::nullopt;
    return rules::Date::parseIso(digits.substr(4, 4) + "-" + digits.substr(2, 2) + "-" + digits.substr(0, 2));
}

}  // namespace

StageReport ScanStage::run(StageContext& context)
{
    auto& log = Poco::Logger::get("cqp.scan");
    StageReport report{name()};
    auto& store = context.store;
    Workflow workflow{store, context.referential, context.deadlines, context.today};
    for (const auto& queued : store.mail().pendingScans()) {
        ++report.processed;
        const auto document = store.documents().document(queued.documentId);
        store.transaction([&] {
            auto review = [&](std::optional<Id> candidature, int page, const std::string& reason, std::optional<Id> crop = std::nullopt) {
                store.mail().addReview({0, candidature, queued.documentId, page, reason, "open", "", context.today, crop});
                ++report.quarantined;
            };
            // Keeps the part of the page the secretariat must look at, as a PNG document.
            auto keepCrop = [&](const ingest::GrayImage& image, const ingest::PageMap& map, const rules::FormRect& rect,
                                const std::string& name) -> std::optional<Id> {
                const auto crop = ingest::cropForm(image, map, rect);
                if (crop.width == 0)
                    return std::nullopt;
                return store.documents().store(ingest::encodePng(crop), "image/png", name, context.today);
            };
            const auto load = ingest::loadScan(document->content, document->mediaType);
            if (!load.problem.empty()) {
                review(std::nullopt, 0, "Scan illisible : " + load.problem);
                store.mail().finishScan(queued.id, "unreadable");
                return;
            }
            // Every scan also becomes a searchable PDF, kept with the dossier it goes to.
            const std::string searchable = ingest::searchablePdf(load.pages, document->fileName);
            std::optional<Id> searchableId;
            if (!searchable.empty())
                searchableId = store.documents().store(searchable, "application/pdf", document->fileName + ".ocr.pdf", context.today);
            auto fileSearchable = [&](std::optional<Id> candidature, std::optional<Id> candidate) {
                if (!searchableId)
                    return;
                if (candidature)
                    store.documents().attachToCandidature(*candidature, *searchableId, DocumentKind::Autre, context.today);
                else if (candidate)
                    store.documents().attachToCandidate(*candidate, *searchableId, DocumentKind::Autre, context.today);
            };
            std::map<Id, Outil4Rows> outil4;
            std::map<Id, bool> outil6;
            int unidentified = 0;
            std::vector<int> withoutCode;
            for (std::size_t i = 0; i < load.pages.size(); ++i) {
                const int pageNumber = static_cast<int>(i) + 1;
                const auto reading = ingest::readFormPage(load.pages[i]);
                const auto candidature = reading.identified ? store.candidatures().candidature(reading.code.candidature) : std::nullopt;
                if (!reading.identified) {
                    withoutCode.push_back(static_cast<int>(i));
                    continue;
                }
                if (!reading.aligned || !candidature) {
                    ++unidentified;
                    review(std::nullopt, pageNumber,
                           "Page " + std::to_string(pageNumber) + " : " +
                               (reading.problems.empty() ? "formulaire d'une candidature inconnue." : reading.problems.front()));
                    continue;
                }
                if (reading.code.outil == 6) {
                    outil6[candidature->id] = outil6[candidature->id] || reading.candidateSigned;
                    continue;
                }
                auto& rows = outil4[candidature->id];
                for (std::size_t r = 0; r < reading.acquis.size(); ++r) {
                    const int index = reading.code.firstRow + static_cast<int>(r);
                    const auto a = reading.acquis[r].state, n = reading.nonAcquis[r].state;
                    const bool yes = a == BoxState::Checked && (n == BoxState::Empty || n == BoxState::Filled);
                    const bool no = n == BoxState::Checked && (a == BoxState::Empty || a == BoxState::Filled);
                    if (yes != no) {
                        rows.acquired[index] = yes;
                        continue;
                    }
                    if (!rows.crop) {
                        const auto text = rules::formLayout::competenceText(static_cast<int>(r));
                        rows.crop = keepCrop(load.pages[i], reading.map, {text.x - 2, text.y - 1, 100, text.height + 2},
                                             "extrait-candidature-" + std::to_string(candidature->id) + "-competence-" +
                                                 std::to_string(index + 1) + ".png");
                    }
                    rows.doubts.push_back("compétence n°" + std::to_string(index + 1) + " (page " + std::to_string(pageNumber) +
                                              ") : " + (a == BoxState::Ambiguous || n == BoxState::Ambiguous ? "case douteuse"
                                                        : yes && no                                            ? "deux cases cochées"
                                                                                                               : "aucune case cochée"));
                }
                if (reading.code.page == reading.code.pages) {
                    rows.evaluatorSigned = reading.evaluatorSigned;
                    if ((!reading.evaluatorSigned || reading.dateText.empty()) && !rows.crop) {
                        const auto signature = rules::formLayout::evaluatorSignature();
                        const auto date = rules::formLayout::evaluationDate();
                        rows.crop = keepCrop(load.pages[i], reading.map,
                                             {date.x - 2, signature.y - 4, signature.x + signature.width - date.x + 4,
                                              date.y + date.height - signature.y + 6},
                                             "extrait-candidature-" + std::to_string(candidature->id) + "-signature.png");
                    }
                    rows.dateText = reading.dateText;
                    rows.date = frenchDate(reading.dateText);
                }
            }
            // Pages without a form code (the branch's blank forms, diplomas…): what the text says,
            // and whose dossier it is by the candidate's name and birth date written on it.
            if (!withoutCode.empty()) {
                const auto text = ingest::readPageText(load.pages[static_cast<std::size_t>(withoutCode.front())]);
                std::string upper;
                for (char ch : text.text)
                    upper += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
                std::optional<Candidate> match;
                int matches = 0;
                for (const auto& candidate : store.candidatures().candidatesNamed(upper))
                    if (candidate.dateNaissance && text.text.find(candidate.dateNaissance->french()) != std::string::npos) {
                        match = candidate;
                        ++matches;
                    }
                const char* kindName = text.kind == ingest::PageKind::Outil4   ? "outil n°4"
                                       : text.kind == ingest::PageKind::Outil6 ? "outil n°6"
                                       : text.kind == ingest::PageKind::Diploma ? "diplôme"
                                                                                : "document non reconnu";
                if (matches == 1 && text.kind != ingest::PageKind::Unknown) {
                    const DocumentKind kind = text.kind == ingest::PageKind::Outil4   ? DocumentKind::Outil4
                                              : text.kind == ingest::PageKind::Outil6 ? DocumentKind::Outil6
                                                                                      : DocumentKind::Diplome;
                    store.documents().attachToCandidate(match->id, queued.documentId, kind, context.today);
                    fileSearchable(std::nullopt, match->id);
                    if (kind != DocumentKind::Diplome)
                        review(std::nullopt, 0, std::string{"Scan sans code (« "} + kindName + " ») rattaché au candidat n°" +
                                                    std::to_string(match->id) + " d'après son nom et sa date de naissance : à vérifier.");
                    ++report.accepted;
                } else {
                    review(std::nullopt, 0, std::string{"Scan sans code de formulaire (« "} + kindName + " ») : " +
                                                (matches > 1 ? "plusieurs candidats possibles." : "aucun candidat reconnu dans le texte."));
                    if (!queued.sender.empty())
                        workflow.queue("scan_unmatched", std::nullopt, queued.sender,
                                       outbox::Letter{"Document scanné non rattaché : " + document->fileName,
                                                      "Bonjour,\n\nLe document « " + document->fileName +
                                                          " » ne porte pas de code de formulaire et nous n'avons pas pu le "
                                                          "rattacher à un dossier. Il est conservé par le secrétariat. Pour un "
                                                          "rattachement automatique, envoyez-le avec le document XML du dossier "
                                                          "qu'il concerne, ou utilisez les formulaires pré-remplis (code en haut "
                                                          "à droite).\n\nLe secrétariat des CQP des Industries Chimiques\n"});
                }
                unidentified += static_cast<int>(withoutCode.size());
            }
            for (const auto& [candidatureId, signedByCandidate] : outil6) {
                const auto c = *store.candidatures().candidature(candidatureId);
                store.documents().attachToCandidate(c.candidateId, queued.documentId, DocumentKind::Outil6, context.today);
                fileSearchable(std::nullopt, c.candidateId);
                if (!signedByCandidate)
                    review(candidatureId, 0, "Dossier de candidature (outil n°6) scanné sans signature du candidat.");
                workflow.advance(candidatureId, "scan");
            }
            for (const auto& [candidatureId, rows] : outil4) {
                auto c = *store.candidatures().candidature(candidatureId);
                store.documents().attachToCandidature(candidatureId, queued.documentId, DocumentKind::Outil4, context.today);
                fileSearchable(candidatureId, std::nullopt);
                std::vector<std::string> problems = rows.doubts;
                if (!rows.evaluatorSigned)
                    problems.push_back("l'outil n°4 n'est pas signé par l'évaluateur habilité");
                if (rows.acquired.size() + rows.doubts.size() < c.competences.size())
                    problems.push_back("des pages de l'outil n°4 manquent");
                if (!rows.date)
                    problems.push_back(rows.dateText.empty() ? "la date de l'évaluation n'est pas remplie"
                                                             : "la date de l'évaluation est illisible (« " + rows.dateText + " »)");
                const auto evaluation = store.candidatures().evaluation(candidatureId);
                if (evaluation) {
                    // The XML results came first: the paper must say the same.
                    for (const auto& [index, acquired] : rows.acquired) {
                        if (index >= static_cast<int>(c.competences.size()))
                            continue;
                        const auto& code = c.competences[static_cast<std::size_t>(index)];
                        for (const auto& r : evaluation->results)
                            if (r.competenceCode == code && r.acquired != acquired)
                                problems.push_back("compétence " + code + " : « " + (acquired ? "acquis" : "non acquis") +
                                                   " » sur l'outil n°4, « " + (r.acquired ? "acquis" : "non acquis") +
                                                   " » dans les résultats envoyés");
                    }
                }
                if (!problems.empty()) {
                    std::string reason = "Outil n°4 de la candidature n°" + std::to_string(candidatureId) + " à vérifier : ";
                    for (std::size_t i = 0; i < problems.size(); ++i)
                        reason += (i ? " ; " : "") + problems[i];
                    review(candidatureId, 0, reason + ".", rows.crop);
                } else if (!evaluation && c.status == rules::CandidatureStatus::EnAttenteEvaluation) {
                    // Read with certainty and nothing to contradict it: the results of the paper form.
                    Evaluation e{candidatureId, *rows.date, context.today, "", queued.documentId, {}};
                    for (const auto& [index, acquired] : rows.acquired)
                        if (index < static_cast<int>(c.competences.size()))
                            e.results.push_back({c.competences[static_cast<std::size_t>(index)], acquired, ""});
                    store.candidatures().saveEvaluation(e);
                    ++report.accepted;
                } else {
                    ++report.accepted;
                }
                workflow.advance(candidatureId, "scan");
            }
            store.mail().finishScan(queued.id, unidentified == static_cast<int>(load.pages.size()) ? "unidentified" : "filed");
        });
        log.information("scan %?d (%s): done", queued.id, document->fileName);
    }
    report.mailsQueued = workflow.queued();
    return report;
}

}  // namespace cqp::pipeline
