#include "cqp/pipeline/ScanStage.h"

#include "cqp/ingest/ScanReader.h"
#include "cqp/pipeline/AccountRepository.h"
#include "cqp/pipeline/CandidatureRepository.h"
#include "cqp/pipeline/EvaluatorRepository.h"
#include "cqp/pipeline/FormDocuments.h"
#include "cqp/pipeline/DocumentRepository.h"
#include "cqp/pipeline/MailRepository.h"
#include "cqp/pipeline/Store.h"
#include "cqp/pipeline/Workflow.h"
#include "cqp/outbox/Letters.h"

#include <cctype>

#include <Poco/Environment.h>
#include <Poco/Logger.h>
#include <Poco/Process.h>
#include <Poco/String.h>

#include <algorithm>
#include <map>
#include <set>

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

struct Outil6Paper {
    bool companySigned = false;
    bool candidateSigned = false;
    std::vector<std::string> differences;  // printed fields that no longer say what the dossier says
    std::optional<Id> crop;
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

// For comparing what paper says with what the store holds: upper case, accents and punctuation
// dropped, spaces collapsed ("Saint-Étienne" and "SAINT ETIENNE" are the same words).
std::string folded(const std::string& utf8)
{
    std::string out;
    auto put = [&](char c) {
        if (c == ' ' && (out.empty() || out.back() == ' '))
            return;
        out += c;
    };
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c < 0x80) {
            put(std::isalnum(c) ? static_cast<char>(std::toupper(c)) : ' ');
        } else if (c == 0xC3 && i + 1 < utf8.size()) {
            // Latin-1 letters: À-ÿ, lower and upper case alike.
            static constexpr const char* base = "AAAAAAACEEEEIIII" "DNOOOOO OUUUUY  " "AAAAAAACEEEEIIII" "DNOOOOO OUUUUY Y";
            const auto n = static_cast<unsigned char>(utf8[++i]);
            if (n >= 0x80 && n <= 0xBF) {
                const char letter = base[n - 0x80];
                put(letter);
                if (n == 0x86 || n == 0xA6)  // Æ æ
                    put('E');
            }
        } else if (c == 0xC5 && i + 1 < utf8.size() && (utf8[i + 1] == '\x92' || utf8[i + 1] == '\x93')) {
            put('O');
            put('E');
            ++i;
        } else {
            put(' ');  // other characters (dashes, quotes…) separate words
            while (i + 1 < utf8.size() && (static_cast<unsigned char>(utf8[i + 1]) & 0xC0) == 0x80)
                ++i;
        }
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

// The dates written dd/mm/yyyy (or with dots or dashes) in a page's text.
std::vector<rules::Date> datesIn(const std::string& text)
{
    std::vector<rules::Date> dates;
    for (std::size_t i = 0; i + 10 <= text.size(); ++i) {
        const auto digit = [&](std::size_t k) { return std::isdigit(static_cast<unsigned char>(text[i + k])) != 0; };
        const auto separator = [&](std::size_t k) { return text[i + k] == '/' || text[i + k] == '.' || text[i + k] == '-'; };
        if (digit(0) && digit(1) && separator(2) && digit(3) && digit(4) && separator(5) && digit(6) && digit(7) && digit(8) &&
            digit(9) && (i == 0 || !std::isdigit(static_cast<unsigned char>(text[i - 1]))))
            if (auto date = frenchDate(text.substr(i, 10));
                date && std::find(dates.begin(), dates.end(), *date) == dates.end())
                dates.push_back(*date);
    }
    return dates;
}

// May `sender` hand in paper for this candidature: the company that owns it, its évaluateur
// habilité, the secretariat? A scan given to `cqp ingest` has no sender: the secretariat's own.
bool mayFile(Store& store, const std::string& sender, const Candidature& candidature)
{
    if (sender.empty())
        return true;
    const auto candidate = store.candidatures().candidate(candidature.candidateId);
    for (const auto& account : store.accounts().accountsByAddress(sender)) {
        if (account.status != AccountStatus::Active)
            continue;
        if (account.role == AccountRole::Secretariat || (account.role == AccountRole::Entreprise && candidate && account.id == candidate->accountId) ||
            (account.role == AccountRole::Evaluateur && account.evaluatorId && account.evaluatorId == candidature.evaluatorId))
            return true;
    }
    if (candidature.evaluatorId)
        if (const auto evaluator = store.evaluators().evaluator(*candidature.evaluatorId))
            return Poco::icompare(evaluator->email, sender) == 0;
    return false;
}

// The same for a candidate's dossier: any of its candidatures will do.
bool mayFileForCandidate(Store& store, const std::string& sender, Id candidateId)
{
    if (sender.empty())
        return true;
    for (const Id id : store.candidatures().candidaturesOfCandidate(candidateId))
        if (const auto c = store.candidatures().candidature(id); c && mayFile(store, sender, *c))
            return true;
    // A dossier without candidature yet: its company.
    const auto candidate = store.candidatures().candidate(candidateId);
    for (const auto& account : store.accounts().accountsByAddress(sender))
        if (account.status == AccountStatus::Active && candidate && account.id == candidate->accountId)
            return true;
    return false;
}

}  // namespace

