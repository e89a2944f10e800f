#pragma once

// Plain records of the store (candidature). Dates are rules::Date (logical dates); `...At`
// fields are wall-clock timestamps (ISO 8601, UTC) kept for audit only.

#include "cqp/repositories/Id.h"
#include "cqp/rules/Date.h"
#include "cqp/rules/Status.h"

#include <optional>
#include <string>
#include <vector>

namespace cqp::pipeline {

struct Candidate {
    Id id = 0;
    Id accountId = 0;  ///< the company account that owns the dossier
    std::optional<std::string> externalRef;
    std::string nomNaissance;
    std::string nomUsage;
    std::string prenoms;
    std::string sexe;  ///< "F" or "M"
    std::optional<rules::Date> dateNaissance;
    std::string communeNaissance;
    std::string paysNaissance;
    std::string codeInsee;
    std::string email;

    bool civilStatusComplete() const;
};

struct Candidature {
    Id id = 0;
    Id candidateId = 0;
    std::optional<Id> etablissementId;
    std::string certificateCode;
    rules::CandidatureStatus status = rules::CandidatureStatus::EnCoursInscription;
    std::string parcours;
    std::string dispositif;
    std::string organismeFormation;
    std::optional<Id> evaluatorId;
    std::optional<rules::Date> evaluatorConfirmedOn;
    std::optional<rules::Date> plannedEvaluationDate;
    std::string metierEmail;
    std::string metierName;  ///< « Prénom Nom », as the invitation gave it
    std::optional<rules::Date> metierInvitedOn;
    rules::Date createdOn;
    rules::Date statusChangedOn;
    std::optional<std::string> externalRef;
    std::vector<std::string> competences;  ///< chosen competence codes
};

struct CompetenceResult {
    std::string competenceCode;
    bool acquired = false;
    std::string comment;
};

struct Evaluation {
    Id candidatureId = 0;
    rules::Date evaluationDate;
    rules::Date receivedOn;
    std::string candidateObservations;
    std::optional<Id> outil4DocumentId;
    std::vector<CompetenceResult> results;
};

struct MetierObservation {
    Id id = 0;
    Id candidatureId = 0;
    rules::Date receivedOn;
    std::string author;
    std::string observations;
};

struct HistoryEntry {
    Id id = 0;
    Id candidatureId = 0;
    std::optional<rules::CandidatureStatus> from;  ///< empty for the creation
    rules::CandidatureStatus to = rules::CandidatureStatus::EnCoursInscription;
    std::string recordedAt;
    rules::Date logicalDate;
    std::string actor;
    std::optional<Id> evidenceDocumentId;
    std::string rule;
    std::string reason;
};

}  // namespace cqp::pipeline
