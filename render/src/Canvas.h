#pragma once

// Private: a PDF being drawn with PoDoFo — the document, its two embedded fonts and the
// painter on the current page — shared by the forms, the print batches and the reports.

#include "cqp/render/Fonts.h"

#include <podofo/podofo.h>

#include <string>
#include <vector>

namespace cqp::render::detail {

/// PDF points per millimetre, and an A4 page in points (portrait).
inline constexpr double mm = 72.0 / 25.4;
inline constexpr double a4Width = 595.0;
inline constexpr double a4Height = 842.0;

struct Canvas {
    explicit Canvas(const FontSet& fonts);

    PoDoFo::PdfMemDocument document;
    PoDoFo::PdfFont* regular = nullptr;
    PoDoFo::PdfFont* bold = nullptr;
    PoDoFo::PdfPainter painter;  // after the document: destroyed before it
    PoDoFo::PdfPage* page = nullptr;
    int pages = 0;

    /// Finishes the current page, if any, and paints on a new one of `size` points.
    void newPage(const PoDoFo::PdfRect& size);
    /// Finishes the current page, if any.
    void endPage();
    /// Writes with `font` at `size` points from now on.
    void setFont(PoDoFo::PdfFont* font, double size);
    /// Width in points of `utf8` in the current font.
    double width(const std::string& utf8) const;
    /// `utf8` split into lines of at most `maxWidth` points in the current font.
    std::vector<std::string> wrap(const std::string& utf8, double maxWidth) const;
    /// The four corner marks and the QR code saying `code` where the scan reader looks for them
    /// (rules::formLayout), in black on the current A4 page.
    void formMarks(const std::string& code);
    /// Ends the last page; the document's bytes.
    std::string finish(const std::string& title);
};

}  // namespace cqp::render::detail
