#include "cqp/rules/Status.h"

namespace cqp::rules {

std::string_view statusCode(CandidatureStatus status)
{
    switch (status) {
    case CandidatureStatus::EnCoursInscription: return "en_cours_inscription";
    case CandidatureStatus::EnAttenteEvaluation: return "en_attente_evaluation";
    case CandidatureStatus::ValidationEvaluation: return "validation_evaluation";
    case CandidatureStatus::InscriptionJury: return "inscription_jury";
    case CandidatureStatus::Valide: return "valide";
    case CandidatureStatus::Partiel: return "partiel";
    case CandidatureStatus::NonValide: return "non_valide";
    }
    return "unknown";
}

std::string_view statusLabel(CandidatureStatus status)
{
    switch (status) {
    case CandidatureStatus::EnCoursInscription: return "en cours d'inscription";
    case CandidatureStatus::EnAttenteEvaluation: return "en attente d'évaluation";
    case CandidatureStatus::ValidationEvaluation: return "validation de l'évaluation";
    case CandidatureStatus::InscriptionJury: return "inscription au jury";
    case CandidatureStatus::Valide: return "validé";
    case CandidatureStatus::Partiel: return "partiel";
    case CandidatureStatus::NonValide: return "non validé";
    }
    return "inconnu";
}

std::optional<CandidatureStatus> statusFromCode(std::string_view code)
{
    for (auto status : allStatuses)
        if (statusCode(status) == code)
            return status;
    return std::nullopt;
}

int statusRank(CandidatureStatus status)
{
    switch (status) {
    case CandidatureStatus::EnCoursInscription: return 0;
    case CandidatureStatus::EnAttenteEvaluation: return 1;
    case CandidatureStatus::ValidationEvaluation: return 2;
    case CandidatureStatus::InscriptionJury: return 3;
    case CandidatureStatus::Valide:
    case CandidatureStatus::Partiel:
    case CandidatureStatus::NonValide: return 4;
    }
    return -1;
}

bool isFinal(CandidatureStatus status) { return statusRank(status) == 4; }

}  // namespace cqp::rules
