#include "cqp/rules/Deadlines.h"

#include <string>

namespace cqp::rules {

Refusals checkResultsDate(Date evaluation, Date received, const Deadlines& deadlines)
{
    Refusals refusals;
    if (received < evaluation) {
        refusals.push_back({"results_before_evaluation",
                            "Les résultats ne peuvent pas être saisis avant le jour de l'évaluation (" +
                                evaluation.french() + ") ; ils ont été reçus le " + received.french() + "."});
    } else if (const Date last = evaluation.plusDays(deadlines.resultsMaxDaysAfterEvaluation); received > last) {
        refusals.push_back({"results_too_late",
                            "Les résultats de l'évaluation du " + evaluation.french() +
                                " devaient être saisis au plus tard le " + last.french() + " (" +
                                std::to_string(deadlines.resultsMaxDaysAfterEvaluation) +
                                " jours après l'évaluation) ; ils ont été reçus le " + received.french() + "."});
    }
    return refusals;
}

Refusals checkSigning(const std::string& version, std::optional<Date> signedOn, Date received, const Deadlines& deadlines)
{
    Refusals refusals;
    if (version == "1.0") {
        if (received > deadlines.version10AcceptedUntil)
            refusals.push_back({"format_retired", "La version 1.0 du format n'est plus acceptée depuis le " +
                                                      deadlines.version10AcceptedUntil.plusDays(1).french() +
                                                      " : envoyez un document de la version 1.1 (attributs « identifiant » "
                                                      "et « dateSignature »)."});
        return refusals;
    }
    if (!signedOn)
        return refusals;
    if (*signedOn > received.plusDays(1)) {
        refusals.push_back({"signed_in_future", "Le document est daté du " + signedOn->french() + " (dateSignature), après sa "
                                                "réception le " + received.french() + " : vérifiez la date de l'ordinateur qui signe."});
    } else if (const Date oldest = received.plusDays(-deadlines.signatureMaxAgeDays); *signedOn < oldest) {
        refusals.push_back({"signature_too_old", "Le document a été signé le " + signedOn->french() + ", il y a plus de " +
                                                     std::to_string(deadlines.signatureMaxAgeDays) +
                                                     " jours : un document signé n'est accepté que dans ce délai. Signez-le à "
                                                     "nouveau, avec un nouvel identifiant."});
    }
    return refusals;
}

Date registrationCutoff(Date jury, const Deadlines& deadlines)
{
    return jury.plusDays(-deadlines.registrationMinDaysBeforeJury);
}

Refusals checkRegistrationDate(Date registered, Date jury, const Deadlines& deadlines)
{
    Refusals refusals;
    if (const Date cutoff = registrationCutoff(jury, deadlines); registered > cutoff) {
        refusals.push_back({"registration_too_late",
                            "L'inscription au jury du " + jury.french() + " devait parvenir au plus tard le " +
                                cutoff.french() + " (" + std::to_string(deadlines.registrationMinDaysBeforeJury) +
                                " jours avant le jury) ; elle a été reçue le " + registered.french() + "."});
    }
    return refusals;
}

Date decisionDueDate(Date jury, const Deadlines& deadlines)
{
    // A meeting has no hour in the calendar: 48 h after a meeting day end two days later.
    return jury.plusDays((deadlines.decisionMaxHoursAfterJury + 23) / 24);
}

bool isDecisionOverdue(Date jury, Date today, const Deadlines& deadlines)
{
    return today > decisionDueDate(jury, deadlines);
}

Date decisionsOverdueForJuriesBefore(Date today, const Deadlines& deadlines)
{
    return today.plusDays(-decisionDueDate(today, deadlines).daysSince(today));
}

Date resultsDueDate(Date evaluation, const Deadlines& deadlines)
{
    return evaluation.plusDays(deadlines.resultsMaxDaysAfterEvaluation);
}

bool isResultsReminderDue(Date evaluation, Date today, const Deadlines& deadlines)
{
    const Date due = resultsDueDate(evaluation, deadlines);
    return today <= due && due.daysSince(today) <= deadlines.resultsReminderDays;
}

bool isRegistrationReminderDue(Date jury, Date today, const Deadlines& deadlines)
{
    const Date cutoff = registrationCutoff(jury, deadlines);
    return today <= cutoff && cutoff.daysSince(today) <= deadlines.registrationReminderDays;
}

std::pair<Date, Date> resultsReminderRange(Date today, const Deadlines& deadlines)
{
    return {today.plusDays(-deadlines.resultsMaxDaysAfterEvaluation),
            today.plusDays(deadlines.resultsReminderDays - deadlines.resultsMaxDaysAfterEvaluation)};
}

}  // namespace cqp::rules
