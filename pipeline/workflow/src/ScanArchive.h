#pragma once

// Private to ScanIntake: the searchable PDF kept of every scan.

#include "cqp/ingest/ScanReader.h"
#include "cqp/render/Forms.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cqp::pipeline::detail {

/// What is known of one page's text: the form it is (its reading, and the text that form
/// prints on that page), or else what Tesseract read on the whole page.
struct ArchiveSource {
    std::optional<ingest::FormPageReading> reading;
    std::vector<render::FormTextRun> runs;
    std::optional<ingest::PageText> ocr;
    std::string jpeg;  ///< the page as it lay, encoded ahead (used when it needs no turn)
};

/// The scan as a searchable PDF, every page upright: a page of one of our forms gets the words
/// its form printed and the values read from it (ticks, date), at the places the page's map
/// puts them — no OCR; any other page gets Tesseract's words (`ocr`, read here when missing).
std::string archiveScan(const std::vector<ingest::GrayImage>& pages, std::vector<ArchiveSource>& sources,
                        const std::string& title);

/// `read(i)` for every page (which fills `sources`), while the images are encoded on another
/// core; then the archive (archiveScan), or "" when `archive` is false (a form its submission
/// filed already is only read and compared with the dossier).
std::string readAndArchive(const std::vector<ingest::GrayImage>& pages, std::vector<ArchiveSource>& sources,
                           const std::string& title, bool archive, const std::function<void(std::size_t)>& read);

}  // namespace cqp::pipeline::detail
