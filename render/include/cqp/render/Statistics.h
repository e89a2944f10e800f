#pragma once

// The statistics report of the branch as a PDF: per section a chart drawn in the page (bars or
// lines, French labels and legend) and the table of its figures; the period and the date of
// the data on every page. The figures come as text, already formatted in French.

#include "cqp/render/Fonts.h"

#include <cstddef>
#include <string>
#include <vector>

namespace cqp::render {

struct StatTable {
    enum class Chart { None, Bars, Lines };
    std::string title;                          ///< "Candidatures par statut"
    std::vector<std::string> columns;           ///< the first names the rows: "Statut", "Nombre"
    std::vector<std::vector<std::string>> rows; ///< one cell per column; numbers like "12" or "37,5"
    Chart chart = Chart::Bars;
    std::vector<std::size_t> plotted;           ///< the numeric columns drawn (their headers make the legend)
    std::string note;                           ///< a sentence under the table (how a figure is counted)
};

struct StatsDocument {
    std::string title;     ///< "Statistiques des CQP des Industries Chimiques"
    std::string period;    ///< "Période du 01/01/2027 au 31/12/2027"
    std::string dataDate;  ///< "Données au 01/02/2027"
    std::vector<StatTable> tables;
};

std::string renderStatistics(const StatsDocument& document, const FontSet& fonts);

/// "37,5" → 37.5, "12 %" → 12; 0 for text that is not a number.
double statNumber(const std::string& cell);

}  // namespace cqp::render
