#pragma once

// Decisions on a company's dossiers that the workflow takes from the facts it gathered:
// whether a new candidate or candidature may be created or corrected, and who may hand in paper for a
// dossier. Pure functions: the facts come in, the decision and its refusal go out.

#include "cqp/rules/Accounts.h"
#include "cqp/rules/Refusal.h"
#include "cqp/rules/Referential.h"
#include "cqp/rules/Status.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cqp::rules {

/// A candidature touched by a company's correction of its candidate or candidature.
struct CorrectedCandidature {
    std::int64_t id = 0;
    CandidatureStatus status = CandidatureStatus::EnCoursInscription;
    bool onFrozenList = false;  ///< placed in a jury whose list is already made
};

/// A company corrects its own candidate or candidature (sent again with the same reference)
/// until a jury's list holding it is frozen, never after the decision: else refused (code
/// correction_closed), saying whom to write to.
std::optional<Refusal> checkCompanyCorrection(const std::vector<CorrectedCandidature>& candidatures);

/// What the secretariat and the évaluateur read when a scanned outil n°4 and the results sent
/// disagree on a competence: « compétence FAB-OPE-C5 « Transmettre… » : « acquis » sur l'outil
/// n°4, « non acquis » dans les résultats envoyés ».
std::string resultsDisagreement(const Certificate* certificate, const std::string& code, bool onPaper, bool sent);

/// One field as it was and as the correction makes it, with the label the forms give it.
struct FieldChange {
    std::string label;
    std::string before;
    std::string after;
};

/// The fields that really change (same text, spaces aside, is no change).
std::vector<FieldChange> changedFields(const std::vector<FieldChange>& fields);
/// « Date de naissance : 12/04/1990 → 14/04/1990 ; Nom d'usage : (vide) → Martin ».
std::string describeChanges(const std::vector<FieldChange>& changes);

/// A candidate the company already has, born on the same day as a new one.
struct KnownCandidate {
    std::int64_t id = 0;
    std::string nomNaissance;
    std::string prenoms;
};

/// A new candidate with the same birth name and first names (case, accents and punctuation
/// aside) as one born on the same day in the same company is the same person: refused
/// (code candidate_exists), naming the existing candidate.
std::optional<Refusal> checkDuplicateCandidate(const std::string& nomNaissance, const std::string& prenoms,
                                               const std::vector<KnownCandidate>& bornSameDay);

/// A refusal about the `index`-th element of a list (0-based), e.g. the third competence.
struct IndexedRefusal {
    int index = 0;
    Refusal refusal;
};

/// The competences a candidature aims at: each must belong to the CQP (code
/// competence_unknown) and still be to evaluate — not acquired by an earlier jury decision
/// still valid (code competence_acquired). `toEvaluate` is competencesToEvaluate()'s answer.
std::vector<IndexedRefusal> checkCompetencesAimed(const Certificate& certificate, const std::vector<std::string>& aimed,
                                                  const std::vector<std::string>& toEvaluate);

/// Another candidature of the same candidate.
struct OtherCandidature {
    std::int64_t id = 0;
    std::string certificateCode;
    CandidatureStatus status = CandidatureStatus::EnCoursInscription;
};

/// A candidate has one candidature in progress per CQP at most (code candidature_open).
std::optional<Refusal> checkOneOpenCandidature(const std::string& certificateCode, const std::vector<OtherCandidature>& others);

/// The évaluateur métier's observations are still needed by a candidature: while it waits for
/// its evaluation or its validation, and none came yet. An invitation of the métier stays valid
/// that long (whatever the days since), and a new one — replacing it — may be sent.
bool metierObservationsNeeded(CandidatureStatus status, bool observationsGiven);

/// An account the sender of a scan holds (found by the sender's address).
struct SenderAccount {
    std::int64_t id = 0;
    AccountRole role = AccountRole::Entreprise;
    AccountStatus status = AccountStatus::Pending;
    std::optional<std::int64_t> evaluatorId;
};

/// Who holds a dossier: the company account that owns the candidate, and for a candidature
/// its évaluateur habilité (with the address the CPNE's registry holds for them).
struct DossierHolders {
    std::optional<std::int64_t> companyAccountId;
    std::optional<std::int64_t> evaluatorId;
    std::string evaluatorAddress;
};

/// May `sender` hand in paper (a scanned form) for this dossier? Its company, its évaluateur
/// habilité (by account or by the registry's address) and the secretariat may, through an
/// active account; a scan given to `cqp ingest` has no sender and is the secretariat's own.
bool mayFilePaper(const std::string& sender, const std::vector<SenderAccount>& accounts, const DossierHolders& dossier);

}  // namespace cqp::rules
