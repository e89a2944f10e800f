#pragma once

// The French texts of every mail the process sends. Pure functions of plain data: the
// pipeline decides who gets which letter and when; the words are all here.

#include <string>
#include <vector>

namespace cqp::outbox {

struct Letter {
    std::string subject;
    std::string body;  ///< plain text, UTF-8, lines of at most ~76 characters where possible
    bool carriesGuide = false;  ///< the body refers to the submissions guide, which goes with it
};

/// The name the submissions guide's PDF has when a letter carries it.
inline constexpr const char* guideFileName = "guide-des-envois.pdf";

/// "Dossier n°12 — Dupont Élise" style identification shared by the letters.
struct DossierLine {
    long long candidature = 0;
    std::string candidateName;    ///< "Élise Dupont"
    std::string certificateTitle; ///< exact CQP title
};

/// One part of the answer to a received message: a submission and what became of it, or the
/// attachments, or a note.
struct ReplySection {
    std::string title;               ///< e.g. "candidature.xml (candidature) : acceptée"
    std::vector<std::string> lines;  ///< details, reasons with their location
};

/// The one reply to a received message: what was done with every document and attachment.
Letter messageReply(const std::string& originalSubject, const std::vector<ReplySection>& sections);
/// Sections kept as text until the reply is written (a title line, then its lines after a tab).
std::string sectionsText(const std::vector<ReplySection>& sections);
std::vector<ReplySection> sectionsFromText(const std::string& text);
/// A message that could not be processed: kept by the secretariat, with the reason.
Letter quarantineNotice(const std::string& originalSubject, const std::string& reason);
/// The blank forms a company needs next (its next outil n°6), when the reply to its message
/// waits for the scans it carried.
Letter nextForms(const std::string& originalSubject);
/// A message from an unknown sender without any document: how to ask for an account with the
/// blank form it carries.
Letter accountFormOffer(const std::string& originalSubject);

/// A submission was accepted: what was done, the numbers issued, the status reached.
Letter acknowledgement(const std::string& kindLabel, const std::vector<std::string>& lines);
/// A submission was refused: every reason (located), nothing was changed.
Letter rejection(const std::string& kindLabel, const std::string& fileName, const std::vector<std::string>& reasons);
/// The same document had already been received: nothing done again.
Letter alreadyReceived(const std::string& kindLabel, const std::string& receivedOn, const std::string& outcome);

Letter accountRequested(long long account, const std::string& holder);
/// The account is open, and what its holder does next (`evaluator`: an évaluateur habilité's
/// account, else an établissement's).
Letter accountApproved(long long account, const std::string& holder, bool evaluator, bool withKey = true);

/// Step 4: the company confirmed this évaluateur habilité for the candidature.
Letter evaluatorConfirmed(const DossierLine& dossier, const std::string& company, const std::string& plannedDate);
/// Step 3: the dossier de candidature (outil n°6) to print, sign and send back scanned.
Letter dossierForm(const DossierLine& dossier);
/// Step 5: the évaluateur habilité invites the évaluateur métier to record observations.
Letter metierInvitation(const DossierLine& dossier, const std::string& evaluator, const std::string& token,
                        const std::string& expiresOn);
/// The company invites the candidate to enter their own civil status.
Letter candidateInvitation(const std::string& company, long long candidate, const std::string& token,
                           const std::string& expiresOn);
/// Step 6: both evaluators have commented; the company may register to a jury.
/// `formJoined`: the registration form (fillable PDF) comes with it.
Letter evaluationsComplete(const DossierLine& dossier, const std::string& registrationCutoffHint, bool formJoined = false);
/// Step 7: registration confirmed in the requested jury, or moved to a later one.
Letter juryRegistered(const DossierLine& dossier, const std::string& juryDate, bool moved, const std::string& requestedDate,
                      const std::vector<std::string>& reasons);
/// Step 8: the jury's decision.
Letter juryResults(const DossierLine& dossier, const std::string& outcomeLabel, const std::string& juryDate,
                   const std::vector<std::string>& validated, const std::vector<std::string>& remaining,
                   const std::string& acquiredUntil);

/// A revoked parchment or attestation (`oldLabel`) replaced by `newLabel`, new code, printed in
/// the next batch.
Letter parchmentReissued(const DossierLine& dossier, bool attestation, const std::string& newLabel, const std::string& oldLabel,
                         const std::string& reason);

/// Reminders, each sent once. The results window of an evaluation closes on `lastDay`.
Letter resultsReminder(const DossierLine& dossier, const std::string& evaluationDate, const std::string& lastDay,
                      bool formJoined = false);
/// The jury meeting on `juryDate` takes registrations until `cutoff`.
Letter registrationReminder(const DossierLine& dossier, const std::string& juryDate, const std::string& cutoff,
                            bool formJoined = false);
/// The évaluateur métier's observations still miss while the jury of `juryDate` closes its
/// registrations on `cutoff` (to the company and the évaluateur habilité, once per jury).
Letter metierObservationsReminder(const DossierLine& dossier, const std::string& metier, const std::string& juryDate,
                                  const std::string& cutoff, bool formJoined = false);
/// The scanned outil n°4 says otherwise than the results sent (`disagreements`, one line per
/// competence): the dossier is held until the évaluateur habilité and the secretariat settle it.
Letter scanDisagreement(const DossierLine& dossier, const std::vector<std::string>& disagreements);
/// The decisions of the jury of `juryDate` were due on `dueDate`; `waiting` dossiers have none.
Letter decisionsLate(const std::string& juryDate, const std::string& dueDate, const std::vector<std::string>& waiting);

}  // namespace cqp::outbox
