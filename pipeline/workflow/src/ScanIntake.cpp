#include "cqp/workflow/ScanIntake.h"

#include "FormScanIntake.h"
#include "ScanArchive.h"

#include "cqp/ingest/ScanReader.h"
#include "cqp/outbox/Letters.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/rules/Dossiers.h"
#include "cqp/rules/FrenchText.h"
#include "cqp/rules/PaperText.h"
#include "cqp/workflow/FormDocuments.h"
#include "cqp/workflow/Workflow.h"

#include <Poco/String.h>

#include <algorithm>
#include <cctype>
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



// The facts rules::mayFilePaper decides on: the accounts the sender holds, who holds the dossier.
std::vector<rules::SenderAccount> senderAccounts(Store& store, const std::string& sender)
{
    std::vector<rules::SenderAccount> out;
    if (!sender.empty())
        for (const auto& account : store.accounts().accountsByAddress(sender))
            out.push_back({account.id, account.role, account.status, account.evaluatorId});
    return out;
}

rules::DossierHolders holders(Store& store, const Candidature& candidature)
{
    rules::DossierHolders out;
    if (const auto candidate = store.candidatures().candidate(candidature.candidateId))
        out.companyAccountId = candidate->accountId;
    out.evaluatorId = candidature.evaluatorId;
    if (candidature.evaluatorId)
        if (const auto evaluator = store.evaluators().evaluator(*candidature.evaluatorId))
            out.evaluatorAddress = evaluator->email;
    return out;
}

// May `sender` hand in paper for this candidature (a scan given to `cqp ingest` has no sender:
// the secretariat's own)?
bool mayFile(Store& store, const std::string& sender, const Candidature& candidature)
{
    return rules::mayFilePaper(sender, senderAccounts(store, sender), holders(store, candidature));
}

// The same for a candidate's dossier: any of its candidatures will do, or — a dossier without
// candidature yet — its company.
bool mayFileForCandidate(Store& store, const std::string& sender, Id candidateId)
{
    if (sender.empty())
        return true;
    const auto accounts = senderAccounts(store, sender);
    for (const Id id : store.candidatures().candidaturesOfCandidate(candidateId))
        if (const auto c = store.candidatures().candidature(id); c && rules::mayFilePaper(sender, accounts, holders(store, *c)))
            return true;
    rules::DossierHolders company;
    if (const auto candidate = store.candidatures().candidate(candidateId))
        company.companyAccountId = candidate->accountId;
    return rules::mayFilePaper(sender, accounts, company);
}

// One queued scan read and filed, inside its transaction: every page identified by its code
// and read, the pages without a code classified, then each form applied to its candidature.
class ScanJob {
public:
    ScanJob(Workflow& workflow, ScanCounts& counts, const MailRepository::QueuedScan& queued, const Document& document)
        : store_{workflow.store()}, workflow_{workflow}, today_{workflow.today()}, counts_{counts}, queued_{queued}, document_{document}
    {
    }

