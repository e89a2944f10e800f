#pragma once

// Plain records of the store, one per table family. Dates are rules::Date (logical dates);
// `...At` fields are wall-clock timestamps (ISO 8601, UTC) kept for audit only.

#include "cqp/rules/Date.h"
#include "cqp/rules/Eligibility.h"
#include "cqp/rules/Status.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cqp::pipeline {

using Id = std::int64_t;

struct Company {
    Id id = 0;
    std::string siren;
    std::string raisonSociale;
};

struct PostalAddress {
    std::string line1;
    std::string line2;
    std::string postcode;
    std::string city;
};

struct Etablissement {
    Id id = 0;
    Id companyId = 0;
    std::string siret;
    std::string name;
    PostalAddress address;
};

enum class AccountRole { Entreprise, Evaluateur, Secretariat, Candidat };
enum class AccountStatus { Pending, Active, Suspended };
std::string roleCode(AccountRole role);
std::optional<AccountRole> roleFromCode(const std::string& code);
std::string accountStatusCode(AccountStatus status);
std::optional<AccountStatus> accountStatusFromCode(const std::string& code);

struct Account {
    Id id = 0;
    AccountRole role = AccountRole::Entreprise;
    AccountStatus status = AccountStatus::Pending;
    std::string displayName;
    std::optional<Id> etablissementId;
    std::optional<Id> evaluatorId;
    std::string publicKeyPem;
    rules::Date createdOn;
    std::optional<rules::Date> approvedOn;
    std::vector<std::string> addresses;  ///< mail addresses allowed to send for this account (lower case)
};

struct Evaluator {
    Id id = 0;
    std::string registryNumber;
    std::string nom;
    std::string prenom;
    std::string email;
    rules::Date registryDate;
    std::vector<std::string> employerSirens;
    std::vector<rules::Habilitation> habilitations;

    rules::EvaluatorProfile profile() const;
};

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

/// A stored file, content-addressed by SHA-256: the same bytes are kept once.
struct Document {
    Id id = 0;
    std::string sha256;
    std::string mediaType;
    std::string fileName;
    std::string content;  ///< raw bytes
    rules::Date receivedOn;
};

enum class DocumentKind { Outil4, Outil6, Diplome, Autre };
std::string documentKindCode(DocumentKind kind);

struct Jury {
    Id id = 0;
    rules::Date date;
    int capacity = 0;
    std::optional<std::string> certificateCode;
    std::optional<rules::Date> frozenOn;
    rules::Date createdOn;
    int placed = 0;  ///< read-only: candidatures currently placed in it
};

struct Registration {
    Id id = 0;
    Id candidatureId = 0;
    Id requestedJuryId = 0;
    std::optional<Id> placedJuryId;
    rules::Date receivedOn;
    bool moved = false;
};

struct Decision {
    Id candidatureId = 0;
    std::string competenceCode;
    bool validated = false;
    Id juryId = 0;
    rules::Date decidedOn;
};

struct AcquiredCompetence {
    Id candidateId = 0;
    std::string certificateCode;
    std::string competenceCode;
    rules::Date acquiredOn;
    rules::Date validUntil;
    Id candidatureId = 0;
};

/// A parchment (validé) or an attestation (partiel), numbered per year: "2027-0001".
struct Parchment {
    Id id = 0;
    Id candidatureId = 0;
    int year = 0;
    int number = 0;
    rules::Date issuedOn;
    std::string verificationCode;
    std::optional<rules::Date> revokedOn;
    std::string revokeReason;
    std::string kind = "parchemin";  ///< parchemin, attestation
    std::optional<Id> printBatchId;

    std::string label() const;  ///< "2027-0001"
};

struct ReceivedMail {
    Id id = 0;
    std::string messageId;
    std::string sha256;
    std::string sender;
    std::string subject;
    std::string receivedAt;
    rules::Date logicalDate;
    std::string state;  ///< processing, processed, quarantined, ignored, dropped, kept_aside; duplicate (a copy)
    std::string reason;  ///< French: the message's fate (why ignored, quarantined, not answered…)
    std::string raw;
    std::string keptFile;  ///< kept_aside: where the message waits on disk
    std::string replyTo;   ///< where the summary of its scans goes ("" when it gets no reply)
    std::optional<Id> duplicateOf;  ///< a copy: the message it repeats
};

struct OutboxMail {
    Id id = 0;
    std::string kind;  ///< e.g. reply, evaluator_confirmed
    std::optional<Id> candidatureId;
    std::string recipient;
    std::string subject;
    std::string body;
    std::string state = "pending";  ///< pending, sent, failed
    int attempts = 0;
    std::string createdAt;
    rules::Date logicalDate;
    std::string nextAttemptAt;
    std::string lastError;
    std::string sentAt;
    std::string inReplyTo;  ///< Message-ID of the received mail this answers
    bool reply = false;     ///< a reply to a received mail (else a workflow mail)
    std::optional<Id> receivedMailId;
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
