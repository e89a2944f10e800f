#pragma once

// Private to the scan reader: where the form lies on a scanned page.

#include "cqp/ingest/ScanReader.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <zbar.h>

namespace tesseract {
class TessBaseAPI;
}

namespace cqp::ingest::detail {

struct QrFound {
    std::string data;
    zbar::zbar_orientation_t orientation = zbar::ZBAR_ORIENT_UNKNOWN;
    double cx = 0, cy = 0;  ///< the centre of the symbol's outline, in pixels
    std::vector<std::pair<double, double>> corners;  ///< its outline, as zbar gives it
};

// Map from form millimetres to image pixels, fitted to the corner marks found: affine from three
// marks, projective (a phone held at an angle) from four.
struct FormMap {
    double a = 0, b = 0, c = 0, d = 0, e = 0, f = 0;  // x' = (a x + b y + c) / w, y' = (d x + e y + f) / w
    double g = 0, h = 0;                              // w = g x + h y + 1
    std::pair<double, double> operator()(double x, double y) const
    {
        const double w = g * x + h * y + 1;
        return {(a * x + b * y + c) / w, (d * x + e * y + f) / w};
    }
};

/// The printed frames of a page (form millimetres): two far apart that a right map must lay
/// where they are, and all of them, to fit a map on when corner marks are missing.
struct Frames {
    rules::FormRect first, last;
    std::vector<rules::FormRect> all;
};
/// The frames of a page of outil n°4 or n°6.
Frames framesOf(const rules::FormCode& code);

/// The map of the upright form on `page` (turned `quarters` quarter turns, its code found at
/// `qr`): from its corner marks, or the printed `frames` when marks are missing; none when no map
/// lays the code and two printed frames where they are. Sets reading.marks and residualMm.
std::optional<FormMap> align(const GrayImage& page, int quarters, const QrFound& qr, const Frames& frames, FormPageReading& reading);

/// The QR codes of the branch's forms (printed or fillable) on the page: near a corner first,
/// the whole page only when no corner has one.
std::vector<QrFound> formSymbols(const GrayImage& input);
/// Quarter turns that bring the page upright, from how zbar saw the code turned.
int quartersOf(const QrFound& form);
/// One Tesseract per thread (French, one line at a time unless told), kept between pages; none
/// when Tesseract cannot start.
tesseract::TessBaseAPI* ocr();
/// The form rectangle `r` resampled upright and straight at `pxPerMm`; white outside the page.
GrayImage rectified(const GrayImage& page, const FormMap& map, const rules::FormRect& r, double pxPerMm);

}  // namespace cqp::ingest::detail
