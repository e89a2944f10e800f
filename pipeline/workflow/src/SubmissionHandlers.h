#pragma once

// Private: what each kind of submission does to the store once it is authentic and allowed.

#include "cqp/ingest/SubmissionReader.h"
#include "cqp/repositories/AccountRecords.h"
#include "cqp/repositories/CandidatureRecords.h"
#include "cqp/repositories/EvaluatorRecords.h"
#include "cqp/workflow/SubmissionProcessor.h"
#include "cqp/workflow/Workflow.h"

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cqp::pipeline::detail {

/// Thrown inside the submission's transaction to refuse it: everything is rolled back.
class Refused : public std::runtime_error {
public:
    explicit Refused(std::vector<std::string> why, std::vector<std::string> ruleCodes = {})
        : std::runtime_error{"refused"}, reasons{std::move(why)}, codes{std::move(ruleCodes)}
    {
    }
    std::vector<std::string> reasons;
    std::vector<std::string> codes;  ///< the rules' refusal codes, when the refusal comes from a rule
};

struct HandlerContext {
    Workflow& workflow;
    const ingest::SubmittedDocument& submission;  ///< a signed XML document or a filled form
    const ReceivedDocument& received;
    const std::optional<Account>& account;  ///< the authenticated sender, for account-signed kinds
    Id documentId;                          ///< the stored original
    SubmissionOutcome& outcome;
    std::string ackRecipients;              ///< who gets the acknowledgement (handlers may set it)
    /// A form the acknowledgement carries (its kind, its dossier), with a new token.
    std::optional<std::pair<rules::fillable::FormKind, Id>> ackForm;

    Store& store() { return workflow.store(); }
    /// Refuses with a problem located at the first `element` of the document.
    [[noreturn]] void refuse(std::string_view element, const std::string& message, int index = 0) const;
    [[noreturn]] void refuse(const rules::Refusals& refusals, std::string_view element) const;
    void done(std::string message) { outcome.messages.push_back(std::move(message)); }
    /// Who acts, as the history records it: the account or the invited person's address, and
    /// « (formulaire PDF) » when the submission came as a filled form.
    std::string actor(const std::string& who) const;
    std::string accountActor() const { return actor("compte " + std::to_string(account->id)); }
    /// Stores the attachment named `fileName` and returns its document id; nothing when absent.
    std::optional<Id> attachment(const std::string& fileName);
    /// The same for a form the status depends on (outil n°4, n°6): a scan that cannot be opened
    /// (damaged, protected by a password) refuses the document, since it would satisfy nothing.
    std::optional<Id> formAttachment(const std::string& fileName, std::string_view element, const std::string& label);
};

/// Applies the submission (inside the caller's transaction) or throws Refused.
void applySubmission(HandlerContext& context);

// One function per kind of submission. CompanyHandlers.cpp: the company and accounts.
void applyAccountRequest(HandlerContext& ctx, const ingest::AccountRequest& r);
void applyKeyChange(HandlerContext& ctx, const ingest::KeyChange& k);
void applyCandidate(HandlerContext& ctx, const ingest::CandidateSubmission& s);
void applyCandidature(HandlerContext& ctx, const ingest::CandidatureSubmission& s);
void applyRegistration(HandlerContext& ctx, const ingest::JuryRegistrationSubmission& s);
/// Outil n°6 as a filled form: the candidate, then its candidature (all the competences still to
/// evaluate when none is named); the acknowledgement carries a new form for the next candidate.
void applyDossier(HandlerContext& ctx, const ingest::DossierSubmission& d);
// CorrectionHandlers.cpp: a candidate or candidature sent again with the same reference.
/// Refuses competences aimed outside the CQP or already acquired (a valid earlier decision).
void checkAimedCompetences(HandlerContext& ctx, Id candidateId, const rules::Certificate& certificate,
                           const std::vector<std::string>& aimed);
/// The établissement of the sender's account, which `siret` must name (else refused).
Etablissement accountsEtablissement(HandlerContext& ctx, const std::string& siret);
/// The évaluateur habilité a candidature names, habilitated for its CQP on the planned date (not
/// past) and not employed by the établissement (else refused).
Evaluator eligibleEvaluator(HandlerContext& ctx, const ingest::CandidatureSubmission& s, const std::string& siret);
/// The outil n°6 and diplomas a `candidat` carries, and the candidate's invitation it asks for.
void fileCandidatePapers(HandlerContext& ctx, Id candidateId, const ingest::CandidateSubmission& s);
void correctCandidate(HandlerContext& ctx, const Candidate& existing, const ingest::CandidateSubmission& s);
void correctCandidature(HandlerContext& ctx, const Candidature& existing, const ingest::CandidatureSubmission& s);
// EvaluatorHandlers.cpp: the évaluateur habilité, invited persons, the secretariat's decisions.
void applyMetierInvitation(HandlerContext& ctx, const ingest::MetierInvitation& s);
void applyResults(HandlerContext& ctx, const ingest::EvaluationResults& s);
void applyMetierObservations(HandlerContext& ctx, const ingest::MetierObservations& s);
void applySelfEntry(HandlerContext& ctx, const ingest::CandidateSelfEntry& s);
void applyDecisions(HandlerContext& ctx, const ingest::JuryDecisions& s);

// Shared by the handlers (SubmissionHandlers.cpp).
constexpr int invitationDays = 30;
/// 128 random bits, hexadecimal: the invitation tokens sent by mail (only their SHA-256 is stored).
std::string newToken();
/// "Candidature n°12 : statut « … »."
std::string statusSentence(Store& store, Id candidatureId);
Candidate resolveCandidate(HandlerContext& ctx, const ingest::DossierRef& ref, std::string_view element);
Candidature resolveCandidature(HandlerContext& ctx, const ingest::DossierRef& ref, std::string_view element);
/// The candidature numbered `number`, when the sender is its évaluateur habilité.
Candidature evaluatorsCandidature(HandlerContext& ctx, Id number);
void copyCivil(Candidate& c, const ingest::CivilStatus& civil);

}  // namespace cqp::pipeline::detail