    void run()
    {
        namedDossier();
        load_ = ingest::loadScan(document_.content, document_.mediaType);
        if (!load_.problem.empty()) {
            // Kept all the same, in the dossier its message named when there is one.
            if (namedCandidature_)
                store_.documents().attachToCandidature(*namedCandidature_, queued_.documentId, DocumentKind::Autre, today_);
            else if (namedCandidate_)
                store_.documents().attachToCandidate(*namedCandidate_, queued_.documentId, DocumentKind::Autre, today_);
            store_.mail().addReview(
                {0, namedCandidature_, queued_.documentId, 0, "Scan illisible : " + load_.problem, ReviewState::Open, "", today_, {}});
            ++counts_.quarantined;
            std::string problem = load_.problem;
            while (!problem.empty() && problem.back() == '.')
                problem.pop_back();
            notice("illisible : " + problem + ". Envoyez-le à nouveau en PDF non protégé par un mot de passe, ou "
                   "en image PNG, JPEG ou TIFF de 200 à 300 dpi ; il n'a pas été pris en compte");
            finish("unreadable");
            return;
        }
        // Every scan also becomes a searchable PDF, kept with the dossier it goes to.
        const std::string searchable = detail::readAndArchive(load_.pages, sources_, document_.fileName,
                                                              !queued_.filedBySubmission, [&](std::size_t i) { readPage(i); });
        if (!searchable.empty())
            searchableId_ = store_.documents().store(searchable, "application/pdf", document_.fileName + ".ocr.pdf", today_);
        if (!withoutCode_.empty() && !queued_.filedBySubmission)
            fileWithoutCode();
        if (!fillable_.empty())
            detail::applyFormScan(workflow_, queued_, document_, load_, fillable_, counts_, notices_);
        for (const auto& [candidatureId, paper] : outil6_)
            applyOutil6(candidatureId, paper);
        if (!refused_.empty())
            tellRefused();
        for (const auto& [candidatureId, rows] : outil4_)
            applyOutil4(candidatureId, rows);
        finish(unidentified_ == static_cast<int>(load_.pages.size()) ? "unidentified" : "filed");
        // Read: the dossiers it held may move on.
        for (const Id candidatureId : readFor_)
            workflow_.advance(candidatureId, "scan");
    }

private:
    Store& store_;
    Workflow& workflow_;
    rules::Date today_;
    ScanCounts& counts_;
    const MailRepository::QueuedScan& queued_;
    const Document& document_;
    ingest::ScanLoad load_;
    std::optional<Id> searchableId_;
    std::vector<detail::ArchiveSource> sources_;  // per page: its form and reading, or its OCR
    std::map<std::pair<Id, int>, std::vector<render::FormTextRun>> formText_;  // candidature, outil
    std::map<Id, Outil4Rows> outil4_;
    std::set<Id> readFor_;  // candidatures this scan's forms were applied to
    std::map<Id, Outil6Paper> outil6_;
    std::set<Id> refused_;
    int unidentified_ = 0;
    std::vector<std::size_t> withoutCode_;
    std::vector<std::pair<std::size_t, rules::fillable::FillableCode>> fillable_;  // pages of a fillable form
    std::vector<std::string> notices_;
    std::optional<Id> namedCandidature_;  // the dossier the scan's message named, when the sender may file there
    std::optional<Id> namedCandidate_;

    // The message named a dossier; every way of filing (coded form, page without code,
    // unreadable scan) goes through the same check that the sender may hand in its paper.
    void namedDossier()
    {
        if (queued_.candidatureId) {
            const auto candidature = store_.candidatures().candidature(*queued_.candidatureId);
            if (candidature && mayFile(store_, queued_.sender, *candidature))
                namedCandidature_ = queued_.candidatureId;
        } else if (queued_.candidateId && mayFileForCandidate(store_, queued_.sender, *queued_.candidateId)) {
            namedCandidate_ = queued_.candidateId;
        }
    }

    void review(std::optional<Id> candidature, int page, const std::string& reason, std::optional<Id> crop = std::nullopt)
    {
        store_.mail().addReview({0, candidature, queued_.documentId, page, reason, ReviewState::Open, "", today_, crop});
        ++counts_.quarantined;
        notice("en attente du secrétariat — " + reason);
    }

    // What the sender will read about this scan in the summary of its message.
    void notice(const std::string& line) { notices_.push_back(line); }

    std::string sentName() const { return queued_.fileName.empty() ? document_.fileName : queued_.fileName; }

    void finish(const std::string& outcome)
    {
        std::string text = "« " + sentName() + " » : ";
        for (std::size_t i = 0; i < notices_.size(); ++i)
            text += (i ? " ; " : "") + notices_[i];
        store_.mail().setScanNotice(queued_.id, notices_.empty() ? text + "lu." : text + ".");
        store_.mail().finishScan(queued_.id, outcome);
    }

    // Keeps the part of the page the secretariat must look at, as a PNG document.
    std::optional<Id> keepCrop(std::size_t page, const ingest::PageMap& map, const rules::FormRect& rect, const std::string& name)
    {
        const auto crop = ingest::cropForm(load_.pages[page], map, rect);
        if (crop.width == 0)
            return std::nullopt;
        return store_.documents().store(ingest::encodePng(crop), "image/png", name, today_);
    }

    void fileSearchable(std::optional<Id> candidature, std::optional<Id> candidate)
    {
        if (!searchableId_)
            return;
        if (candidature)
            store_.documents().attachToCandidature(*candidature, *searchableId_, DocumentKind::Autre, today_);
        else if (candidate)
            store_.documents().attachToCandidate(*candidate, *searchableId_, DocumentKind::Autre, today_);
    }

