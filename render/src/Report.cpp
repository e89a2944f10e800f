#include "cqp/render/Report.h"

#include "Canvas.h"
#include "PdfText.h"

#include <podofo/podofo.h>

#include <stdexcept>

namespace cqp::render {

using namespace PoDoFo;

namespace {

using detail::mm;
constexpr double pageWidth = detail::a4Width;
constexpr double pageHeight = detail::a4Height;
constexpr double margin = 20 * mm;
constexpr double bottom = 22 * mm;

PdfString text(const std::string& utf8) { return detail::pdfText(utf8); }

}  // namespace

struct Report::Impl : detail::Canvas {
    double y = 0;
    std::string title;
    std::string footer;
    // Scanned PDFs, the page index they go at (right after the page drawn before them) and what
    // is written on their first page; inserted when the document is finished.
    struct Insert {
        std::string bytes;
        int at = 0;
        std::string caption;
        std::string warning;
    };
    std::vector<Insert> inserts;
    bool pageOwed = false;  // the next text starts a new page (a scan was just appended)

    Impl(const FontSet& fonts, std::string t, std::string f) : Canvas{fonts}, title{std::move(t)}, footer{std::move(f)}
    {
        newPage();
    }

    void font(PdfFont* f, double size, double r = 0.1, double g = 0.1, double b = 0.12)
    {
        setFont(f, size);
        painter.SetColor(r, g, b);
    }

    void newPage()
    {
        Canvas::newPage(PdfRect{0, 0, pageWidth, pageHeight});
        font(regular, 7.5, 0.4, 0.4, 0.45);
        painter.DrawText(margin, 12 * mm, text(footer));  // no page number: scans are inserted later
        painter.DrawText(pageWidth - margin - width(title), pageHeight - 12 * mm, text(title));
        y = pageHeight - 22 * mm;
    }

    void need(double height)
    {
        if (pageOwed || y - height < bottom) {
            pageOwed = false;
            newPage();
        }
    }

    // The caption, and the warning in red with a red frame, on a scan's page of `width` × `height`,
    // from `top` down; returns where the writing ended.
    double markScan(PdfPainter& p, double width, double height, double top, const std::string& caption,
                    const std::string& warning)
    {
        const double left = 12 * mm;
        bold->SetFontSize(8.5);
        p.SetFont(bold);
        p.SetColor(0.10, 0.18, 0.36);
        p.DrawText(left, top, text(caption));
        if (warning.empty())
            return top;
        p.SetColor(0.75, 0.05, 0.05);
        for (const auto& line : detail::wrapText(*bold, "ATTENTION — " + warning, width - 2 * left)) {
            top -= 10.5;
            p.DrawText(left, top, text(line));
        }
        p.SetStrokingColor(0.75, 0.05, 0.05);
        p.SetStrokeWidth(2.5);
        p.Rectangle(4 * mm, 4 * mm, width - 8 * mm, height - 8 * mm);
        p.Stroke();
        return top;
    }

};

Report::Report(const FontSet& fonts, std::string title, std::string footer)
    : impl_{std::make_unique<Impl>(fonts, std::move(title), std::move(footer))}
{
}
Report::~Report() = default;
int Report::pages() const { return impl_->pages; }

void Report::heading(const std::string& s)
{
    auto& d = *impl_;
    d.need(80);
    d.y -= 6;
    d.font(d.bold, 15, 0.10, 0.18, 0.36);
    for (const auto& line : d.wrap(s, pageWidth - 2 * margin)) {
        d.painter.DrawText(margin, d.y, text(line));
        d.y -= 19;
    }
    d.y -= 4;
}

void Report::subheading(const std::string& s)
{
    auto& d = *impl_;
    d.need(50);
    d.font(d.bold, 11.5, 0.10, 0.18, 0.36);
    for (const auto& line : d.wrap(s, pageWidth - 2 * margin)) {
        d.painter.DrawText(margin, d.y, text(line));
        d.y -= 15;
    }
    d.y -= 2;
}

void Report::paragraph(const std::string& s, bool strong)
{
    auto& d = *impl_;
    d.font(strong ? d.bold : d.regular, 9.5);
    for (const auto& line : d.wrap(s, pageWidth - 2 * margin)) {
        d.need(13);
        d.font(strong ? d.bold : d.regular, 9.5);
        d.painter.DrawText(margin, d.y, text(line));
        d.y -= 12.5;
    }
    d.y -= 4;
}

void Report::table(const std::vector<double>& widths, const std::vector<std::vector<std::string>>& rows)
{
    auto& d = *impl_;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const bool header = r == 0;
        d.font(header ? d.bold : d.regular, 8.5);
        std::vector<std::vector<std::string>> cells;
        std::size_t height = 1;
        for (std::size_t c = 0; c < widths.size(); ++c) {
            cells.push_back(d.wrap(c < rows[r].size() ? rows[r][c] : "", widths[c] * mm - 6));
            height = std::max(height, cells.back().size());
        }
        const double rowHeight = static_cast<double>(height) * 11 + 6;
        d.need(rowHeight);
        if (header) {
            d.painter.SetColor(0.90, 0.92, 0.96);
            d.painter.Rectangle(margin, d.y - rowHeight + 9, (pageWidth - 2 * margin), rowHeight);
            d.painter.Fill();
        }
        d.font(header ? d.bold : d.regular, 8.5);
        double x = margin;
        for (std::size_t c = 0; c < widths.size(); ++c) {
            double ly = d.y;
            for (const auto& line : cells[c]) {
                d.painter.DrawText(x + 3, ly, text(line));
                ly -= 11;
            }
            x += widths[c] * mm;
        }
        d.painter.SetStrokingColor(0.75, 0.77, 0.82);
        d.painter.SetStrokeWidth(0.3);
        d.painter.DrawLine(margin, d.y - rowHeight + 9, pageWidth - margin, d.y - rowHeight + 9);
        d.y -= rowHeight;
    }
    d.y -= 8;
}

