#pragma once

// Summaries the branch's statistics are made of. Pure functions of plain numbers.

#include <string>
#include <vector>

namespace cqp::rules {

/// Durations in days between two steps of the process.
struct DurationSummary {
    int count = 0;
    double median = 0;  ///< the middle value; the mean of the two middle ones for an even count
    int p90 = 0;        ///< 90th percentile, nearest rank: 90 % of the durations are at most this
};

DurationSummary summarizeDurations(std::vector<int> days);

/// The French name of a dispositif de formation code of the submissions ("" → "Non renseigné").
std::string dispositifLabel(const std::string& code);
/// Every dispositif code of the submissions, in the schema's order.
const std::vector<std::string>& dispositifCodes();

/// `part` of `whole` in per cent, rounded to one decimal; 0 when `whole` is 0.
double percent(long long part, long long whole);

}  // namespace cqp::rules
