#pragma once

// What the secretariat looks at, gathered once for the command line and the console: a
// dossier, the public verification of a parchment, the dashboard. Each is a plain record the
// caller formats (text for the terminal, HTML for the console).

#include "cqp/repositories/AccountRecords.h"
#include "cqp/repositories/CandidatureRecords.h"
#include "cqp/repositories/EvaluatorRecords.h"
#include "cqp/repositories/JuryRecords.h"
#include "cqp/repositories/MailRecords.h"
#include "cqp/repositories/ParchmentRecords.h"
#include "cqp/rules/Deadlines.h"
#include "cqp/rules/Referential.h"
#include "cqp/rules/Status.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cqp::pipeline {

class Store;

/// A candidature's whole dossier (`cqp dossier show`, the console's dossier page).
struct DossierView {
    Candidature candidature;
    std::string certificateTitle;  ///< "" when absent from the referential
    std::optional<Candidate> candidate;
    std::optional<Etablissement> etablissement;
    std::optional<Evaluator> evaluator;
    struct DocumentLine {
        Id id = 0;
        std::string kindLabel;  ///< « outil n°4 », « outil n°6 », « diplôme », « autre »
        std::string fileName;
        std::string mediaType;
        rules::Date receivedOn;
        std::string scanState;  ///< scanStateLabel, "" for a document that is not a scan
    };
    std::vector<DocumentLine> documents;
    std::optional<Evaluation> evaluation;
    std::vector<MetierObservation> observations;
    std::optional<Registration> registration;
    std::optional<Jury> jury;  ///< the jury it is placed in
    std::vector<Decision> decisions;
    std::vector<Parchment> parchments;
    std::vector<HistoryEntry> history;
    std::vector<OutboxMail> mails;

    /// « Prénom Nom » (the usage name when there is one); the erasure's words once erased.
    std::string candidateName() const;
    /// The candidate's data was erased at their request (cqp privacy erase).
    bool erased() const { return candidate && candidate->prenoms.empty() && candidate->nomNaissance.empty(); }
};

/// Nothing when the candidature does not exist.
std::optional<DossierView> dossierView(Store& store, const rules::Referential& referential, Id candidatureId);
/// Whether `documentId` belongs to the dossier (a document of its candidature or candidate, its
/// outil n°4, or the crop of one of its reviews): what the console lets be opened from it.
bool documentOfDossier(Store& store, const DossierView& dossier, Id documentId);

/// The public answer for a verification code: only what an employer needs to trust the paper.
struct Verification {
    enum class State { Valid, Revoked, Unknown };
    State state = State::Unknown;
    std::string code;  ///< normalised (K7QM-3RTX-9BZA-W2HC), "" when the text was no code
    std::string number;        ///< « 2027-0001 »
    std::string kindLabel;     ///< « parchemin » or « attestation »
    std::string certificate;   ///< « CQP Conducteur d'appareils des industries chimiques »
    rules::Date issuedOn;
    std::optional<rules::Date> revokedOn;
    std::string holder;        ///< « Prénom Nom »
};
Verification verify(Store& store, const rules::Referential& referential, const std::string& given);

/// The SHA-256 of a PEM public key's DER bytes, as « ab:cd:… »: what the holder's software
/// shows, compared on the phone before approving; « (aucune clé lisible) » otherwise.
std::string keyFingerprint(const std::string& pem);

/// The juries whose decisions are due and still missing, one French line each.
std::vector<std::string> lateDecisions(Store& store, rules::Date today, const rules::Deadlines& deadlines);

/// The dashboard: what waits for the secretariat today.
struct Dashboard {
    std::map<rules::CandidatureStatus, std::int64_t> byStatus;
    std::vector<std::string> lateDecisions;
    std::size_t openReviews = 0;
    std::size_t quarantined = 0;
    std::size_t failedMails = 0;
    std::size_t pendingAccounts = 0;
    std::size_t unpostedBatches = 0;
    struct NextJury {
        Jury jury;
        rules::Date cutoff;
    };
    std::vector<NextJury> nextJuries;  ///< the juries to come, with their registration cut-off
};
Dashboard dashboard(Store& store, rules::Date today, const rules::Deadlines& deadlines);

}  // namespace cqp::pipeline
