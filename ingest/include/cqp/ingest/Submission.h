#pragma once

// The typed submissions of the published XML format (schema ingest/schemas/soumission.xsd,
// namespace urn:cqp-industries-chimiques:soumission:1, documented in docs/submissions.md).

#include "cqp/rules/Date.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cqp::ingest {

inline constexpr const char* submissionNamespace = "urn:cqp-industries-chimiques:soumission:1";

enum class SubmissionKind {
    AccountRequest,        ///< demandeCompte
    Candidate,             ///< candidat
    Candidature,           ///< candidature
    MetierInvitation,      ///< invitationEvaluateurMetier
    EvaluationResults,     ///< resultatsEvaluation
    MetierObservations,    ///< observationsEvaluateurMetier
    JuryRegistration,      ///< inscriptionJury
    JuryDecisions,         ///< decisionsJury
    CandidateSelfEntry,    ///< saisieCandidat
    KeyChange,             ///< changementCle
};

/// The root element's name, e.g. "demandeCompte".
std::string_view kindElement(SubmissionKind kind);
/// French name for messages, e.g. "demande de compte".
std::string_view kindLabel(SubmissionKind kind);

/// A dossier named by the number cqp issued, or by the company's own reference.
struct DossierRef {
    std::optional<std::int64_t> numero;
    std::optional<std::string> reference;
};

struct Person {
    std::string nom;
    std::string prenom;
    std::string courriel;
    std::string telephone;
};

struct CivilStatus {
    std::string nomNaissance;
    std::string nomUsage;
    std::string prenoms;
    std::string sexe;
    rules::Date dateNaissance;
    std::string communeNaissance;
    std::string codeInsee;
    std::string paysNaissance;  ///< empty when born in France
};

struct AccountRequest {
    // An établissement's account, or an évaluateur habilité's (registry number).
    std::string siret;
    std::string raisonSociale;
    std::string etablissementName;
    std::string addressLine1, addressLine2, postcode, city;
    std::optional<std::string> evaluatorNumber;  ///< registry number, e.g. EH-0101
    std::vector<Person> contacts;
    std::string publicKeyPem;
};

struct Diploma {
    std::string title;
    std::string year;
    std::string file;
};

struct CandidateSubmission {
    std::optional<std::string> reference;
    CivilStatus civil;
    std::string email;
    bool inviteCandidate = false;
    std::string outil6File;  ///< attachment holding the scan of outil n°6, when sent with it
    std::vector<Diploma> diplomas;
};

struct CandidatureSubmission {
    std::optional<std::string> reference;
    DossierRef candidate;
    std::string certificateCode;
    std::vector<std::string> competences;
    std::string parcours;
    std::string dispositif;
    std::string siret;
    std::string organismeName;
    std::string organismeSiret;
    std::string evaluatorNumber;  ///< registry number of the évaluateur habilité
    rules::Date plannedEvaluation;
};

struct MetierInvitation {
    std::int64_t candidature = 0;
    Person metier;
};

struct ResultLine {
    std::string competence;
    bool acquired = false;
    std::string comment;
};

struct EvaluationResults {
    std::int64_t candidature = 0;
    rules::Date evaluationDate;
    std::vector<ResultLine> results;
    std::string candidateObservations;
    std::string outil4File;
};

struct MetierObservations {
    std::int64_t candidature = 0;
    std::string token;
    std::string observations;
    std::string publicKeyPem;
};

struct JuryRegistrationSubmission {
    DossierRef candidature;
    std::int64_t jury = 0;
};

struct CandidatureDecision {
    std::int64_t candidature = 0;
    std::vector<std::pair<std::string, bool>> competences;  ///< code, validated
};

struct JuryDecisions {
    std::int64_t jury = 0;
    std::vector<CandidatureDecision> decisions;
};

struct CandidateSelfEntry {
    std::string token;
    CivilStatus civil;
    std::string email;
    std::string publicKeyPem;
};

/// An account's holder replaces its key; signed with the key it replaces.
struct KeyChange {
    std::string newPublicKeyPem;
};

/// Outil n°6 filled in as a form (never an XML document): the candidate and its candidature in
/// one, applied together or not at all. `candidature.candidate` is set once the candidate exists.
struct DossierSubmission {
    CandidateSubmission candidate;
    CandidatureSubmission candidature;
};

using SubmissionBody = std::variant<AccountRequest, CandidateSubmission, CandidatureSubmission, MetierInvitation,
                                    EvaluationResults, MetierObservations, JuryRegistrationSubmission, JuryDecisions,
                                    CandidateSelfEntry, KeyChange, DossierSubmission>;

/// What the rules need of a received submission, whatever carried it (a signed XML document, a
/// filled PDF form): its kind, what it says, and where a problem is, in the carrier's own terms
/// (an XML line and path, a form's field label).
class SubmittedDocument {
public:
    virtual ~SubmittedDocument() = default;
    virtual SubmissionKind kind() const = 0;
    virtual const SubmissionBody& body() const = 0;
    /// `message` located at the `index`-th `element` (the XML schema's element names), in French.
    virtual std::string locate(std::string_view element, const std::string& message, int index = 0) const = 0;
    /// How it came, in French, for the history: "" for a signed XML document, "formulaire PDF".
    virtual std::string_view channel() const { return ""; }
};

/// Kinds signed with the key they carry themselves (the sender has no account yet, or is an
/// invited person); every other kind is signed with the key of the account named by `compte`.
bool isSelfSigned(SubmissionKind kind);

}  // namespace cqp::ingest
