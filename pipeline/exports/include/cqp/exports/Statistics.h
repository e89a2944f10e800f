#pragma once

// The branch's statistics for a period: what `cqp stats` writes (PDF or CSV) and the monthly
// report mails to the secretariat.

#include "cqp/render/Statistics.h"
#include "cqp/rules/Date.h"
#include "cqp/rules/Deadlines.h"
#include "cqp/rules/Referential.h"

#include <string>

namespace cqp::pipeline {

class Store;

/// Every figure of the period [from, to] (both included), the data as of `asOf`: candidatures
/// by status, CQP, company and dispositif; outcomes by CQP; durations between the steps (median,
/// 90th percentile); jury fill rates; deadline breaches and reminders; mail delivery; inputs
/// kept aside. Texts in French, numbers formatted in French.
render::StatsDocument statistics(Store& store, const rules::Referential& referential, const rules::Deadlines& deadlines,
                                 rules::Date from, rules::Date to, rules::Date asOf);

/// The same figures for a spreadsheet: UTF-8 with BOM, ";" between cells, decimal commas, one
/// block per table (its title, its header, its rows, an empty line).
std::string statisticsCsv(const render::StatsDocument& document);

}  // namespace cqp::pipeline
