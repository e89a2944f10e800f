#include "cqp/workflow/Dossier.h"
#include "cqp/workflow/Errors.h"

#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/rules/Eligibility.h"

#include <algorithm>
#include <map>
#include <set>

namespace cqp::pipeline {

namespace {

// Papers hold a dossier until it is on a jury's list: later, nothing to ask.
bool papersMatter(rules::CandidatureStatus status)
{
    return rules::statusRank(status) < rules::statusRank(rules::CandidatureStatus::InscriptionJury);
}

bool evaluatorConfirmed(const Candidature& c) { return c.evaluatorId && c.evaluatorConfirmedOn; }

template <typename T, typename Key>
std::map<Id, T> byId(std::vector<T> items, Key key)
{
    std::map<Id, T> out;
    for (auto& item : items)
        out.emplace(key(item), std::move(item));
    return out;
}

std::set<Id> asSet(const std::vector<Id>& ids) { return {ids.begin(), ids.end()}; }

template <typename T>
std::optional<T> found(const std::map<Id, T>& map, std::optional<Id> id)
{
    if (!id)
        return std::nullopt;
    const auto it = map.find(*id);
    return it == map.end() ? std::nullopt : std::optional{it->second};
}

}  // namespace

DossierRecords gatherRecords(Store& store, Id candidatureId)
{
    auto candidature = store.candidatures().candidature(candidatureId);
    if (!candidature)
        throw NotFoundError("no candidature " + std::to_string(candidatureId));
    DossierRecords r;
    r.candidature = std::move(*candidature);
    const auto& c = r.candidature;
    r.candidate = store.candidatures().candidate(c.candidateId);
    r.outil6Document = !store.documents().candidateDocuments(c.candidateId, DocumentKind::Outil6).empty() ||
                       !store.documents().candidatureDocuments(c.id, DocumentKind::Outil6).empty();
    r.outil4Document = !store.documents().candidatureDocuments(c.id, DocumentKind::Outil4).empty();
    r.evaluation = store.candidatures().evaluation(c.id);
    if (evaluatorConfirmed(c)) {
        r.evaluator = store.evaluators().evaluator(*c.evaluatorId);
        if (c.etablissementId)
            r.etablissement = store.accounts().etablissement(*c.etablissementId);
    }
    r.metierObservations = !store.candidatures().metierObservations(c.id).empty();
    if (papersMatter(c.status)) {
        const auto held = store.mail().papersHolding(c.id, c.candidateId);
        r.openReviews = held.openReviews;
        r.unreadScans = held.unreadScans;
    }
    r.registration = store.juries().registrationOf(c.id);
    if (r.registration && r.registration->placedJuryId)
        r.placedJury = store.juries().jury(*r.registration->placedJuryId);
    r.decisions = store.juries().decisions(c.id);
    if (!r.decisions.empty())
        r.acquisitions = store.juries().acquisitions(c.candidateId, c.certificateCode);
    return r;
}

std::vector<DossierRecords> gatherRecords(Store& store, const std::vector<Id>& ids)
{
    auto candidatures = byId(store.candidatures().candidatures(ids), [](const Candidature& c) { return c.id; });
    std::vector<Id> candidateIds, evaluatorIds, etablissementIds, existing;
    std::vector<std::pair<Id, Id>> papers;
    for (const Id id : ids)
        if (const auto it = candidatures.find(id); it != candidatures.end()) {
            const auto& c = it->second;
            existing.push_back(id);
            candidateIds.push_back(c.candidateId);
            if (evaluatorConfirmed(c)) {
                evaluatorIds.push_back(*c.evaluatorId);
                if (c.etablissementId)
                    etablissementIds.push_back(*c.etablissementId);
            }
            if (papersMatter(c.status))
                papers.emplace_back(c.id, c.candidateId);
        }
    auto& documents = store.documents();
    const auto candidatesWithOutil6 = asSet(documents.candidatesWithDocument(candidateIds, DocumentKind::Outil6));
    const auto candidaturesWithOutil6 = asSet(documents.candidaturesWithDocument(existing, DocumentKind::Outil6));
    const auto candidaturesWithOutil4 = asSet(documents.candidaturesWithDocument(existing, DocumentKind::Outil4));
    const auto withObservations = asSet(store.candidatures().withMetierObservations(existing));
    const auto candidates = byId(store.candidatures().candidates(candidateIds), [](const Candidate& c) { return c.id; });
    const auto evaluations = byId(store.candidatures().evaluations(existing), [](const Evaluation& e) { return e.candidatureId; });
    const auto evaluators = byId(store.evaluators().evaluators(evaluatorIds), [](const Evaluator& e) { return e.id; });
    const auto etablissements = byId(store.accounts().etablissements(etablissementIds), [](const Etablissement& e) { return e.id; });
    const auto held = store.mail().papersHolding(papers);
    const auto registrations = byId(store.juries().registrationsOf(existing), [](const Registration& r) { return r.candidatureId; });
    std::vector<Id> placedIn;  // the juries of the group only: a calendar of years counts its places per jury
    for (const auto& [id, registration] : registrations)
        if (registration.placedJuryId)
            placedIn.push_back(*registration.placedJuryId);
    std::sort(placedIn.begin(), placedIn.end());
    placedIn.erase(std::unique(placedIn.begin(), placedIn.end()), placedIn.end());
    const auto juries = byId(store.juries().juries(placedIn), [](const Jury& j) { return j.id; });
    std::map<Id, std::vector<Decision>> decisions;
    for (auto& d : store.juries().decisionsOf(existing))
        decisions[d.candidatureId].push_back(std::move(d));
    std::vector<Id> decided;
    for (const auto& [id, list] : decisions)
        decided.push_back(candidatures.at(id).candidateId);
    std::map<Id, std::vector<AcquiredCompetence>> acquisitions;
    for (auto& a : store.juries().acquisitionsOf(decided))
        acquisitions[a.candidateId].push_back(std::move(a));

    std::vector<DossierRecords> out;
    out.reserve(existing.size());
    for (const Id id : existing) {
        DossierRecords r;
        r.candidature = std::move(candidatures.at(id));
        const auto& c = r.candidature;
        r.candidate = found(candidates, c.candidateId);
        r.outil6Document = candidatesWithOutil6.count(c.candidateId) || candidaturesWithOutil6.count(id);
        r.outil4Document = candidaturesWithOutil4.count(id) > 0;
        r.evaluation = found(evaluations, id);
        if (evaluatorConfirmed(c)) {
            r.evaluator = found(evaluators, c.evaluatorId);
            r.etablissement = found(etablissements, c.etablissementId);
        }
        r.metierObservations = withObservations.count(id) > 0;
        if (const auto it = held.find(id); it != held.end()) {
            r.openReviews = it->second.openReviews;
            r.unreadScans = it->second.unreadScans;
        }
        r.registration = found(registrations, id);
        if (r.registration)
            r.placedJury = found(juries, r.registration->placedJuryId);
        if (const auto it = decisions.find(id); it != decisions.end()) {
            r.decisions = it->second;
            if (const auto a = acquisitions.find(c.candidateId); a != acquisitions.end())
                for (const auto& each : a->second)
                    if (each.certificateCode == c.certificateCode)
                        r.acquisitions.push_back(each);
        }
        out.push_back(std::move(r));
    }
    return out;
}

std::optional<rules::OutcomeResult> outcomeOf(const DossierRecords& records, const rules::Referential& referential,
                                              const rules::Deadlines& deadlines)
{
    const auto& candidature = records.candidature;
    const auto* certificate = referential.certificate(candidature.certificateCode);
    if (!certificate || records.decisions.empty())
        return std::nullopt;
    std::vector<rules::CompetenceDecision> perCompetence;
    rules::Date decidedOn = records.decisions.front().decidedOn;
    for (const auto& d : records.decisions) {
        perCompetence.push_back({d.competenceCode, d.validated});
        decidedOn = std::max(decidedOn, d.decidedOn);
    }
    std::vector<rules::Acquisition> earlier;
    for (const auto& a : records.acquisitions)
        if (a.candidatureId != candidature.id)
            earlier.push_back({a.competenceCode, a.acquiredOn, a.validUntil});
    auto result = rules::decideOutcome(*certificate, candidature.competences, perCompetence, earlier, decidedOn, deadlines);
    if (!result.ok())
        return std::nullopt;
    return result;
}

std::optional<rules::OutcomeResult> storedOutcome(Store& store, const rules::Referential& referential,
                                                  const rules::Deadlines& deadlines, const Candidature& candidature)
{
    DossierRecords records;
    records.candidature = candidature;
    records.decisions = store.juries().decisions(candidature.id);
    if (records.decisions.empty())
        return std::nullopt;
    records.acquisitions = store.juries().acquisitions(candidature.candidateId, candidature.certificateCode);
    return outcomeOf(records, referential, deadlines);
}

rules::CandidatureFacts factsOf(const DossierRecords& r, const rules::Referential& referential, const rules::Deadlines& deadlines)
{
    const auto& candidature = r.candidature;
    const auto* certificate = referential.certificate(candidature.certificateCode);

    rules::CandidatureFacts f;
    f.status = candidature.status;
    f.civilStatusComplete = r.candidate && r.candidate->civilStatusComplete();
    f.outil6Received = r.outil6Document;

    f.certificateKnown = certificate != nullptr;
    f.competencesChosen = certificate ? static_cast<std::size_t>(std::count_if(
                                            candidature.competences.begin(), candidature.competences.end(),
                                            [&](const std::string& code) { return certificate->competence(code) != nullptr; }))
                                      : 0;
    f.parcoursSet = !candidature.parcours.empty();
    f.dispositifSet = !candidature.dispositif.empty();
    f.etablissementSet = candidature.etablissementId.has_value();

    const auto& evaluation = r.evaluation;
    f.evaluatorConfirmed = evaluatorConfirmed(candidature);
    if (f.evaluatorConfirmed) {
        const rules::Date on = evaluation                            ? evaluation->evaluationDate
                               : candidature.plannedEvaluationDate ? *candidature.plannedEvaluationDate
                                                                   : *candidature.evaluatorConfirmedOn;
        if (r.evaluator)
            f.evaluatorIneligibility = rules::checkEvaluatorEligibility(
                r.evaluator->profile(), candidature.certificateCode, on, r.etablissement ? r.etablissement->siret : "");
        else
            f.evaluatorIneligibility.push_back({"evaluator_unknown", "L'évaluateur choisi n'est pas dans le registre."});
    }

    f.metierInvited = candidature.metierInvitedOn.has_value() && !candidature.metierEmail.empty();
    if (evaluation) {
        for (const auto& code : candidature.competences) {
            const auto it = std::find_if(evaluation->results.begin(), evaluation->results.end(),
                                         [&](const CompetenceResult& result) { return result.competenceCode == code; });
            if (it == evaluation->results.end())
                continue;
            ++f.competencesWithResult;
            if (!it->comment.empty())
                ++f.competencesWithComment;
        }
        f.candidateObservations = !evaluation->candidateObservations.empty();
        f.evaluationDate = evaluation->evaluationDate;
        f.resultsReceivedOn = evaluation->receivedOn;
        f.outil4Received = evaluation->outil4DocumentId.has_value();
    }
    f.outil4Received = f.outil4Received || r.outil4Document;
    if (!f.evaluationDate && candidature.plannedEvaluationDate)
        f.evaluationDate = candidature.plannedEvaluationDate;

    f.metierObservations = r.metierObservations;
    if (papersMatter(candidature.status)) {
        f.openReviews = r.openReviews;
        f.scansUnread = r.unreadScans;
    }
    if (r.registration && r.registration->placedJuryId) {
        f.registeredOn = r.registration->receivedOn;
        if (r.placedJury)
            f.juryDate = r.placedJury->date;
    }
    if (const auto outcome = outcomeOf(r, referential, deadlines))
        f.outcome = outcome->outcome;
    return f;
}

rules::CandidatureFacts loadFacts(Store& store, const rules::Referential& referential, const rules::Deadlines& deadlines,
                                  Id candidatureId)
{
    return factsOf(gatherRecords(store, candidatureId), referential, deadlines);
}

}  // namespace cqp::pipeline
