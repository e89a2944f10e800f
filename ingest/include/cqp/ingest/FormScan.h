#pragma once

// A fillable form (rules::fillable) printed, or "printed to PDF" with its fields flattened, then
// scanned: its page known by its QR code, its fields found where the form's own PDF puts them,
// their values read by zonal OCR — each with what Tesseract thinks of it, so that a doubtful
// value goes to the secretariat instead of being taken.

#include "cqp/ingest/ScanReader.h"
#include "cqp/rules/FillableForms.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cqp::ingest {

/// A person-entered field of a fillable form's PDF: where its box is (form millimetres from the
/// top-left corner of its page) and, for a drop-down list, its choices (export value, shown).
struct FormFieldBox {
    std::string name;
    int page = 1;
    rules::FormRect rect;
    bool multiLine = false;
    bool date = false;
    std::vector<std::pair<std::string, std::string>> options;
};

/// The boxes of the fields of a fillable form's PDF (its widget annotations; the hidden fields
/// and radio buttons left out). Throws std::runtime_error (French) for a PDF that cannot be read.
std::vector<FormFieldBox> formFieldBoxes(std::string_view pdf);

struct FieldReading {
    std::string text;       ///< as read; for a list, the export value of the choice it matched
    int confidence = 100;   ///< Tesseract's mean word confidence, 0–100 (100 for an empty box)
    int leastSymbol = 100;  ///< its confidence in the least sure character
    int runnerUp = 0;       ///< the highest confidence of a character's second reading
    bool doubtful = false;  ///< not to be taken without a look (ink not read, low confidence, no choice matched)
};

struct FillablePageReading {
    std::optional<rules::fillable::FillableCode> code;
    bool aligned = false;
    PageMap map;
    std::map<std::string, FieldReading> fields;  ///< the fields of `boxes` on this page, by name
    std::vector<std::string> problems;           ///< French
};

/// Reads the page: its fillable code, its alignment (corner marks, else the field boxes
/// themselves), then each box of `boxes` on the code's page number, by OCR.
FillablePageReading readFillablePage(const GrayImage& page, const std::vector<FormFieldBox>& boxes);

/// The values of a fillable form "printed to PDF" (its fields flattened into text): the words
/// inside each box, read from the PDF itself (poppler) — exact, no OCR — when every page is the
/// form's own, unscaled (A4, its footer naming `kind` where it is printed). Nothing when it is
/// not such a PDF (a scanner's images, a page fitted to other paper): then it is read as a scan.
std::optional<std::map<std::string, std::string>> flattenedFieldTexts(std::string_view pdf, const std::vector<FormFieldBox>& boxes,
                                                                     rules::fillable::FormKind kind);

/// When a typed value read by OCR is doubtful: Tesseract's mean confidence below the floor, or
/// one of its characters with a second reading at the ceiling or above (É or E, 7 or /) — the
/// confidence alone misses those (measured: bench/run forms, flat_*).
inline constexpr int typedConfidenceFloor = 75;
inline constexpr int runnerUpCeiling = 35;

}  // namespace cqp::ingest
