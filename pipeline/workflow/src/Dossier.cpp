#include "cqp/workflow/Dossier.h"
#include "cqp/workflow/Errors.h"

#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/store/StoreError.h"
#include "cqp/rules/Eligibility.h"

#include <algorithm>

namespace cqp::pipeline {

std::optional<rules::OutcomeResult> storedOutcome(Store& store, const rules::Referential& referential,
                                                  const rules::Deadlines& deadlines, const Candidature& candidature)
{
    const auto* certificate = referential.certificate(candidature.certificateCode);
    const auto decisions = store.juries().decisions(candidature.id);
    if (!certificate || decisions.empty())
        return std::nullopt;
    std::vector<rules::CompetenceDecision> perCompetence;
    rules::Date decidedOn = decisions.front().decidedOn;
    for (const auto& d : decisions) {
        perCompetence.push_back({d.competenceCode, d.validated});
        decidedOn = std::max(decidedOn, d.decidedOn);
    }
    std::vector<rules::Acquisition> earlier;
    for (const auto& a : store.juries().acquisitions(candidature.candidateId, candidature.certificateCode))
        if (a.candidatureId != candidature.id)
            earlier.push_back({a.competenceCode, a.acquiredOn, a.validUntil});
    auto result = rules::decideOutcome(*certificate, candidature.competences, perCompetence, earlier, decidedOn, deadlines);
    if (!result.ok())
        return std::nullopt;
    return result;
}

rules::CandidatureFacts loadFacts(Store& store, const rules::Referential& referential, const rules::Deadlines& deadlines,
                                  Id candidatureId)
{
    const auto candidature = store.candidatures().candidature(candidatureId);
    if (!candidature)
        throw NotFoundError("no candidature " + std::to_string(candidatureId));
    const auto candidate = store.candidatures().candidate(candidature->candidateId);
    const auto* certificate = referential.certificate(candidature->certificateCode);

    rules::CandidatureFacts f;
    f.status = candidature->status;

    f.civilStatusComplete = candidate && candidate->civilStatusComplete();
    f.outil6Received = !store.documents().candidateDocuments(candidature->candidateId, DocumentKind::Outil6).empty() ||
                       !store.documents().candidatureDocuments(candidature->id, DocumentKind::Outil6).empty();

    f.certificateKnown = certificate != nullptr;
    f.competencesChosen = certificate ? static_cast<std::size_t>(std::count_if(
                                            candidature->competences.begin(), candidature->competences.end(),
                                            [&](const std::string& code) { return certificate->competence(code) != nullptr; }))
                                      : 0;
    f.parcoursSet = !candidature->parcours.empty();
    f.dispositifSet = !candidature->dispositif.empty();
    f.etablissementSet = candidature->etablissementId.has_value();

    const auto evaluation = store.candidatures().evaluation(candidature->id);
    f.evaluatorConfirmed = candidature->evaluatorId && candidature->evaluatorConfirmedOn;
    if (f.evaluatorConfirmed) {
        const auto evaluator = store.evaluators().evaluator(*candidature->evaluatorId);
        const auto etablissement = candidature->etablissementId
                                       ? store.accounts().etablissement(*candidature->etablissementId)
                                       : std::nullopt;
        const rules::Date on = evaluation                             ? evaluation->evaluationDate
                               : candidature->plannedEvaluationDate ? *candidature->plannedEvaluationDate
                                                                    : *candidature->evaluatorConfirmedOn;
        if (evaluator)
            f.evaluatorIneligibility = rules::checkEvaluatorEligibility(
                evaluator->profile(), candidature->certificateCode, on, etablissement ? etablissement->siret : "");
        else
            f.evaluatorIneligibility.push_back({"evaluator_unknown", "L'évaluateur choisi n'est pas dans le registre."});
    }

    f.metierInvited = candidature->metierInvitedOn.has_value() && !candidature->metierEmail.empty();
    if (evaluation) {
        for (const auto& code : candidature->competences) {
            const auto it = std::find_if(evaluation->results.begin(), evaluation->results.end(),
                                         [&](const CompetenceResult& r) { return r.competenceCode == code; });
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
    f.outil4Received = f.outil4Received ||
                       !store.documents().candidatureDocuments(candidature->id, DocumentKind::Outil4).empty();
    if (!f.evaluationDate && candidature->plannedEvaluationDate)
        f.evaluationDate = candidature->plannedEvaluationDate;

    f.metierObservations = !store.candidatures().metierObservations(candidature->id).empty();
    // Papers hold a dossier until it is on a jury's list: later, nothing to ask.
    if (rules::statusRank(candidature->status) < rules::statusRank(rules::CandidatureStatus::InscriptionJury)) {
        const auto held = store.mail().papersHolding(candidature->id, candidature->candidateId);
        f.openReviews = held.openReviews;
        f.scansUnread = held.unreadScans;
    }

    if (const auto registration = store.juries().registrationOf(candidature->id);
        registration && registration->placedJuryId) {
        f.registeredOn = registration->receivedOn;
        if (const auto jury = store.juries().jury(*registration->placedJuryId))
            f.juryDate = jury->date;
    }

    if (const auto outcome = storedOutcome(store, referential, deadlines, *candidature))
        f.outcome = outcome->outcome;
    return f;
}

}  // namespace cqp::pipeline