    void readPage(std::size_t i)
    {
        const int pageNumber = static_cast<int>(i) + 1;
        const auto reading = ingest::readFormPage(load_.pages[i]);
        if (reading.fillable) {  // read once every page is known, with the fields of its form
            fillable_.emplace_back(i, *reading.fillable);
            return;
        }
        if (!reading.identified) {
            withoutCode_.push_back(i);
            return;
        }
        const auto candidature = store_.candidatures().candidature(reading.code.candidature);
        if (!reading.aligned || !candidature) {
            ++unidentified_;
            review(std::nullopt, pageNumber,
                   "Page " + std::to_string(pageNumber) + " : " +
                       (reading.problems.empty() ? "formulaire d'une candidature inconnue." : reading.problems.front()));
            return;
        }
        if (!mayFile(store_, queued_.sender, *candidature)) {
            // A code names a candidature; only its company, its evaluator or the secretariat may
            // hand in its paper.
            ++unidentified_;
            refused_.insert(candidature->id);
            review(candidature->id, pageNumber,
                   "Page " + std::to_string(pageNumber) + " : formulaire de la candidature n°" + std::to_string(candidature->id) +
                       " envoyé par " + queued_.sender +
                       ", qui n'est ni l'entreprise ni l'évaluateur habilité de cette candidature ; non pris en compte.");
            return;
        }
        if (!queued_.filedBySubmission) {  // its text, for the archive
            auto& runs = formText_[{candidature->id, reading.code.outil}];
            if (runs.empty())
                runs = formText(store_, workflow_.referential(), candidature->id, reading.code.outil);
            sources_[i] = {reading, runs, std::nullopt, {}};
        }
        if (reading.code.outil == 6)
            readOutil6Page(i, reading, candidature->id);
        else
            readOutil4Page(i, reading, candidature->id);
    }

    void readOutil6Page(std::size_t i, const ingest::FormPageReading& reading, Id candidatureId)
    {
        auto& paper = outil6_[candidatureId];
        paper.companySigned = paper.companySigned || reading.evaluatorSigned;
        paper.candidateSigned = paper.candidateSigned || reading.candidateSigned;
        const auto expected = render::outil6Fields(outil6Data(store_, workflow_.referential(), candidatureId));
        const std::string prefix = "extrait-candidature-" + std::to_string(candidatureId);
        for (std::size_t f = 0; f < expected.size() && f < reading.fields.size(); ++f) {
            if (rules::foldedForComparison(reading.fields[f]) == rules::foldedForComparison(expected[f].second))
                continue;
            auto quoted = [](const std::string& v) { return v.empty() ? std::string{"vide"} : "« " + v + " »"; };
            paper.differences.push_back("« " + expected[f].first + " » : " + quoted(reading.fields[f]) + " sur le papier, " +
                                        quoted(expected[f].second) + " dans le dossier");
            if (!paper.crop) {
                const auto field = rules::formLayout::outil6Field(static_cast<int>(f));
                paper.crop = keepCrop(i, reading.map, {18, field.y - 1.5, field.x + field.width - 16, field.height + 3},
                                      prefix + "-outil6-champ-" + std::to_string(f + 1) + ".png");
            }
        }
        if ((!reading.evaluatorSigned || !reading.candidateSigned) && !paper.crop) {
            const auto company = rules::formLayout::evaluatorSignature();
            const auto candidate = rules::formLayout::candidateSignature();
            paper.crop = keepCrop(i, reading.map,
                                  {company.x - 2, company.y - 5, candidate.x + candidate.width - company.x + 4, company.height + 7},
                                  prefix + "-signatures.png");
        }
    }

