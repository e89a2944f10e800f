#include "cqp/ingest/ScanReader.h"

#include "ScanAlign.h"
#include "ScanImages.h"

#include <leptonica/allheaders.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>
#include <tesseract/baseapi.h>

#include <unistd.h>
#include <tesseract/resultiterator.h>

#include <zbar.h>

#include <cctype>
#include <cstdlib>

#include <algorithm>
#include <cstdio>
#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <optional>


namespace cqp::ingest {

namespace layout = rules::formLayout;
using detail::ocr;
using detail::rectified;
using detail::formSymbols;
using detail::quartersOf;
using namespace zbar;  // zbar.h puts its C API in this namespace when compiled as C++

namespace {

using detail::FormMap;
using detail::QrFound;
using detail::fromPix;
using detail::toPix;


std::vector<QrFound> findQr(const GrayImage& image)
{
    std::vector<QrFound> found;
    zbar_image_scanner_t* scanner = zbar_image_scanner_create();
    zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_t* zimage = zbar_image_create();
    zbar_image_set_format(zimage, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(zimage, static_cast<unsigned>(image.width), static_cast<unsigned>(image.height));
    zbar_image_set_data(zimage, image.pixels.data(), image.pixels.size(), nullptr);
    if (zbar_scan_image(scanner, zimage) > 0)
        for (const zbar_symbol_t* s = zbar_image_first_symbol(zimage); s; s = zbar_symbol_next(s))
        {
            QrFound q;
            q.data = zbar_symbol_get_data(s);
            q.orientation = zbar_symbol_get_orientation(s);
            const unsigned points = zbar_symbol_get_loc_size(s);
            for (unsigned i = 0; i < points; ++i) {
                q.cx += zbar_symbol_get_loc_x(s, i) / static_cast<double>(points);
                q.cy += zbar_symbol_get_loc_y(s, i) / static_cast<double>(points);
                q.corners.emplace_back(zbar_symbol_get_loc_x(s, i), zbar_symbol_get_loc_y(s, i));
            }
            found.push_back(std::move(q));
        }
    zbar_image_destroy(zimage);
    zbar_image_scanner_destroy(scanner);
    return found;
}

// The share of dark samples inside `r` (`inset` mm in from its sides); `reach`, when asked: how
// far the ink stretches, in mm — the larger of the widths of the columns and of the rows a
// stroke crosses (two dark samples at least: scattered noise crosses none).
double ink(const GrayImage& image, const FormMap& map, const rules::FormRect& r, double inset, double* reach = nullptr)
{
    long long dark = 0, total = 0;
    const double step = 0.12;  // mm
    std::map<int, int> columns, rows;
    int j = 0;
    for (double y = r.y + inset; y < r.y + r.height - inset; y += step, ++j) {
        int i = 0;
        for (double x = r.x + inset; x < r.x + r.width - inset; x += step, ++i) {
            const auto [px, py] = map(x, y);
            const int ix = static_cast<int>(std::lround(px)), iy = static_cast<int>(std::lround(py));
            if (ix < 0 || iy < 0 || ix >= image.width || iy >= image.height)
                continue;
            ++total;
            if (image.at(ix, iy) < 140) {
                ++dark;
                if (reach) {
                    ++columns[i];
                    ++rows[j];
                }
            }
        }
    }
    if (reach) {
        const auto extent = [&](const std::map<int, int>& counts) {
            int first = -1, last = -1;
            for (const auto& [k, n] : counts)
                if (n >= 2) {
                    first = first < 0 ? k : first;
                    last = k;
                }
            return first < 0 ? 0.0 : (last - first + 1) * step;
        };
        *reach = std::max(extent(columns), extent(rows));
    }
    return total ? static_cast<double>(dark) / static_cast<double>(total) : 0;
}

}  // namespace

// One Tesseract per thread, French, kept between pages: starting one costs far more than a field.
tesseract::TessBaseAPI* detail::ocr()
{
    thread_local std::unique_ptr<tesseract::TessBaseAPI> api;
    thread_local bool tried = false;
    if (!tried) {
        tried = true;
        auto candidate = std::make_unique<tesseract::TessBaseAPI>();
        if (candidate->Init(nullptr, "fra", tesseract::OEM_LSTM_ONLY) == 0) {
            candidate->SetPageSegMode(tesseract::PSM_SINGLE_LINE);
            api = std::move(candidate);
        }
    }
    return api.get();
}

// The form rectangle `r` resampled upright and straight at `pxPerMm` (bilinear, through the
// page's affine map: turn, skew and scale undone at once); white outside the page.
GrayImage detail::rectified(const GrayImage& page, const FormMap& map, const rules::FormRect& r, double pxPerMm)
{
    GrayImage out;
    out.width = std::max(1, static_cast<int>(std::lround(r.width * pxPerMm)));
    out.height = std::max(1, static_cast<int>(std::lround(r.height * pxPerMm)));
    out.pixels.resize(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height));
    auto px = [&](int x, int y) -> double {
        return x < 0 || y < 0 || x >= page.width || y >= page.height ? 255.0 : page.at(x, y);
    };
    for (int v = 0; v < out.height; ++v)
        for (int u = 0; u < out.width; ++u) {
            const auto [sx, sy] = map(r.x + (u + 0.5) / pxPerMm, r.y + (v + 0.5) / pxPerMm);
            const int ix = static_cast<int>(std::floor(sx)), iy = static_cast<int>(std::floor(sy));
            const double fx = sx - ix, fy = sy - iy;
            const double value = (1 - fy) * ((1 - fx) * px(ix, iy) + fx * px(ix + 1, iy)) +
                                 fy * ((1 - fx) * px(ix, iy + 1) + fx * px(ix + 1, iy + 1));
            out.pixels[static_cast<std::size_t>(v * out.width + u)] = static_cast<unsigned char>(std::lround(value));
        }
    return out;
}

namespace {

// Tesseract reads a line best at 30–40 px per character: 300 dpi whatever the scan's resolution.
constexpr double ocrPxPerMm = 300 / 25.4;

// The field's inside (its border left out), upright and straight, trimmed to its ink (a short
// value alone in a wide box is read far better), read as one line.
std::string readField(const GrayImage& page, const FormMap& map, const rules::FormRect& r, const char* whitelist)
{
    auto* api = ocr();
    if (!api)
        return {};
    const GrayImage field = rectified(page, map, {r.x + 0.8, r.y + 0.8, r.width - 1.6, r.height - 1.6}, ocrPxPerMm);
    // Columns with ink (two dark pixels at least: a speck of noise is not writing).
    int left = field.width, right = -1, dark = 0;
    for (int x = 0; x < field.width; ++x) {
        int column = 0;
        for (int y = 0; y < field.height; ++y)
            column += field.at(x, y) < 140;
        if (column >= 2) {
            left = std::min(left, x);
            right = std::max(right, x);
            dark += column;
        }
    }
    if (dark < 0.5 * ocrPxPerMm * ocrPxPerMm)  // less than half a square millimetre of ink
        return {};
    const int margin = static_cast<int>(3 * ocrPxPerMm);
    left = std::max(0, left - margin);
    right = std::min(field.width - 1, right + margin);
    std::vector<unsigned char> crop;
    const int width = right - left + 1;
    crop.reserve(static_cast<std::size_t>(width * field.height));
    for (int y = 0; y < field.height; ++y)
        for (int x = left; x <= right; ++x)
            crop.push_back(field.at(x, y));
    api->SetVariable("tessedit_char_whitelist", whitelist);
    api->SetImage(crop.data(), width, field.height, 1, width);
    api->SetSourceResolution(300);
    std::unique_ptr<char[]> text{api->GetUTF8Text()};
    std::string out = text ? text.get() : "";
    while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
        out.pop_back();
    return out;
}

BoxReading judge(double share)
{
    // A tick or a cross darkens 10–55 % of the inside; a box blacked out cancels the choice
    // (as with SDAPS); the zones between are too close to call on their own (see judgeRow).
    if (share < 0.03)
        return {BoxState::Empty, share};
    if (share < 0.07)
        return {BoxState::Ambiguous, share};
    if (share < 0.60)
        return {BoxState::Checked, share};
    if (share < 0.80)
        return {BoxState::Ambiguous, share};
    return {BoxState::Filled, share};
}


}  // namespace

namespace {

// A check mark ✓ in a fine pen, small and half out of its box, leaves as little as 4–7 % of ink
// in it: beside a clean box on the same row (or one blacked out to cancel it) it is the
// evaluator's choice — when its strokes stretch 1.5 mm at least (a blot or a speck of that ink
// does not); beside any other ink it stays for the secretariat. On a page turned on the scanner
// bed the same fine strokes are resampled to grey and keep only 1.5–3.5 %: still a choice when
// the other box has no ink at all.
std::pair<BoxReading, BoxReading> judgeRow(BoxReading acquis, double acquisReach, BoxReading nonAcquis, double nonAcquisReach)
{
    auto clear = [](const BoxReading& b) { return b.ink < 0.01 || b.state == BoxState::Filled; };  // empty, or cancelled
    auto light = [&](const BoxReading& b, double reach, const BoxReading& other) {
        if (b.ink >= 0.07 || reach < 1.5)
            return false;
        return (b.ink >= 0.035 && clear(other)) || (b.ink >= 0.015 && other.ink < 0.002);
    };
    if (light(acquis, acquisReach, nonAcquis))
        acquis.state = BoxState::Checked;
    else if (light(nonAcquis, nonAcquisReach, acquis))
        nonAcquis.state = BoxState::Checked;
    return {acquis, nonAcquis};
}

}  // namespace

GrayImage cropForm(const GrayImage& page, const PageMap& m, const rules::FormRect& r)
{
    const FormMap map{m.a, m.b, m.c, m.d, m.e, m.f, m.g, m.h};
    const double pxPerMm = std::sqrt(std::abs(m.a * m.e - m.b * m.d));  // the scan's own resolution
    if (!(pxPerMm > 0) || r.width <= 0 || r.height <= 0)
        return {};
    return rectified(page, map, r, pxPerMm);
}


PageText readPageText(const GrayImage& page)
{
    PageText result;
    auto* api = ocr();
    if (!api || page.width == 0)
        return result;
    api->SetPageSegMode(tesseract::PSM_AUTO);
    api->SetVariable("tessedit_char_whitelist", "");
    api->SetImage(page.pixels.data(), page.width, page.height, 1, page.width);
    api->SetSourceResolution(static_cast<int>(std::lround(page.width / (layout::pageWidth / 25.4))));
    std::unique_ptr<char[]> text{api->GetUTF8Text()};
    if (std::unique_ptr<tesseract::ResultIterator> word{api->GetIterator()}; word && !word->Empty(tesseract::RIL_WORD)) {
        do {
            std::unique_ptr<char[]> utf8{word->GetUTF8Text(tesseract::RIL_WORD)};
            OcrWord w;
            if (utf8 && word->BoundingBox(tesseract::RIL_WORD, &w.left, &w.top, &w.right, &w.bottom)) {
                w.text = utf8.get();
                result.words.push_back(std::move(w));
            }
        } while (word->Next(tesseract::RIL_WORD));
    }
    api->SetPageSegMode(tesseract::PSM_SINGLE_LINE);
    result.text = text ? text.get() : "";
    std::string folded;
    for (char c : result.text)
        folded += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto has = [&](const char* word) { return folded.find(word) != std::string::npos; };
    if (has("outil n°4") || has("outil n° 4") || has("guide d'évaluation") || has("guide d’évaluation"))
        result.kind = PageKind::Outil4;
    else if (has("outil n°6") || has("outil n° 6") || has("dossier de candidature"))
        result.kind = PageKind::Outil6;
    else if (has("diplôme") || has("diplome") || has("certificat d'aptitude") || has("baccalauréat") || has("brevet"))
        result.kind = PageKind::Diploma;
    return result;
}

namespace {

}  // namespace

// The codes of the branch's forms on the page (printed or fillable): near a corner first (which one depends on how
// the page lies), the whole page only when no corner has one.
std::vector<QrFound> detail::formSymbols(const GrayImage& input)
{
    std::vector<QrFound> symbols;
    const int cw = input.width * 2 / 5, ch = input.height * 2 / 5;
    for (int corner = 0; corner < 4 && symbols.empty(); ++corner) {
        GrayImage crop;
        crop.width = cw;
        crop.height = ch;
        crop.pixels.resize(static_cast<std::size_t>(cw) * static_cast<std::size_t>(ch));
        const int x0 = corner % 2 ? input.width - cw : 0, y0 = corner < 2 ? 0 : input.height - ch;
        for (int y = 0; y < ch; ++y)
            std::copy_n(input.pixels.begin() + static_cast<std::ptrdiff_t>(y0 + y) * input.width + x0, cw,
                        crop.pixels.begin() + static_cast<std::ptrdiff_t>(y) * cw);
        for (auto& found : findQr(crop))
            if (rules::decodeFormCode(found.data) || rules::fillable::decodeFillableCode(found.data)) {
                found.cx += x0;
                found.cy += y0;
                for (auto& [x, y] : found.corners) {
                    x += x0;
                    y += y0;
                }
                symbols.push_back(std::move(found));
            }
    }
    return symbols.empty() ? findQr(input) : symbols;
}

// Quarter turns to bring the page upright: zbar tells which way the code is turned.
int detail::quartersOf(const QrFound& form)
{
    switch (form.orientation) {
    case ZBAR_ORIENT_RIGHT: return 3;
    case ZBAR_ORIENT_DOWN: return 2;
    case ZBAR_ORIENT_LEFT: return 1;
    default: return 0;
    }
}

namespace {

// What the aligned page says: the boxes of an outil n°4, the signatures and date of a last
// page, the printed fields of an outil n°6.
void readContent(const GrayImage& page, const FormMap& map, FormPageReading& reading)
{
    if (reading.code.outil == 4) {
        for (int row = 0; row < reading.code.rows; ++row) {
            double yesReach = 0, noReach = 0;
            const auto yesInk = ink(page, map, layout::acquisBox(row), 1.3, &yesReach);
            const auto noInk = ink(page, map, layout::nonAcquisBox(row), 1.3, &noReach);
            auto [yes, no] = judgeRow(judge(yesInk), yesReach, judge(noInk), noReach);
            reading.acquis.push_back(yes);
            reading.nonAcquis.push_back(no);
        }
    }
    if (reading.code.page == reading.code.pages) {
        reading.evaluatorInk = ink(page, map, layout::evaluatorSignature(), 1.5);
        reading.candidateInk = ink(page, map, layout::candidateSignature(), 1.5);
        reading.evaluatorSigned = reading.evaluatorInk > 0.004;
        reading.candidateSigned = reading.candidateInk > 0.004;
        if (reading.code.outil == 4 && ink(page, map, layout::evaluationDate(), 1.0) > 0.005)
            reading.dateText = readField(page, map, layout::evaluationDate(), "0123456789/");
    }
    if (reading.code.outil == 6)
        for (int i = 0; i < layout::outil6FieldCount; ++i)
            reading.fields.push_back(readField(page, map, layout::outil6Field(i), ""));
}

}  // namespace

FormPageReading readFormPage(const GrayImage& input)
{
    FormPageReading reading;
    if (input.width < 100 || input.height < 100) {
        reading.problems.push_back("la page est trop petite pour être lue.");
        return reading;
    }
    const auto symbols = formSymbols(input);
    const QrFound* form = nullptr;
    for (const auto& s : symbols)
        if (const auto code = rules::decodeFormCode(s.data)) {
            reading.code = *code;
            reading.identified = true;
            form = &s;
            break;
        }
    if (!form) {
        for (const auto& s : symbols)
            if (const auto code = rules::fillable::decodeFillableCode(s.data)) {
                reading.fillable = *code;  // read with the fields of its PDF (readFillablePage)
                return reading;
            }
        reading.problems.push_back(symbols.empty() ? "aucun code de formulaire n'a été trouvé sur la page."
                                                   : "le code trouvé n'est pas celui d'un formulaire de la branche.");
        return reading;
    }
    const int quarters = quartersOf(*form);
    reading.rotation = quarters * 90;
    const auto map = align(input, quarters, *form, detail::framesOf(reading.code), reading);
    if (!map) {
        reading.problems.push_back("les repères des coins de la page sont introuvables (page coupée ou trop abîmée).");
        return reading;
    }
    reading.aligned = true;
    reading.map = {map->a, map->b, map->c, map->d, map->e, map->f, quarters, map->g, map->h};
    readContent(input, *map, reading);
    return reading;
}

}  // namespace cqp::ingest
