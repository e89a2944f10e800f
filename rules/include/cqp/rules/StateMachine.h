#pragma once

#include "cqp/rules/Date.h"
#include "cqp/rules/Deadlines.h"
#include "cqp/rules/Outcome.h"
#include "cqp/rules/Refusal.h"
#include "cqp/rules/Status.h"

#include <cstddef>
#include <optional>
#include <string>
#include <variant>

namespace cqp::rules {

/// Everything the state machine needs to know about one candidature. The store fills it;
/// the rules only read it. Steps follow the source's numbering.
struct CandidatureFacts {
    CandidatureStatus status = CandidatureStatus::EnCoursInscription;

    // Step 2: the candidate dossier.
    bool civilStatusComplete = false;  ///< nom de naissance, prénoms, sexe, date and place of birth
    bool outil6Received = false;       ///< scan of outil n°6, dossier de candidature

    // Step 3: the candidature.
    bool certificateKnown = false;
    std::size_t competencesChosen = 0;
    bool parcoursSet = false;
    bool dispositifSet = false;
    bool etablissementSet = false;

    // Step 4: the évaluateur habilité confirmed by the company.
    bool evaluatorConfirmed = false;
    Refusals evaluatorIneligibility;  ///< from checkEvaluatorEligibility; empty when eligible

    // Step 5: the évaluateur habilité's work.
    bool metierInvited = false;
    std::size_t competencesWithResult = 0;
    std::size_t competencesWithComment = 0;
    bool candidateObservations = false;
    bool outil4Received = false;
    std::optional<Date> evaluationDate;
    std::optional<Date> resultsReceivedOn;

    // Step 6: the évaluateur métier's observations.
    bool metierObservations = false;

    // Step 7: registration to a jury (the jury it was placed in).
    std::optional<Date> registeredOn;
    std::optional<Date> juryDate;

    // Step 8: the jury's decision.
    std::optional<Outcome> outcome;

    // Papers the secretariat must look at first (a doubtful scan, a scan contradicting the
    // results): they hold the candidature until the jury's list is made.
    std::size_t openReviews = 0;
    // Scans of the dossier not read yet: a form named by a submission is read and compared with
    // it by the ingest stage before the dossier goes on a jury's list.
    std::size_t scansUnread = 0;
};

/// The candidature moves to `next`; `rule` names the rule that allowed it (kept in the history).
struct Advance {
    CandidatureStatus next;
    std::string rule;
};

/// The candidature stays where it is; every unmet precondition is listed.
struct Blocked {
    Refusals unmet;
};

/// The candidature has a final status: nothing follows.
struct Terminal {};

using Transition = std::variant<Advance, Blocked, Terminal>;

/// The one step that may follow the candidature's current status on `today`. Never skips a
/// step and never goes back: callers apply an Advance and ask again.
Transition nextTransition(const CandidatureFacts& facts, Date today, const Deadlines& deadlines);

/// A secretariat correction from `from` to `to`: only to an earlier step, only with a reason.
/// Empty when allowed.
Refusals checkCorrection(CandidatureStatus from, CandidatureStatus to, const std::string& reason);

}  // namespace cqp::rules
