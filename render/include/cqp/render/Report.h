#pragma once

#include "cqp/render/Fonts.h"

#include <memory>
#include <string>
#include <vector>

namespace cqp::render {

/// A portrait A4 document of headings, paragraphs and tables that flow over as many pages as
/// needed (PoDoFo), with a running footer; stored scans can be appended as pages. Used for
/// the jury lists and files.
class Report {
public:
    Report(const FontSet& fonts, std::string title, std::string footer);
    ~Report();
    Report(const Report&) = delete;
    Report& operator=(const Report&) = delete;

    void heading(const std::string& text);      ///< large, navy; starts a page when little room is left
    void subheading(const std::string& text);
    void paragraph(const std::string& text, bool bold = false);
    /// A table: `widths` in millimetres (summing to at most 170), the first row is the header.
    void table(const std::vector<double>& widths, const std::vector<std::vector<std::string>>& rows);
    void pageBreak();
    /// Appends the pages of a stored scan (PDF, PNG, JPEG or TIFF), its caption written in the
    /// top margin of its first page and, when not empty, `warning` in red under it with a red
    /// frame round the page (a scan that contradicted the results). The text that follows starts
    /// a new page. Returns false, with a French note in the document instead, when the file
    /// cannot be read.
    bool appendScan(const std::string& caption, const std::string& mediaType, const std::string& bytes,
                    const std::string& warning = "");

    int pages() const;
    std::string finish();
    /// The same text gives the same bytes, whenever it is made: no creation date in the file
    /// (a document stored once per content, such as the submissions guide).
    std::string finishReproducible();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cqp::render
