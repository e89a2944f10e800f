// The statistics of a period: the same figures as `cqp stats`, tables with their charts drawn
// as inline SVG (no script), and the CSV for a spreadsheet.

#include "Html.h"
#include "Http.h"

#include "cqp/exports/Statistics.h"

#include <algorithm>
#include <cmath>

namespace cqp::pipeline::web {

namespace {

struct Period {
    rules::Date from;
    rules::Date to;
    bool valid = true;
};

Period periodOf(Console& c)
{
    const auto today = c.today();
    Period p{today.plusDays(-364), today};  // the last twelve months
    const auto from = c.request.param("du");
    const auto to = c.request.param("au");
    if (!from.empty() || !to.empty()) {
        const auto f = rules::Date::parseIso(from);
        const auto t = rules::Date::parseIso(to);
        p.valid = f && t && !(*t < *f);
        if (p.valid) {
            p.from = *f;
            p.to = *t;
        }
    }
    return p;
}

std::string number(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, value == std::floor(value) ? "%.0f" : "%.1f", value);
    std::string out = text;
    std::replace(out.begin(), out.end(), '.', ',');
    return out;
}

// Horizontal bars of the first plotted column: one row per line of the table.
std::string barChart(const render::StatTable& t)
{
    if (t.chart == render::StatTable::Chart::None || t.plotted.empty() || t.rows.empty())
        return {};
    const std::size_t column = t.plotted.front();
    double top = 0;
    for (const auto& row : t.rows)
        if (column < row.size())
            top = std::max(top, render::statNumber(row[column]));
    if (top <= 0)
        return {};
    const int rowHeight = 22, labelWidth = 260, barWidth = 360;
    const int height = static_cast<int>(t.rows.size()) * rowHeight + 10;
    std::string svg = "<svg class=\"chart\" role=\"img\" aria-label=\"" + h(t.title + " : " + t.columns[column]) +
                      "\" viewBox=\"0 0 " + std::to_string(labelWidth + barWidth + 70) + " " + std::to_string(height) +
                      "\" width=\"" + std::to_string(labelWidth + barWidth + 70) + "\" height=\"" + std::to_string(height) +
                      "\" xmlns=\"http://www.w3.org/2000/svg\">";
    int y = 5;
    for (const auto& row : t.rows) {
        const double value = column < row.size() ? render::statNumber(row[column]) : 0;
        const int width = static_cast<int>(std::lround(value / top * barWidth));
        std::string label = row.empty() ? "" : row[0];
        if (label.size() > 40)
            label = label.substr(0, 38) + "…";
        svg += "<text x=\"0\" y=\"" + std::to_string(y + 15) + "\">" + h(label) + "</text><rect x=\"" + std::to_string(labelWidth) +
               "\" y=\"" + std::to_string(y + 3) + "\" width=\"" + std::to_string(std::max(width, 1)) +
               "\" height=\"15\" fill=\"#00508f\"></rect><text x=\"" + std::to_string(labelWidth + width + 6) + "\" y=\"" +
               std::to_string(y + 15) + "\">" + h(number(value)) + "</text>";
        y += rowHeight;
    }
    return svg + "</svg>\n";
}

}  // namespace

Response statisticsPage(Console& c)
{
    const auto p = periodOf(c);
    std::string body = "<form method=\"get\" action=\"/secretariat/statistiques\" class=\"row\"><label for=\"du\">Du</label>"
                       "<input id=\"du\" name=\"du\" type=\"date\" value=\"" +
                       h(p.from.iso()) + "\"><label for=\"au\">Au</label><input id=\"au\" name=\"au\" type=\"date\" value=\"" +
                       h(p.to.iso()) + "\"><button type=\"submit\">Afficher</button></form>\n";
    if (!p.valid)
        body += "<p class=\"error\" role=\"alert\">Période incorrecte : deux dates, la première avant la seconde.</p>\n";
    const auto document = statistics(c.store, c.context.web.referential, c.context.web.deadlines, p.from, p.to, c.today());
    body += "<p>" + h(document.period) + " — " + h(document.dataDate) + " — " +
            link("/secretariat/statistiques.csv?du=" + p.from.iso() + "&au=" + p.to.iso(), "télécharger en CSV (tableur)") + "</p>\n";
    for (const auto& t : document.tables) {
        std::vector<std::vector<std::string>> rows;
        for (const auto& row : t.rows) {
            std::vector<std::string> cells;
            for (const auto& cell : row)
                cells.push_back(h(cell));
            rows.push_back(cells);
        }
        body += "<h2>" + h(t.title) + "</h2>\n" + barChart(t) + table("Les chiffres", t.columns, rows) +
                (t.note.empty() ? "" : "<p class=\"muted\">" + h(t.note) + "</p>\n");
    }
    return page(c, "Statistiques", "/secretariat/statistiques", body);
}

Response statisticsCsvFile(Console& c)
{
    const auto p = periodOf(c);
    const auto document = statistics(c.store, c.context.web.referential, c.context.web.deadlines, p.from, p.to, c.today());
    Response r;
    r.contentType = "text/csv; charset=utf-8";
    r.body = statisticsCsv(document);
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"statistiques-" + p.from.iso() + "-" + p.to.iso() + ".csv\"");
    return r;
}

}  // namespace cqp::pipeline::web
