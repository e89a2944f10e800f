#pragma once

#include "cqp/rules/FillableForms.h"
#include "cqp/rules/FormLayout.h"

#include <optional>

#include <string>
#include <utility>
#include <vector>

namespace cqp::ingest {

/// One scanned page, 8-bit gray (0 black, 255 white), row after row.
struct GrayImage {
    int width = 0;
    int height = 0;
    std::vector<unsigned char> pixels;

    unsigned char at(int x, int y) const { return pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)]; }
};

/// Limits checked before anything is decoded.
struct ScanLimits {
    int maxSide = 12000;                 ///< pixels
    long long maxPixels = 100'000'000;   ///< per page
    int maxPages = 60;
    double dpi = 300;                    ///< PDF pages are rasterised at this resolution
};

struct ScanLoad {
    std::vector<GrayImage> pages;
    std::string problem;  ///< French; set when nothing could be loaded
};

/// Why the scan cannot be read (French: damaged, protected by a password, no page, too big), or
/// "" when it opens. Reads its structure or header only: no page is decoded (milliseconds).
std::string scanProblem(const std::string& bytes, const std::string& mediaType, const ScanLimits& limits = {});

/// Decodes a scan: PDF (poppler-cpp, any content), PNG, JPEG, multi-page TIFF (Leptonica).
ScanLoad loadScan(const std::string& bytes, const std::string& mediaType, const ScanLimits& limits = {});

enum class BoxState { Empty, Checked, Filled, Ambiguous };

struct BoxReading {
    BoxState state = BoxState::Empty;
    double ink = 0;  ///< share of dark pixels inside the box (its border excluded)
};

/// Where the upright form lies on the scanned page: millimetres → pixels (projective: a photo
/// taken at an angle), and the quarter turns that make the page upright.
struct PageMap {
    double a = 0, b = 0, c = 0, d = 0, e = 0, f = 0;  ///< x' = (a x + b y + c) / w, y' = (d x + e y + f) / w
    int quarters = 0;
    double g = 0, h = 0;                              ///< w = g x + h y + 1 (0, 0: affine)
    std::pair<double, double> operator()(double x, double y) const
    {
        const double w = g * x + h * y + 1;
        return {(a * x + b * y + c) / w, (d * x + e * y + f) / w};
    }
};

/// What a page of one of the branch's forms says, read without guessing.
struct FormPageReading {
    bool identified = false;    ///< a valid form QR code was found
    rules::FormCode code;
    int rotation = 0;           ///< degrees the page was turned (clockwise) to be upright
    bool aligned = false;       ///< a map found from three or four corner marks, checked on the code and two frames
    int marks = 0;              ///< corner marks the map rests on
    double residualMm = 0;      ///< how far the located marks are from the fitted page (quality)
    std::vector<BoxReading> acquis;     ///< outil 4, one per row of the page
    std::vector<BoxReading> nonAcquis;
    double evaluatorInk = 0;
    double candidateInk = 0;
    bool evaluatorSigned = false;
    bool candidateSigned = false;
    std::string dateText;       ///< outil 4, last page: the evaluation date box read by Tesseract (one line)
    std::vector<std::string> fields;  ///< outil 6: each printed field read back by Tesseract ("" for a blank box)
    PageMap map;                ///< set when aligned
    std::vector<std::string> problems;  ///< French
    /// Not one of the printed forms but a fillable form printed or flattened: what its code
    /// says (the page is read with the fields of its PDF, readFillablePage).
    std::optional<rules::fillable::FillableCode> fillable;
};

/// What a page without a form code seems to be, from its full-page text.
enum class PageKind { Outil4, Outil6, Diploma, Unknown };

/// A word Tesseract read, and its box on the page (pixels).
struct OcrWord {
    std::string text;
    int left = 0, top = 0, right = 0, bottom = 0;
};

struct PageText {
    std::string text;     ///< Tesseract's full-page reading (French)
    PageKind kind = PageKind::Unknown;
    std::vector<OcrWord> words;  ///< the same reading word by word, where each lies
};

/// The part of the page under `rect` (form millimetres), upright: what the secretariat looks at.
GrayImage cropForm(const GrayImage& page, const PageMap& map, const rules::FormRect& rect);

/// Tesseract's OpenMP threads make it several times slower on a small machine (a full page:
/// 0.43 s alone, 3.1 s with OpenMP busy-waiting on 2 cores, most of it in the kernel), and its
/// thread limit is read when the OpenMP runtime loads, before main. Called first in main: when
/// OMP_THREAD_LIMIT is not set, sets it to 1 and runs the program again (execv), same arguments.
void runWithOneOcrThread(char** argv);

/// The image turned `quarters` quarter turns clockwise (PageMap::quarters makes a page upright).
GrayImage turned(const GrayImage& image, int quarters);
/// Where the pixel (x, y) of an image `width` × `height` lands once the image is turned.
std::pair<double, double> turnedPoint(double x, double y, int width, int height, int quarters);

/// The image as a PNG file (Leptonica).
std::string encodePng(const GrayImage& image);

/// The image as a JPEG file of `quality` 1–100 (Leptonica).
std::string encodeJpeg(const GrayImage& image, int quality);

/// Full-page OCR (Tesseract, French, one thread) and a classification by keywords.
PageText readPageText(const GrayImage& page);

/// Finds the QR code (zbar), turns the page upright, locates the corner marks (whatever the
/// scale, offset or small skew) and judges every box by its ink.
FormPageReading readFormPage(const GrayImage& page);

}  // namespace cqp::ingest
