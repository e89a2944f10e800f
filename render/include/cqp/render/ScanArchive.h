#pragma once

#include "cqp/render/Fonts.h"

#include <string>
#include <vector>

namespace cqp::render {

/// A line of text placed over a scanned page, in the page image's pixels: where its baseline
/// starts, which way it runs (a unit vector), its height (the font's em) and the width it spans.
struct ScanText {
    std::string text;
    double x = 0, y = 0;
    double ux = 1, uy = 0;
    double size = 0;
    double width = 0;
};

/// One page of the archive: the scanned image (a JPEG or PNG file) of `width` × `height`
/// pixels at `dpi`, and the text that lies on it.
struct ScanArchivePage {
    std::string image;
    int width = 0;
    int height = 0;
    double dpi = 200;
    std::vector<ScanText> texts;
};

/// The scan as a searchable PDF: each page its image, the text invisible over it (rendering
/// mode 3, as OCR tools do), stretched to the width it covers, so that a PDF reader finds,
/// selects and copies the words where they are seen.
std::string renderScanArchive(const std::vector<ScanArchivePage>& pages, const FontSet& fonts, const std::string& title);

}  // namespace cqp::render
