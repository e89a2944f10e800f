#include "cqp/render/Statistics.h"

#include "Canvas.h"
#include "PdfText.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace cqp::render {

using namespace PoDoFo;

namespace {

using detail::mm;
constexpr double pageWidth = detail::a4Width;
constexpr double pageHeight = detail::a4Height;
constexpr double left = 18 * mm;
constexpr double right = pageWidth - 18 * mm;
constexpr double top = pageHeight - 28 * mm;
constexpr double bottom = 20 * mm;
constexpr double rowHeight = 13;
constexpr double chartHeight = 52 * mm;

struct Colour {
    double r, g, b;
};
constexpr Colour ink{0.10, 0.10, 0.12};
constexpr Colour grey{0.45, 0.45, 0.50};
constexpr Colour rule{0.80, 0.80, 0.84};
// Series colours, told apart also in grey print.
constexpr Colour series[] = {{0.12, 0.29, 0.53}, {0.87, 0.49, 0.13}, {0.36, 0.62, 0.33}, {0.70, 0.20, 0.25}, {0.50, 0.40, 0.70}};

// The round step for an axis up to `max` in about four steps: 1, 2 or 5 times a power of ten.
double niceStep(double max)
{
    if (max <= 0)
        return 1;
    const double raw = max / 4;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double f : {1.0, 2.0, 5.0, 10.0})
        if (f * power >= raw)
            return max < 4 ? std::max(f * power, max < 1 ? 0.25 : 1.0) : f * power;
    return 10 * power;
}

std::string axisLabel(double value)
{
    const double rounded = std::round(value * 10) / 10;
    std::string text = std::fabs(rounded - std::round(rounded)) < 1e-9 ? std::to_string(static_cast<long long>(std::llround(rounded)))
                                                                       : std::to_string(rounded).substr(0, std::to_string(rounded).find('.') + 2);
    std::replace(text.begin(), text.end(), '.', ',');
    return text;
}

class Writer : public detail::Canvas {
public:
    Writer(const FontSet& fonts, const StatsDocument& d) : Canvas{fonts}, doc_{d} {}

    void section(const StatTable& t)
    {
        const bool chart = t.chart != StatTable::Chart::None && !t.rows.empty() && !t.plotted.empty();
        // A short table of two or three columns goes beside its chart; a longer one below.
        const double split = left + (right - left) * 0.58;
        bool beside = chart && t.columns.size() <= 3 && t.rows.size() <= 12;
        if (beside) {  // … and when its labels fit there whole (measured without a page)
            regular->SetFontSize(8.5f);
            const double labelRoom = right - split - 6 * mm - 16 * mm * static_cast<double>(t.columns.size() - 1) - 4;
            for (const auto& row : t.rows)
                beside = beside && !row.empty() && regular->GetFontMetrics()->StringWidth(detail::pdfText(row[0])) <= labelRoom;
        }
        const double tableHeight = rowHeight * (static_cast<double>(t.rows.size()) + 1);
        const double needed = 30 + (beside ? std::max(chartHeight + 4 * mm, tableHeight)
                                           : (chart ? chartHeight + 14 * mm : 0) + rowHeight * std::min<double>(static_cast<double>(t.rows.size()) + 1, 8));
        if (!page || y_ - needed < bottom)
            newPage();
        font(bold, 12, ink);
        text(left, y_, t.title);
        y_ -= 8 * mm;
        if (beside) {
            const double start = y_;
            drawChart(t, left, split);
            const double chartEnd = y_;
            y_ = start - 6 * mm;  // level with the plot, under the legend
            drawTable(t, split + 6 * mm, right);
            y_ = std::min(y_, chartEnd) - 2 * mm;
        } else {
            if (chart) {
                drawChart(t, left, right);
                y_ -= 8 * mm;
            }
            drawTable(t, left, right);
        }
        if (!t.note.empty()) {
            font(regular, 8, grey);
            for (const auto& line : wrap(t.note, right - left)) {
                need(10);
                text(left, y_, line);
                y_ -= 10;
            }
        }
        y_ -= 8 * mm;
    }

    std::string finishDocument() { return finish(doc_.title + " — " + doc_.period); }

private:
    const StatsDocument& doc_;
    double y_ = 0;

