#include "cqp/rules/StateMachine.h"

#include <algorithm>
#include <cctype>

namespace cqp::rules {

namespace {

void require(Refusals& unmet, bool condition, const char* code, std::string sentence)
{
    if (!condition)
        unmet.push_back({code, std::move(sentence)});
}

Transition leaveInscription(const CandidatureFacts& f)
{
    Refusals unmet;
    require(unmet, f.civilStatusComplete, "civil_status_incomplete",
            "L'état civil du candidat est incomplet (nom de naissance, prénoms, sexe, date et lieu de naissance).");
    require(unmet, f.outil6Received, "outil6_missing",
            "Le dossier de candidature (outil n°6) n'a pas été reçu.");
    require(unmet, f.certificateKnown, "certificate_unknown", "Le CQP de la candidature n'est pas choisi.");
    require(unmet, f.competencesChosen > 0, "competences_missing", "Aucune compétence n'est choisie.");
    require(unmet, f.parcoursSet, "parcours_missing", "Le parcours n'est pas renseigné.");
    require(unmet, f.dispositifSet, "dispositif_missing", "Le dispositif de formation n'est pas renseigné.");
    require(unmet, f.etablissementSet, "etablissement_missing", "L'établissement n'est pas identifié.");
    require(unmet, f.evaluatorConfirmed, "evaluator_not_confirmed",
            "L'entreprise n'a pas confirmé le choix de l'évaluateur habilité CPNE.");
    if (f.evaluatorConfirmed)
        unmet.insert(unmet.end(), f.evaluatorIneligibility.begin(), f.evaluatorIneligibility.end());
    if (!unmet.empty())
        return Blocked{std::move(unmet)};
    return Advance{CandidatureStatus::EnAttenteEvaluation, "steps_2_to_4_complete"};
}

Transition leaveAwaitingEvaluation(const CandidatureFacts& f, Date today, const Deadlines& d)
{
    Refusals unmet;
    require(unmet, f.metierInvited, "metier_not_invited",
            "L'évaluateur habilité n'a pas invité l'évaluateur métier.");
    require(unmet, f.evaluationDate.has_value(), "evaluation_date_missing",
            "La date de l'évaluation n'est pas renseignée.");
    require(unmet, f.competencesChosen > 0 && f.competencesWithResult >= f.competencesChosen, "results_incomplete",
            "Le résultat (acquis / non acquis) n'est pas saisi pour " +
                std::to_string(f.competencesChosen - std::min(f.competencesChosen, f.competencesWithResult)) +
                " compétence(s).");
    require(unmet, f.competencesChosen > 0 && f.competencesWithComment >= f.competencesChosen, "comments_incomplete",
            "Le commentaire de l'évaluateur manque pour " +
                std::to_string(f.competencesChosen - std::min(f.competencesChosen, f.competencesWithComment)) +
                " compétence(s).");
    require(unmet, f.candidateObservations, "candidate_observations_missing",
            "Les observations du candidat ne sont pas saisies.");
    require(unmet, f.outil4Received, "outil4_missing",
            "Le guide d'évaluation des compétences (outil n°4) n'a pas été reçu.");
    if (f.evaluationDate && f.resultsReceivedOn) {
        auto late = checkResultsDate(*f.evaluationDate, *f.resultsReceivedOn, d);
        unmet.insert(unmet.end(), late.begin(), late.end());
    } else if (f.evaluationDate && !f.resultsReceivedOn) {
        require(unmet, false, "results_missing", "Les résultats de l'évaluation n'ont pas été reçus.");
    }
    if (f.evaluationDate)
        require(unmet, *f.evaluationDate <= today, "evaluation_in_future",
                "L'évaluation prévue le " + f.evaluationDate->french() + " n'a pas encore eu lieu.");
    if (!unmet.empty())
        return Blocked{std::move(unmet)};
    return Advance{CandidatureStatus::ValidationEvaluation, "step_5_complete"};
}

Transition leaveValidation(const CandidatureFacts& f, const Deadlines& d)
{
    Refusals unmet;
    require(unmet, f.metierObservations, "metier_observations_missing",
            "L'évaluateur métier n'a pas saisi ses observations.");
    require(unmet, f.registeredOn.has_value() && f.juryDate.has_value(), "jury_registration_missing",
            "L'entreprise n'a pas inscrit la candidature à un jury.");
    if (f.registeredOn && f.juryDate) {
        auto late = checkRegistrationDate(*f.registeredOn, *f.juryDate, d);
        unmet.insert(unmet.end(), late.begin(), late.end());
    }
    if (!unmet.empty())
        return Blocked{std::move(unmet)};
    return Advance{CandidatureStatus::InscriptionJury, "step_7_registered"};
}

Transition leaveJuryRegistration(const CandidatureFacts& f, Date today)
{
    Refusals unmet;
    require(unmet, f.juryDate.has_value(), "jury_missing", "La candidature n'est placée dans aucun jury.");
    if (f.juryDate)
        require(unmet, *f.juryDate <= today, "jury_not_held",
                "Le jury du " + f.juryDate->french() + " ne s'est pas encore réuni.");
    require(unmet, f.outcome.has_value(), "decision_missing", "La décision du jury n'est pas enregistrée.");
    if (!unmet.empty())
        return Blocked{std::move(unmet)};
    return Advance{statusOf(*f.outcome), "step_8_decided"};
}

// `beforeJury`: the step that puts the dossier on a jury's list waits for every scan to be read.
Transition heldByPapers(Transition transition, const CandidatureFacts& f, bool beforeJury = false)
{
    Refusals held;
    if (f.openReviews > 0)
        held.push_back({"review_open", std::to_string(f.openReviews) +
                                           (f.openReviews > 1 ? " points à vérifier par le secrétariat (scans douteux ou "
                                                                "contradictoires) retiennent le dossier."
                                                              : " point à vérifier par le secrétariat (scan douteux ou "
                                                                "contradictoire) retient le dossier.")});
    if (beforeJury && f.scansUnread > 0)
        held.push_back({"scan_unread", f.scansUnread > 1 ? std::to_string(f.scansUnread) + " scans du dossier sont en cours de lecture."
                                                         : std::string{"Un scan du dossier est en cours de lecture."}});
    if (held.empty())
        return transition;
    if (auto* blocked = std::get_if<Blocked>(&transition)) {
        blocked->unmet.insert(blocked->unmet.end(), held.begin(), held.end());
        return transition;
    }
    return Blocked{std::move(held)};
}

}  // namespace

Transition nextTransition(const CandidatureFacts& facts, Date today, const Deadlines& deadlines)
{
    switch (facts.status) {
    case CandidatureStatus::EnCoursInscription: return heldByPapers(leaveInscription(facts), facts);
    case CandidatureStatus::EnAttenteEvaluation:
        return heldByPapers(leaveAwaitingEvaluation(facts, today, deadlines), facts);
    case CandidatureStatus::ValidationEvaluation: return heldByPapers(leaveValidation(facts, deadlines), facts, true);
    case CandidatureStatus::InscriptionJury: return leaveJuryRegistration(facts, today);
    case CandidatureStatus::Valide:
    case CandidatureStatus::Partiel:
    case CandidatureStatus::NonValide: return Terminal{};
    }
    return Terminal{};
}

Refusals checkCorrection(CandidatureStatus from, CandidatureStatus to, const std::string& reason)
{
    Refusals refusals;
    if (statusRank(to) >= statusRank(from))
        refusals.push_back({"correction_not_backwards",
                            "Une correction ne peut ramener le dossier qu'à une étape antérieure (de « " +
                                std::string{statusLabel(from)} + " » vers « " + std::string{statusLabel(to)} +
                                " » refusé)."});
    if (std::all_of(reason.begin(), reason.end(), [](unsigned char c) { return std::isspace(c); }))
        refusals.push_back({"correction_reason_missing", "Une correction doit être motivée."});
    return refusals;
}

}  // namespace cqp::rules
