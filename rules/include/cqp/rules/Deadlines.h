#pragma once

#include "cqp/rules/Date.h"
#include "cqp/rules/Refusal.h"

#include <optional>
#include <string>
#include <utility>

namespace cqp::rules {

/// The time limits of the process. Defaults are the branch's (Certifi@ mode d'emploi, 2023);
/// every one can be changed in the configuration.
struct Deadlines {
    int resultsMaxDaysAfterEvaluation = 8;   ///< results accepted from the evaluation day to day + 8
    int registrationMinDaysBeforeJury = 21;  ///< registration at the latest 3 weeks before the jury
    int decisionMaxHoursAfterJury = 48;      ///< jury results available within 48 h
    int acquiredValidityYears = 5;           ///< validated competences of a partial outcome stay acquired
    int resultsReminderDays = 2;             ///< reminder when the results window closes within this many days
    int registrationReminderDays = 7;        ///< reminder when a jury's registration cut-off is this close
    int signatureMaxAgeDays = 30;            ///< a document signed longer ago than this is refused (format 1.1)
    /// Documents of format 1.0 (no identifier, no signing date) are accepted until this day.
    Date version10AcceptedUntil = Date::fromYmd(2027, 6, 30);
};

/// A signed document of format `version` ("1.0", "1.1"), signed on `signedOn` (1.1), received
/// on `received`: refused when signed too long ago, dated after its arrival (one day of
/// tolerance for time zones), or of format 1.0 after its last day.
Refusals checkSigning(const std::string& version, std::optional<Date> signedOn, Date received, const Deadlines& deadlines);

/// Results of an evaluation held on `evaluation` and received on `received`.
Refusals checkResultsDate(Date evaluation, Date received, const Deadlines& deadlines);

/// Last day on which a registration to the jury meeting on `jury` is accepted.
Date registrationCutoff(Date jury, const Deadlines& deadlines);

/// A registration received on `registered` for the jury meeting on `jury`.
Refusals checkRegistrationDate(Date registered, Date jury, const Deadlines& deadlines);

/// Last day on which the decisions of the jury meeting on `jury` are due.
Date decisionDueDate(Date jury, const Deadlines& deadlines);

/// True when on `today` the decisions of the jury meeting on `jury` are late.
bool isDecisionOverdue(Date jury, Date today, const Deadlines& deadlines);

/// The juries held before this date have their decisions overdue on `today`
/// (isDecisionOverdue for exactly those), for finding them in one query.
Date decisionsOverdueForJuriesBefore(Date today, const Deadlines& deadlines);

/// Last day on which the results of an evaluation held on `evaluation` are accepted.
Date resultsDueDate(Date evaluation, const Deadlines& deadlines);

/// Reminders are due on `today`: the results of an evaluation held on `evaluation` (window
/// closing in `resultsReminderDays` days or fewer), a registration to the jury meeting on
/// `jury` (cut-off in `registrationReminderDays` days or fewer).
bool isResultsReminderDue(Date evaluation, Date today, const Deadlines& deadlines);
bool isRegistrationReminderDue(Date jury, Date today, const Deadlines& deadlines);

/// The evaluation dates for which isResultsReminderDue(·, today): [first, last].
std::pair<Date, Date> resultsReminderRange(Date today, const Deadlines& deadlines);

}  // namespace cqp::rules