std::string ScanStage::defaultWorker(const std::string& role)
{
    return role + ":" + Poco::Environment::nodeName() + ":" + std::to_string(Poco::Process::id());
}

StageReport ScanStage::run(StageContext& context)
{
    auto& log = Poco::Logger::get("cqp.scan");
    StageReport report{name()};
    auto& store = context.store;
    Workflow workflow{store, context.referential, context.deadlines, context.today};
    context.begin(name(), static_cast<std::size_t>(store.mail().countScansPending()));
    while (!context.stopping()) {
        const auto claimed = store.mail().claimScan(worker_, utcTimestamp(), utcTimestamp(leaseSeconds_), takeOver_);
        if (!claimed)
            break;
        const auto& queued = *claimed;
        ++report.processed;
        context.step();
        const auto document = store.documents().document(queued.documentId);
        store.transaction([&] {
            if (!store.mail().holdsScan(queued.id, worker_))
                return;  // the lease ran out and another worker has it
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
                // Kept all the same, in the dossier its message named when there is one.
                if (queued.candidatureId)
                    store.documents().attachToCandidature(*queued.candidatureId, queued.documentId, DocumentKind::Autre, context.today);
                else if (queued.candidateId)
                    store.documents().attachToCandidate(*queued.candidateId, queued.documentId, DocumentKind::Autre, context.today);
                review(queued.candidatureId, 0, "Scan illisible : " + load.problem);
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
            std::map<Id, Outil6Paper> outil6;
            std::set<Id> refused;
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
                if (!mayFile(store, queued.sender, *candidature)) {
                    // A code names a candidature; only its company, its evaluator or the
                    // secretariat may hand in its paper.
                    ++unidentified;
                    refused.insert(candidature->id);
                    review(candidature->id, pageNumber,
                           "Page " + std::to_string(pageNumber) + " : formulaire de la candidature n°" +
                               std::to_string(candidature->id) + " envoyé par " + queued.sender +
                               ", qui n'est ni l'entreprise ni l'évaluateur habilité de cette candidature ; non pris en compte.");
                    continue;
                }
                if (reading.code.outil == 6) {
                    auto& paper = outil6[candidature->id];
                    paper.companySigned = paper.companySigned || reading.evaluatorSigned;
                    paper.candidateSigned = paper.candidateSigned || reading.candidateSigned;
                    const auto expected = render::outil6Fields(outil6Data(store, context.referential, candidature->id));
                    for (std::size_t f = 0; f < expected.size() && f < reading.fields.size(); ++f) {
                        if (folded(reading.fields[f]) == folded(expected[f].second))
                            continue;
                        auto quoted = [](const std::string& v) { return v.empty() ? std::string{"vide"} : "« " + v + " »"; };
                        paper.differences.push_back("« " + expected[f].first + " » : " + quoted(reading.fields[f]) +
                                                    " sur le papier, " + quoted(expected[f].second) + " dans le dossier");
                        if (!paper.crop) {
                            const auto field = rules::formLayout::outil6Field(static_cast<int>(f));
                            paper.crop = keepCrop(load.pages[i], reading.map, {18, field.y - 1.5, field.x + field.width - 16, field.height + 3},
                                                  "extrait-candidature-" + std::to_string(candidature->id) + "-outil6-champ-" +
                                                      std::to_string(f + 1) + ".png");
                        }
                    }
                    if ((!reading.evaluatorSigned || !reading.candidateSigned) && !paper.crop) {
                        const auto company = rules::formLayout::evaluatorSignature();
                        const auto candidate = rules::formLayout::candidateSignature();
                        paper.crop = keepCrop(load.pages[i], reading.map,
                                              {company.x - 2, company.y - 5, candidate.x + candidate.width - company.x + 4, company.height + 7},
                                              "extrait-candidature-" + std::to_string(candidature->id) + "-signatures.png");
                    }
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
                const char* kindName = text.kind == ingest::PageKind::Outil4   ? "outil n°4"
                                       : text.kind == ingest::PageKind::Outil6 ? "outil n°6"
                                       : text.kind == ingest::PageKind::Diploma ? "diplôme"
                                                                                : "document non reconnu";
                const DocumentKind kind = text.kind == ingest::PageKind::Outil4   ? DocumentKind::Outil4
                                          : text.kind == ingest::PageKind::Outil6 ? DocumentKind::Outil6
                                          : text.kind == ingest::PageKind::Diploma ? DocumentKind::Diplome
                                                                                  : DocumentKind::Autre;
                if (queued.candidatureId || queued.candidateId) {
                    // The signed XML of the same message named the dossier: filed there, by kind
                    // (an outil n°4 with the candidature, the rest with the candidate).
                    const Id candidateId = queued.candidateId ? *queued.candidateId
                                                              : store.candidatures().candidature(*queued.candidatureId)->candidateId;
                    if (queued.candidatureId && (kind == DocumentKind::Outil4 || kind == DocumentKind::Autre)) {
                        store.documents().attachToCandidature(*queued.candidatureId, queued.documentId, kind, context.today);
                        fileSearchable(queued.candidatureId, std::nullopt);
                    } else {
                        store.documents().attachToCandidate(candidateId, queued.documentId,
                                                            kind == DocumentKind::Outil4 ? DocumentKind::Autre : kind, context.today);
                        fileSearchable(std::nullopt, candidateId);
                    }
                    ++report.accepted;
                } else {
                    // Whose dossier, by the name and birth date written on it: the dates select the
                    // candidates (an index), the name settles it; only among dossiers the sender may touch.
                    const std::string words = " " + folded(text.text) + " ";
                    std::optional<Candidate> match;
                    int matches = 0;
                    for (const auto& candidate : store.candidatures().candidatesBornOn(datesIn(text.text))) {
                        const auto named = [&](const std::string& name) {
                            return !folded(name).empty() && words.find(" " + folded(name) + " ") != std::string::npos;
                        };
                        if ((named(candidate.nomNaissance) || named(candidate.nomUsage)) &&
                            mayFileForCandidate(store, queued.sender, candidate.id)) {
                            match = candidate;
                            ++matches;
                        }
                    }
                    if (matches == 1 && kind != DocumentKind::Autre) {
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
                }
                unidentified += static_cast<int>(withoutCode.size());
            }
            for (const auto& [candidatureId, paper] : outil6) {
                const auto c = *store.candidatures().candidature(candidatureId);
                store.documents().attachToCandidate(c.candidateId, queued.documentId, DocumentKind::Outil6, context.today);
                fileSearchable(std::nullopt, c.candidateId);
                std::vector<std::string> problems = paper.differences;
                if (!paper.companySigned)
                    problems.push_back("il n'est pas signé par l'entreprise");
                if (!paper.candidateSigned)
                    problems.push_back("il n'est pas signé par le candidat");
                if (!problems.empty()) {
                    std::string reason = "Dossier de candidature (outil n°6) de la candidature n°" + std::to_string(candidatureId) +
                                         " à vérifier : ";
                    for (std::size_t p = 0; p < problems.size(); ++p)
                        reason += (p ? " ; " : "") + problems[p];
                    review(candidatureId, 0, reason + ".", paper.crop);
                } else {
                    ++report.accepted;
                }
                workflow.advance(candidatureId, "scan");
            }
            if (!refused.empty()) {
                ++report.rejected;
                std::string which;
                for (const Id id : refused)
                    which += (which.empty() ? "n°" : ", n°") + std::to_string(id);
                workflow.queue("scan_refused", std::nullopt, queued.sender,
                               outbox::Letter{"Document scanné non pris en compte : " + document->fileName,
                                              "Bonjour,\n\nLe document « " + document->fileName + " » contient des formulaires de la "
                                              "candidature " + which + ", qui ne relève pas de votre adresse : seuls l'entreprise de "
                                              "la candidature et son évaluateur habilité peuvent les envoyer. Ces pages n'ont pas été "
                                              "prises en compte ; le document est conservé et le secrétariat en est informé.\n\n"
                                              "Le secrétariat des CQP des Industries Chimiques\n"});
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