    void font(PdfFont* f, double size, Colour c)
    {
        setFont(f, size);
        painter.SetColor(c.r, c.g, c.b);
    }
    void text(double x, double yy, const std::string& s) { painter.DrawText(x, yy, detail::pdfText(s)); }
    void line(double x1, double y1, double x2, double y2, Colour c, double width)
    {
        painter.SetStrokingColor(c.r, c.g, c.b);
        painter.SetStrokeWidth(width);
        painter.DrawLine(x1, y1, x2, y2);
    }
    void box(double x, double yy, double w, double h, Colour c)
    {
        painter.SetColor(c.r, c.g, c.b);
        painter.Rectangle(x, yy, w, h);
        painter.Fill();
    }
    // `s` cut to `width` points with an ellipsis.
    std::string fitted(const std::string& s, double width)
    {
        if (this->width(s) <= width)
            return s;
        std::string cut = s;
        while (!cut.empty() && this->width(cut + "…") > width) {
            cut.pop_back();
            while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80)
                cut.pop_back();
            if (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0xC0)
                cut.pop_back();
        }
        return cut + "…";
    }

    void newPage()
    {
        Canvas::newPage(PdfRect{0, 0, pageWidth, pageHeight});
        font(bold, 10, ink);
        text(left, pageHeight - 14 * mm, doc_.title);
        font(regular, 8.5, grey);
        text(left, pageHeight - 19 * mm, doc_.period + " — " + doc_.dataDate);
        const std::string number = "page " + std::to_string(pages);
        text(right - width(number), pageHeight - 14 * mm, number);
        line(left, pageHeight - 21.5 * mm, right, pageHeight - 21.5 * mm, rule, 0.6);
        y_ = top;
    }

    void need(double height)
    {
        if (y_ - height < bottom)
            newPage();
    }

    void drawChart(const StatTable& t, double from, double to)
    {
        const double x0 = from + 14 * mm, x1 = to - 2 * mm;
        const double y0 = y_ - chartHeight, y1 = y_ - 8 * mm;  // the legend above the plot
        double max = 0;
        for (const auto& row : t.rows)
            for (auto c : t.plotted)
                if (c < row.size())
                    max = std::max(max, statNumber(row[c]));
        // Shares in per cent are drawn against 100 %, so that a bar says how full, not how it compares.
        const bool shares = std::all_of(t.plotted.begin(), t.plotted.end(),
                                        [&](std::size_t c) { return t.columns[c].find("(%)") != std::string::npos; });
        const double step = shares ? 25 : niceStep(max);
        const double scaleTop = shares ? std::max(100.0, std::ceil(max / step) * step) : std::max(step, std::ceil(max / step) * step);
        auto yOf = [&](double v) { return y0 + (y1 - y0) * v / scaleTop; };
        // Grid and scale.
        font(regular, 7, grey);
        for (double v = 0; v <= scaleTop + 1e-9; v += step) {
            line(x0, yOf(v), x1, yOf(v), rule, 0.4);
            const auto label = axisLabel(v);
            text(x0 - 2 - width(label), yOf(v) - 2.5, label);
        }
        line(x0, y0, x0, y1, grey, 0.6);
        // Legend, top right.
        double lx = x1;
        for (std::size_t i = t.plotted.size(); i-- > 0;) {
            const auto& name = t.columns[t.plotted[i]];
            font(regular, 7.5, ink);
            lx -= width(name);
            text(lx, y_ - 3 * mm, name);
            lx -= 9;
            box(lx, y_ - 3 * mm, 6, 6, series[i % 5]);
            lx -= 10;
        }
        const std::size_t n = t.rows.size();
        const double slot = (x1 - x0) / static_cast<double>(n);
        const std::size_t labelEvery = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(28.0 / slot)));
        if (t.chart == StatTable::Chart::Bars) {
            const double groupWidth = slot * 0.75;
            const double barWidth = groupWidth / static_cast<double>(t.plotted.size());
            for (std::size_t r = 0; r < n; ++r)
                for (std::size_t s = 0; s < t.plotted.size(); ++s) {
                    const double v = t.plotted[s] < t.rows[r].size() ? statNumber(t.rows[r][t.plotted[s]]) : 0;
                    if (v > 0)
                        box(x0 + slot * static_cast<double>(r) + (slot - groupWidth) / 2 + barWidth * static_cast<double>(s), y0,
                            barWidth, yOf(v) - y0, series[s % 5]);
                }
        } else {
            for (std::size_t s = 0; s < t.plotted.size(); ++s) {
                const auto colour = series[s % 5];
                double px = 0, py = 0;
                for (std::size_t r = 0; r < n; ++r) {
                    const double x = x0 + slot * (static_cast<double>(r) + 0.5);
                    const double yy = yOf(t.plotted[s] < t.rows[r].size() ? statNumber(t.rows[r][t.plotted[s]]) : 0);
                    if (r > 0)
                        line(px, py, x, yy, colour, 1.4);
                    box(x - 1.8, yy - 1.8, 3.6, 3.6, colour);
                    px = x;
                    py = yy;
                }
            }
        }
        categoryLabels(t, x0, y0, slot, labelEvery);
    }

    // The category labels under a chart, whole: on several lines, in a smaller size if a word
    // is wider than its slot.
    void categoryLabels(const StatTable& t, double x0, double y0, double slot, std::size_t labelEvery)
    {
        const std::size_t n = t.rows.size();
        const double room = slot * static_cast<double>(labelEvery) - 3;
        double size = 6.5;
        const auto widestWord = [&] {
            double widest = 0;
            for (std::size_t r = 0; r < n; r += labelEvery)
                for (const auto& word : detail::wrapText(*regular, t.rows[r][0], 0))
                    widest = std::max(widest, width(word));
            return widest;
        };
        font(regular, size, ink);
        while (size > 4.5 && widestWord() > room) {
            size -= 0.5;
            font(regular, size, ink);
        }
        std::size_t deepest = 1;
        for (std::size_t r = 0; r < n; r += labelEvery) {
            const auto lines = wrap(t.rows[r][0], room);
            deepest = std::max(deepest, lines.size());
            double ly = y0 - 9;
            for (const auto& label : lines) {
                text(x0 + slot * (static_cast<double>(r) + 0.5) - width(label) / 2, ly, label);
                ly -= size + 1.5;
            }
        }
        y_ = y0 - 9 - static_cast<double>(deepest) * (size + 1.5) - 4;
    }

    void drawTable(const StatTable& t, double x0, double x1)
    {
        const std::size_t columns = t.columns.size();
        if (columns == 0)
            return;
        // Each number column as wide as its header (at least 16 mm); the label column takes the rest.
        font(bold, 8, ink);
        std::vector<double> widths(columns, 16 * mm);
        double numbers = 0;
        for (std::size_t c = 1; c < columns; ++c) {
            widths[c] = std::max(16 * mm, width(t.columns[c]) + 8);
            numbers += widths[c];
        }
        const double labelWidth = std::max(x1 - x0 - numbers, (x1 - x0) * 0.4);
        std::vector<double> ends(columns, x0 + labelWidth);  // the x1 edge of each number column
        for (std::size_t c = 1; c < columns; ++c)
            ends[c] = ends[c - 1] + widths[c];
        auto header = [&] {
            need(rowHeight * 2);
            font(bold, 8, ink);
            text(x0, y_, fitted(t.columns[0], labelWidth - 4));
            for (std::size_t c = 1; c < columns; ++c) {
                const auto h = fitted(t.columns[c], widths[c] - 4);
                text(ends[c] - 2 - width(h), y_, h);
            }
            line(x0, y_ - 3.5, x1, y_ - 3.5, grey, 0.6);
            y_ -= rowHeight;
        };
        header();
        if (t.rows.empty()) {
            font(regular, 8.5, grey);
            text(x0, y_, "Aucune donnée sur la période.");
            y_ -= rowHeight;
            return;
        }
        for (const auto& row : t.rows) {
            if (y_ - rowHeight < bottom) {
                newPage();
                font(bold, 9, grey);
                text(x0, y_, t.title + " (suite)");
                y_ -= rowHeight * 1.4;
                header();
            }
            // The label whole, on as many lines as it takes; the figures on its first line.
            font(regular, 8.5, ink);
            const auto label = wrap(row.empty() ? "" : row[0], labelWidth - 4);
            const double extra = static_cast<double>(label.size() - 1) * (rowHeight - 2);
            if (extra > 0 && y_ - rowHeight - extra < bottom) {
                newPage();
                header();
                font(regular, 8.5, ink);
            }
            for (std::size_t l = 0; l < label.size(); ++l)
                text(x0, y_ - static_cast<double>(l) * (rowHeight - 2), label[l]);
            for (std::size_t c = 1; c < columns && c < row.size(); ++c)
                text(ends[c] - 2 - width(row[c]), y_, row[c]);
            line(x0, y_ - 3.5 - extra, x1, y_ - 3.5 - extra, rule, 0.3);
            y_ -= rowHeight + extra;
        }
    }
};

}  // namespace

double statNumber(const std::string& cell)
{
    std::string digits;
    for (char c : cell) {
        if ((c >= '0' && c <= '9') || c == '-')
            digits += c;
        else if (c == ',' || c == '.')
            digits += '.';
        else if (c != ' ' && c != '%')
            return 0;
    }
    return digits.empty() ? 0 : std::strtod(digits.c_str(), nullptr);
}

std::string renderStatistics(const StatsDocument& document, const FontSet& fonts)
{
    Writer writer{fonts, document};
    for (const auto& table : document.tables)
        writer.section(table);
    return writer.finishDocument();
}

}  // namespace cqp::render
