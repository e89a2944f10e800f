#pragma once

#include "cqp/repositories/Id.h"
#include "cqp/repositories/MailRecords.h"
#include "cqp/rules/Date.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cqp::pipeline {

namespace detail {
class Database;
}

/// The counts the statistics report is made of, each for a period [from, to] (logical dates,
/// both included), straight from SQL (grouped in the database, not in memory).
class StatisticsRepository {
public:
    explicit StatisticsRepository(detail::Database& db) : db_{db} {}

    struct Count {
        std::string key;
        long long count = 0;
    };
    using Period = std::pair<rules::Date, rules::Date>;
    using Span = std::pair<rules::Date, rules::Date>;  ///< a dossier's start and end of a step

    /// Candidatures created in the period, by current status, CQP, company, dispositif, month (YYYY-MM).
    std::vector<Count> createdBy(const std::string& what, const Period& period);
    /// Candidatures that reached a final status in the period, by month.
    std::vector<Count> decidedByMonth(const Period& period);
    /// Final statuses reached in the period: key "CQP|status".
    std::vector<Count> outcomesByCertificate(const Period& period);
    /// Steps ended in the period: creation → evaluation (results received), evaluation → jury
    /// (jury held), jury → parchment (issued), creation → parchment.
    std::vector<Span> step(const std::string& which, const Period& period);

    struct JuryFill {
        Id id = 0;
        rules::Date date;
        std::optional<std::string> certificate;
        long long capacity = 0;
        long long placed = 0;
        std::optional<rules::Date> lastDecision;
        long long undecided = 0;  ///< placed, still in inscription au jury without decision
    };
    std::vector<JuryFill> juriesHeld(const Period& period);

    /// Submissions of the period refused by the rule `code` (results_too_late…).
    long long refusedBy(const std::string& code, const Period& period);
    long long rejectedSubmissions(const Period& period);
    long long registrationsMoved(const Period& period);
    std::vector<Count> remindersByKind(const Period& period);
    /// Mails of the period by state (sent, pending, failed).
    std::vector<Count> mailsByState(const Period& period);
    long long receivedInState(ReceivedState state, const Period& period);
    long long reviewsOpened(const Period& period);

private:
    detail::Database& db_;
};

}  // namespace cqp::pipeline