void Report::pageBreak() { impl_->newPage(); }

bool Report::appendScan(const std::string& caption, const std::string& mediaType, const std::string& bytes,
                        const std::string& warning)
{
    auto& d = *impl_;
    if (mediaType == "application/pdf") {
        try {
            PdfMemDocument scan;
            scan.LoadFromBuffer(bytes.data(), static_cast<long>(bytes.size()));
            if (scan.GetPageCount() > 0) {
                // After the page being drawn; the text that follows starts a new page, so that no
                // page is left with a mere announcement on it.
                d.inserts.push_back({bytes, d.pages, caption, warning});
                d.pageOwed = true;
                return true;
            }
        } catch (const PdfError&) {
        }
    } else {
        try {
            PdfImage image{&d.document};
            image.LoadFromData(reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<pdf_long>(bytes.size()));
            d.pageOwed = false;
            d.newPage();
            const double below = d.markScan(d.painter, pageWidth, pageHeight, pageHeight - 20 * mm, caption, warning);
            const double maxW = pageWidth - 2 * margin;
            const double maxH = below - bottom - 10;
            const double scale = std::min(maxW / image.GetWidth(), maxH / image.GetHeight());
            d.painter.DrawImage(margin, bottom, &image, scale, scale);
            d.y = bottom;
            return true;
        } catch (const PdfError&) {
        }
    }
    paragraph(caption + " : le fichier stocké (" + mediaType + ") n'a pas pu être lu ; il reste disponible au secrétariat.");
    return false;
}

std::string Report::finishReproducible()
{
    auto& info = impl_->document.GetInfo()->GetObject()->GetDictionary();
    info.RemoveKey(PdfName{"CreationDate"});
    info.RemoveKey(PdfName{"ModDate"});
    return finish();
}

std::string Report::finish()
{
    auto& d = *impl_;
    d.endPage();
    // From the last insertion point backwards, so that earlier indexes stay right.
    for (auto it = d.inserts.rbegin(); it != d.inserts.rend(); ++it) {
        PdfMemDocument scan;
        scan.LoadFromBuffer(it->bytes.data(), static_cast<long>(it->bytes.size()));
        for (int i = 0; i < scan.GetPageCount(); ++i)
            d.document.InsertExistingPageAt(scan, i, it->at + i);
        d.pages += scan.GetPageCount();
        PdfPage* first = d.document.GetPage(it->at);
        const PdfRect size = first->GetPageSize();
        PdfPainter stamp;
        stamp.SetPage(first);
        d.markScan(stamp, size.GetWidth(), size.GetHeight(), size.GetHeight() - 7 * mm, it->caption, it->warning);
        stamp.FinishPage();
    }
    return detail::writePdf(d.document, d.title);
}

}  // namespace cqp::render