    void readOutil4Page(std::size_t i, const ingest::FormPageReading& reading, Id candidatureId)
    {
        const int pageNumber = static_cast<int>(i) + 1;
        const std::string prefix = "extrait-candidature-" + std::to_string(candidatureId);
        auto& rows = outil4_[candidatureId];
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
                rows.crop = keepCrop(i, reading.map, {text.x - 2, text.y - 1, 100, text.height + 2},
                                     prefix + "-competence-" + std::to_string(index + 1) + ".png");
            }
            rows.doubts.push_back("compétence n°" + std::to_string(index + 1) + " (page " + std::to_string(pageNumber) + ") : " +
                                  (a == BoxState::Ambiguous || n == BoxState::Ambiguous       ? "case douteuse"
                                   : a == BoxState::Checked && n == BoxState::Checked ? "deux cases cochées"
                                                                                          : "aucune case cochée"));
        }
        if (reading.code.page != reading.code.pages)
            return;
        rows.evaluatorSigned = reading.evaluatorSigned;
        if ((!reading.evaluatorSigned || reading.dateText.empty()) && !rows.crop) {
            const auto signature = rules::formLayout::evaluatorSignature();
            const auto date = rules::formLayout::evaluationDate();
            rows.crop = keepCrop(i, reading.map,
                                 {date.x - 2, signature.y - 4, signature.x + signature.width - date.x + 4,
                                  date.y + date.height - signature.y + 6},
                                 prefix + "-signature.png");
        }
        rows.dateText = reading.dateText;
        rows.date = rules::frenchDate(reading.dateText);
    }

    // Pages without a form code (the branch's blank forms, diplomas…): what the text says, and
    // whose dossier it is.
    void fileWithoutCode()
    {
        unidentified_ += static_cast<int>(withoutCode_.size());
        auto& source = sources_[withoutCode_.front()];
        if (!source.ocr)  // read for the archive already, unless its submission filed it
            source.ocr = ingest::readPageText(load_.pages[withoutCode_.front()]);
        const auto& text = *source.ocr;
        const char* kindName = text.kind == ingest::PageKind::Outil4   ? "outil n°4"
                               : text.kind == ingest::PageKind::Outil6 ? "outil n°6"
                               : text.kind == ingest::PageKind::Diploma ? "diplôme"
                                                                        : "document non reconnu";
        const DocumentKind kind = text.kind == ingest::PageKind::Outil4   ? DocumentKind::Outil4
                                  : text.kind == ingest::PageKind::Outil6 ? DocumentKind::Outil6
                                  : text.kind == ingest::PageKind::Diploma ? DocumentKind::Diplome
                                                                          : DocumentKind::Autre;
        if (namedCandidature_ || namedCandidate_) {
            // The signed XML of the same message named the dossier: filed there, by kind (an
            // outil n°4 with the candidature, the rest with the candidate).
            const Id candidateId =
                namedCandidate_ ? *namedCandidate_ : store_.candidatures().candidature(*namedCandidature_)->candidateId;
            if (namedCandidature_ && (kind == DocumentKind::Outil4 || kind == DocumentKind::Autre)) {
                store_.documents().attachToCandidature(*namedCandidature_, queued_.documentId, kind, today_);
                fileSearchable(namedCandidature_, std::nullopt);
                notice("rattaché au dossier de la candidature n°" + std::to_string(*namedCandidature_));
            } else {
                store_.documents().attachToCandidate(candidateId, queued_.documentId,
                                                     kind == DocumentKind::Outil4 ? DocumentKind::Autre : kind, today_);
                fileSearchable(std::nullopt, candidateId);
                notice("rattaché au dossier du candidat n°" + std::to_string(candidateId));
            }
            ++counts_.accepted;
            return;
        }
        // By the name and birth date written on it: the dates select the candidates (an index),
        // the name settles it; only among the dossiers the sender may touch.
        const std::string words = " " + rules::foldedForComparison(text.text) + " ";
        const auto named = [&](const std::string& name) {
            const auto folded = rules::foldedForComparison(name);
            return !folded.empty() && words.find(" " + folded + " ") != std::string::npos;
        };
        std::optional<Candidate> match;
        int matches = 0;
        for (const auto& candidate : store_.candidatures().candidatesBornOn(rules::datesIn(text.text)))
            if ((named(candidate.nomNaissance) || named(candidate.nomUsage)) && mayFileForCandidate(store_, queued_.sender, candidate.id)) {
                match = candidate;
                ++matches;
            }
        if (matches == 1 && kind != DocumentKind::Autre) {
            store_.documents().attachToCandidate(match->id, queued_.documentId, kind, today_);
            fileSearchable(std::nullopt, match->id);
            if (kind != DocumentKind::Diplome)
                review(std::nullopt, 0, std::string{"Scan sans code (« "} + kindName + " ») rattaché au candidat n°" +
                                            std::to_string(match->id) + " d'après son nom et sa date de naissance : à vérifier.");
            else
                notice("rattaché au dossier du candidat n°" + std::to_string(match->id));
            ++counts_.accepted;
            return;
        }
        review(std::nullopt, 0, std::string{"Scan sans code de formulaire (« "} + kindName + " ») : " +
                                    (matches > 1 ? "plusieurs candidats possibles." : "aucun candidat reconnu dans le texte."));
        notices_.back() = ("sans code de formulaire, il n'a pu être rattaché à aucun dossier ; il est conservé par le secrétariat. "
               "Pour un rattachement automatique, envoyez-le avec le document XML du dossier qu'il concerne, ou "
               "utilisez les formulaires pré-remplis (code en haut à droite)");
    }

    void applyOutil6(Id candidatureId, const Outil6Paper& paper)
    {
        const auto c = *store_.candidatures().candidature(candidatureId);
        store_.documents().attachToCandidate(c.candidateId, queued_.documentId, DocumentKind::Outil6, today_);
        fileSearchable(std::nullopt, c.candidateId);
        std::vector<std::string> problems = paper.differences;
        if (!paper.companySigned)
            problems.push_back("il n'est pas signé par l'entreprise");
        if (!paper.candidateSigned)
            problems.push_back("il n'est pas signé par le candidat");
        if (problems.empty()) {
            ++counts_.accepted;
            notice("dossier de candidature (outil n°6) de la candidature n°" + std::to_string(candidatureId) + " lu et enregistré");
        } else
            review(candidatureId, 0,
                   "Dossier de candidature (outil n°6) de la candidature n°" + std::to_string(candidatureId) + " à vérifier : " +
                       rules::joined(problems, " ; ") + ".",
                   paper.crop);
        readFor_.insert(candidatureId);
    }

    void tellRefused()
    {
        ++counts_.rejected;
        std::string which;
        for (const Id id : refused_)
            which += (which.empty() ? "n°" : ", n°") + std::to_string(id);
        notice("formulaires de la candidature " + which + " non pris en compte : seuls l'entreprise de la candidature et "
               "son évaluateur habilité peuvent les envoyer ; le secrétariat en est informé");
    }

    void applyOutil4(Id candidatureId, const Outil4Rows& rows)
    {
        const auto c = *store_.candidatures().candidature(candidatureId);
        store_.documents().attachToCandidature(candidatureId, queued_.documentId, DocumentKind::Outil4, today_);
        fileSearchable(candidatureId, std::nullopt);
        std::vector<std::string> problems = rows.doubts;
        if (!rows.evaluatorSigned)
            problems.push_back("l'outil n°4 n'est pas signé par l'évaluateur habilité");
        if (rows.acquired.size() + rows.doubts.size() < c.competences.size())
            problems.push_back("des pages de l'outil n°4 manquent");
        if (!rows.date)
            problems.push_back(rows.dateText.empty() ? "la date de l'évaluation n'est pas remplie"
                                                     : "la date de l'évaluation est illisible (« " + rows.dateText + " »)");
        const auto evaluation = store_.candidatures().evaluation(candidatureId);
        std::vector<std::string> disagreements;
        if (evaluation) {
            // The XML results came first: the paper must say the same.
            for (const auto& [index, acquired] : rows.acquired) {
                if (index >= static_cast<int>(c.competences.size()))
                    continue;
                const auto& code = c.competences[static_cast<std::size_t>(index)];
                for (const auto& r : evaluation->results)
                    if (r.competenceCode == code && r.acquired != acquired)
                        disagreements.push_back(rules::resultsDisagreement(workflow_.referential().certificate(c.certificateCode),
                                                                           code, acquired, r.acquired));
            }
        }
        problems.insert(problems.end(), disagreements.begin(), disagreements.end());
        if (!disagreements.empty())
            tellEvaluator(c, disagreements);
        if (!problems.empty()) {
            review(candidatureId, 0, "Outil n°4 de la candidature n°" + std::to_string(candidatureId) + " à vérifier : " +
                                         rules::joined(problems, " ; ") + ".",
                   rows.crop);
        } else {
            if (!evaluation && c.status == rules::CandidatureStatus::EnAttenteEvaluation) {
                // Read with certainty and nothing to contradict it: the results of the paper form.
                Evaluation e{candidatureId, *rows.date, today_, "", queued_.documentId, {}};
                for (const auto& [index, acquired] : rows.acquired)
                    if (index < static_cast<int>(c.competences.size()))
                        e.results.push_back({c.competences[static_cast<std::size_t>(index)], acquired, ""});
                store_.candidatures().saveEvaluation(e);
            }
            ++counts_.accepted;
            notice("guide d'évaluation (outil n°4) de la candidature n°" + std::to_string(candidatureId) + " lu et enregistré");
        }
        readFor_.insert(candidatureId);
    }

    // The évaluateur habilité hears of a contradiction between his paper and his results,
    // whoever sent the paper.
    void tellEvaluator(const Candidature& c, const std::vector<std::string>& disagreements)
    {
        const auto address = holders(store_, c).evaluatorAddress;
        if (address.empty())
            return;
        workflow_.queue("scan_disagreement", c.id, address, outbox::scanDisagreement(workflow_.dossierLine(c), disagreements));
        notice("l'évaluateur habilité en est informé");
    }
};

}  // namespace

ScanCounts applyScan(Workflow& workflow, const MailRepository::QueuedScan& queued, const Document& document)
{
    ScanCounts counts;
    ScanJob{workflow, counts, queued, document}.run();
    return counts;
}

}  // namespace cqp::pipeline
