#pragma once

#include <optional>
#include <string_view>

namespace cqp::rules {

/// The statuses of a candidature, in the order of the process (Certifi@ mode d'emploi).
enum class CandidatureStatus {
    EnCoursInscription,   ///< from creation until steps 2-4 are complete
    EnAttenteEvaluation,  ///< waiting for the évaluateur habilité's results (step 5)
    ValidationEvaluation, ///< evaluated, waiting for the company to register it to a jury
    InscriptionJury,      ///< registered to a jury, not yet examined
    Valide,               ///< every competence of the CQP validated
    Partiel,              ///< some competences validated
    NonValide,            ///< none validated
};

/// Stable code stored in the database and used on the command line, e.g. "en_attente_evaluation".
std::string_view statusCode(CandidatureStatus status);
/// French label as the branch writes it, e.g. "en attente d'évaluation".
std::string_view statusLabel(CandidatureStatus status);
std::optional<CandidatureStatus> statusFromCode(std::string_view code);

/// Position in the process: 0 for en cours d'inscription … 4 for the three final statuses.
int statusRank(CandidatureStatus status);
bool isFinal(CandidatureStatus status);

inline constexpr CandidatureStatus allStatuses[] = {
    CandidatureStatus::EnCoursInscription, CandidatureStatus::EnAttenteEvaluation,
    CandidatureStatus::ValidationEvaluation, CandidatureStatus::InscriptionJury,
    CandidatureStatus::Valide, CandidatureStatus::Partiel, CandidatureStatus::NonValide};

}  // namespace cqp::rules
