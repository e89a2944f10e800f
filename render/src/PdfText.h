#pragma once

// Private: what the PDF writers of render/ share over PoDoFo — UTF-8 strings, the embedded
// font subsets, and line wrapping.

#include "cqp/render/Fonts.h"

#include <podofo/podofo.h>

#include <string>
#include <vector>

namespace cqp::render::detail {

PoDoFo::PdfString pdfText(const std::string& utf8);

struct FontPair {
    PoDoFo::PdfFont* regular = nullptr;
    PoDoFo::PdfFont* bold = nullptr;
};

/// DejaVu Sans regular and bold as subsets with Unicode maps: small files, every accent
/// extractable. Also silences PoDoFo's own printing to stdout.
FontPair embedFonts(PoDoFo::PdfMemDocument& document, const FontSet& fonts);

/// Splits on spaces (and on line breaks) so that each line fits `maxWidth` points in `font`
/// at its current size.
std::vector<std::string> wrapText(const PoDoFo::PdfFont& font, const std::string& text, double maxWidth);

/// The finished document's bytes.
std::string writePdf(PoDoFo::PdfMemDocument& document, const std::string& title);

}  // namespace cqp::render::detail
