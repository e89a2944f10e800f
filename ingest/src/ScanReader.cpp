#include "cqp/ingest/ScanReader.h"

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
#include <memory>
#include <optional>


namespace cqp::ingest {

namespace layout = rules::formLayout;
using namespace zbar;  // zbar.h puts its C API in this namespace when compiled as C++

namespace {

using detail::fromPix;
using detail::toPix;

struct QrFound {
    std::string data;
    zbar_orientation_t orientation = ZBAR_ORIENT_UNKNOWN;
    double cx = 0, cy = 0;  ///< the centre of the symbol's outline, in pixels
    std::vector<std::pair<double, double>> corners;  ///< its outline, as zbar gives it
};

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

// Map from form millimetres to image pixels, fitted to the corner marks found: affine from three
// marks, projective (a phone held at an angle) from four.
struct Affine {
    double a = 0, b = 0, c = 0, d = 0, e = 0, f = 0;  // x' = (a x + b y + c) / w, y' = (d x + e y + f) / w
    double g = 0, h = 0;                              // w = g x + h y + 1
    std::pair<double, double> operator()(double x, double y) const
    {
        const double w = g * x + h * y + 1;
        return {(a * x + b * y + c) / w, (d * x + e * y + f) / w};
    }
};

// The projective map through four point pairs (mmX, mmY, px, py): eight equations, solved by
// Gaussian elimination with partial pivoting.
std::optional<Affine> fitProjective(const std::vector<std::array<double, 4>>& pairs)
{
    if (pairs.size() != 4)
        return std::nullopt;
    double m[8][9] = {};
    for (std::size_t i = 0; i < 4; ++i) {
        const auto [x, y, u, v] = pairs[i];
        const double rowU[9] = {x, y, 1, 0, 0, 0, -u * x, -u * y, u};
        const double rowV[9] = {0, 0, 0, x, y, 1, -v * x, -v * y, v};
        std::copy(std::begin(rowU), std::end(rowU), m[2 * i]);
        std::copy(std::begin(rowV), std::end(rowV), m[2 * i + 1]);
    }
    for (int col = 0; col < 8; ++col) {
        int pivot = col;
        for (int r = col + 1; r < 8; ++r)
            if (std::fabs(m[r][col]) > std::fabs(m[pivot][col]))
                pivot = r;
        if (std::fabs(m[pivot][col]) < 1e-12)
            return std::nullopt;
        std::swap(m[col], m[pivot]);
        for (int r = 0; r < 8; ++r)
            if (r != col) {
                const double k = m[r][col] / m[col][col];
                for (int c = col; c < 9; ++c)
                    m[r][c] -= k * m[col][c];
            }
    }
    double s[8];
    for (int i = 0; i < 8; ++i)
        s[i] = m[i][8] / m[i][i];
    return Affine{s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]};
}

std::optional<Affine> fit(const std::vector<std::array<double, 4>>& pairs)  // mmX, mmY, px, py
{
    if (pairs.size() < 3)
        return std::nullopt;
    double m[3][3] = {};
    double rx[3] = {}, ry[3] = {};
    for (const auto& p : pairs) {
        const double v[3] = {p[0], p[1], 1};
        for (int i = 0; i < 3; ++i) {
            for (int j = 0; j < 3; ++j)
                m[i][j] += v[i] * v[j];
            rx[i] += v[i] * p[2];
            ry[i] += v[i] * p[3];
        }
    }
    auto det3 = [](double k[3][3]) {
        return k[0][0] * (k[1][1] * k[2][2] - k[1][2] * k[2][1]) - k[0][1] * (k[1][0] * k[2][2] - k[1][2] * k[2][0]) +
               k[0][2] * (k[1][0] * k[2][1] - k[1][1] * k[2][0]);
    };
    const double det = det3(m);
    if (std::fabs(det) < 1e-9)
        return std::nullopt;
    auto solve = [&](const double r[3]) {
        std::array<double, 3> out{};
        for (int col = 0; col < 3; ++col) {
            double k[3][3];
            for (int i = 0; i < 3; ++i)
                for (int j = 0; j < 3; ++j)
                    k[i][j] = j == col ? r[i] : m[i][j];
            out[static_cast<std::size_t>(col)] = det3(k) / det;
        }
        return out;
    };
    const auto x = solve(rx);
    const auto y = solve(ry);
    return Affine{x[0], x[1], x[2], y[0], y[1], y[2]};
}

// The corner mark in its window: the dark blob of about the mark's size, nearest to where it
// should be (a scanner's dark border or stray marks are other blobs).
std::optional<std::pair<double, double>> findMark(const GrayImage& image, int corner, double pxPerMm)
{
    const double windowMm = 55;  // room for ±10° of turn around the page centre, or a photo's keystone
    const int w = static_cast<int>(windowMm * pxPerMm);
    const int x0 = corner % 2 == 0 ? 0 : image.width - w;
    const int y0 = corner < 2 ? 0 : image.height - w;
    // The marks sit at the same distance from both edges in every corner: where to expect one,
    // in window coordinates, does not depend on how the page lies.
    const double inset = (layout::markMargin + layout::markSize / 2) * pxPerMm;
    const double ex = corner % 2 == 0 ? inset : w - inset;
    const double ey = corner < 2 ? inset : w - inset;
    std::vector<int> label(static_cast<std::size_t>(w * w), 0);
    auto dark = [&](int x, int y) {
        const int ix = x0 + x, iy = y0 + y;
        return ix >= 0 && iy >= 0 && ix < image.width && iy < image.height && image.at(ix, iy) < 128;
    };
    std::optional<std::pair<double, double>> best;
    double bestDistance = 1e18;
    const double side = layout::markSize * pxPerMm;
    int next = 0;
    std::vector<std::pair<int, int>> stack;
    for (int y = 0; y < w; ++y)
        for (int x = 0; x < w; ++x) {
            if (label[static_cast<std::size_t>(y * w + x)] || !dark(x, y))
                continue;
            ++next;
            long long count = 0;
            double sx = 0, sy = 0;
            int minX = x, maxX = x, minY = y, maxY = y;
            stack.assign(1, {x, y});
            label[static_cast<std::size_t>(y * w + x)] = next;
            while (!stack.empty()) {
                const auto [cx, cy] = stack.back();
                stack.pop_back();
                ++count;
                sx += cx;
                sy += cy;
                minX = std::min(minX, cx);
                maxX = std::max(maxX, cx);
                minY = std::min(minY, cy);
                maxY = std::max(maxY, cy);
                const int nx[4] = {cx + 1, cx - 1, cx, cx};
                const int ny[4] = {cy, cy, cy + 1, cy - 1};
                for (int k = 0; k < 4; ++k)
                    if (nx[k] >= 0 && ny[k] >= 0 && nx[k] < w && ny[k] < w && !label[static_cast<std::size_t>(ny[k] * w + nx[k])] &&
                        dark(nx[k], ny[k])) {
                        label[static_cast<std::size_t>(ny[k] * w + nx[k])] = next;
                        stack.emplace_back(nx[k], ny[k]);
                    }
            }
            const double bw = maxX - minX + 1, bh = maxY - minY + 1;
            const bool sized = bw > 0.6 * side && bw < 1.6 * side && bh > 0.6 * side && bh < 1.6 * side;
            const bool solid = static_cast<double>(count) > 0.6 * side * side;
            if (!sized || !solid)
                continue;
            const double cx = sx / static_cast<double>(count), cy = sy / static_cast<double>(count);
            const double distance = std::hypot(cx - ex, cy - ey);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = std::pair{x0 + cx, y0 + cy};
            }
        }
    return best;
}

double ink(const GrayImage& image, const Affine& map, const rules::FormRect& r, double inset)
{
    long long dark = 0, total = 0;
    const double step = 0.12;  // mm
    for (double y = r.y + inset; y < r.y + r.height - inset; y += step)
        for (double x = r.x + inset; x < r.x + r.width - inset; x += step) {
            const auto [px, py] = map(x, y);
            const int ix = static_cast<int>(std::lround(px)), iy = static_cast<int>(std::lround(py));
            if (ix < 0 || iy < 0 || ix >= image.width || iy >= image.height)
                continue;
            ++total;
            if (image.at(ix, iy) < 140)
                ++dark;
        }
    return total ? static_cast<double>(dark) / static_cast<double>(total) : 0;
}

// One Tesseract per thread, French, kept between pages: starting one costs far more than a field.
tesseract::TessBaseAPI* ocr()
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
GrayImage rectified(const GrayImage& page, const Affine& map, const rules::FormRect& r, double pxPerMm)
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

// Tesseract reads a line best at 30–40 px per character: 300 dpi whatever the scan's resolution.
constexpr double ocrPxPerMm = 300 / 25.4;

// The field's inside (its border left out), upright and straight, trimmed to its ink (a short
// value alone in a wide box is read far better), read as one line.
std::string readField(const GrayImage& page, const Affine& map, const rules::FormRect& r, const char* whitelist)
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
// evaluator's choice; beside any other ink it stays for the secretariat.
std::pair<BoxReading, BoxReading> judgeRow(BoxReading acquis, BoxReading nonAcquis)
{
    auto light = [](const BoxReading& b) { return b.state == BoxState::Ambiguous && b.ink >= 0.035 && b.ink < 0.07; };
    auto clear = [](const BoxReading& b) { return b.ink < 0.01 || b.state == BoxState::Filled; };  // empty, or cancelled
    if (light(acquis) && clear(nonAcquis))
        acquis.state = BoxState::Checked;
    else if (light(nonAcquis) && clear(acquis))
        nonAcquis.state = BoxState::Checked;
    return {acquis, nonAcquis};
}

}  // namespace

GrayImage cropForm(const GrayImage& page, const PageMap& m, const rules::FormRect& r)
{
    const Affine map{m.a, m.b, m.c, m.d, m.e, m.f, m.g, m.h};
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

// The codes of the branch's forms on the page: near a corner first (which one depends on how
// the page lies), the whole page only when no corner has one.
std::vector<QrFound> formSymbols(const GrayImage& input)
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
            if (rules::decodeFormCode(found.data)) {
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
int quartersOf(const QrFound& form)
{
    switch (form.orientation) {
    case ZBAR_ORIENT_RIGHT: return 3;
    case ZBAR_ORIENT_DOWN: return 2;
    case ZBAR_ORIENT_LEFT: return 1;
    default: return 0;
    }
}

// How well a map lays the printed frame of `r` on the page: the share of points of its outline
// with ink within ±0.4 mm across the line (a wrong map misses the thin lines).
double frameScore(const GrayImage& page, const Affine& map, const rules::FormRect& r)
{
    int found = 0, total = 0;
    auto probe = [&](double x, double y, double nx, double ny) {
        ++total;
        for (double t = -0.4; t <= 0.41; t += 0.2) {
            const auto [px, py] = map(x + nx * t, y + ny * t);
            const int ix = static_cast<int>(std::lround(px)), iy = static_cast<int>(std::lround(py));
            if (ix >= 0 && iy >= 0 && ix < page.width && iy < page.height && page.at(ix, iy) < 140) {
                ++found;
                return;
            }
        }
    };
    for (double t = 0.15; t < 0.86; t += 0.05) {
        probe(r.x + t * r.width, r.y, 0, 1);
        probe(r.x + t * r.width, r.y + r.height, 0, 1);
        probe(r.x, r.y + t * r.height, 1, 0);
        probe(r.x + r.width, r.y + t * r.height, 1, 0);
    }
    return total ? static_cast<double>(found) / total : 0;
}

// Two printed frames far apart on the page, where the reading happens: a map that lays both
// where they are printed is right there (whatever the marks were).
bool framesFit(const GrayImage& page, const Affine& map, const rules::FormCode& code)
{
    const auto first = code.outil == 6 ? layout::outil6Field(0) : layout::acquisBox(0);
    const auto last = code.outil == 6 ? layout::outil6Field(layout::outil6FieldCount - 1)
                                      : layout::nonAcquisBox(std::max(0, code.rows - 1));
    return frameScore(page, map, first) >= 0.7 && frameScore(page, map, last) >= 0.7;
}

// Where the printed frame of `r` lies, searched within ±`range` mm of where `map` puts it: the
// centre of the frame, in pixels, when one is found clearly (most of its outline inked).
std::optional<std::array<double, 4>> locateFrame(const GrayImage& page, const Affine& map, const rules::FormRect& r, double range)
{
    double best = 0, bx = 0, by = 0;
    for (double dy = -range; dy <= range; dy += 0.25)
        for (double dx = -range; dx <= range; dx += 0.25) {
            const double score = frameScore(page, map, {r.x + dx, r.y + dy, r.width, r.height});
            if (score > best) {
                best = score;
                bx = dx;
                by = dy;
            }
        }
    if (best < 0.85)
        return std::nullopt;
    const auto [px, py] = map(r.x + bx + r.width / 2, r.y + by + r.height / 2);
    return std::array<double, 4>{r.x + r.width / 2, r.y + r.height / 2, px, py};
}

// A rough map from the code alone (its four corners, put upright by the quarter turns), for a
// page whose corner marks are cut off.
std::optional<Affine> fromCode(const QrFound& qr, int quarters)
{
    if (qr.corners.size() != 4)
        return std::nullopt;
    const auto code = layout::qr();
    std::vector<std::array<double, 4>> pairs;
    for (const auto& [x, y] : qr.corners) {
        double dx = x - qr.cx, dy = y - qr.cy;
        for (int q = 0; q < quarters; ++q) {  // a quarter clockwise, as the page is turned upright
            const double t = dx;
            dx = -dy;
            dy = t;
        }
        pairs.push_back({dx < 0 ? code.x : code.x + code.width, dy < 0 ? code.y : code.y + code.height, x, y});
    }
    return fit(pairs);
}

// A map refined on the printed frames (the boxes of every row, the signature boxes or the
// fields of outil n°6): each found near where `rough` puts it, the map fitted to them all.
std::optional<Affine> onFrames(const GrayImage& page, const Affine& rough, const rules::FormCode& code, double range)
{
    std::vector<rules::FormRect> frames;
    if (code.outil == 6) {
        for (int i = 0; i < layout::outil6FieldCount; ++i)
            frames.push_back(layout::outil6Field(i));
    } else {
        for (int row = 0; row < code.rows; ++row) {
            frames.push_back(layout::acquisBox(row));
            frames.push_back(layout::nonAcquisBox(row));
        }
    }
    if (code.page == code.pages) {
        frames.push_back(layout::evaluatorSignature());
        frames.push_back(layout::candidateSignature());
    }
    std::vector<std::array<double, 4>> pairs;
    for (const auto& r : frames)
        if (const auto found = locateFrame(page, rough, r, range))
            pairs.push_back(*found);
    if (pairs.size() < 4)
        return std::nullopt;
    const auto map = fit(pairs);
    if (!map)
        return std::nullopt;
    const double pxPerMm = std::sqrt(std::abs(map->a * map->e - map->b * map->d));
    for (const auto& p : pairs) {  // every frame where the fitted map puts it: none taken for another
        const auto [x, y] = (*map)(p[0], p[1]);
        if (std::hypot(x - p[2], y - p[3]) / pxPerMm > 0.6)
            return std::nullopt;
    }
    return map;
}

// The page is read as it lies: each corner mark of the image is matched with the corner of the
// upright form it shows. Four marks give an affine map (turn, skew, scale) when they agree, else
// a projective one (a photo taken at an angle); three marks (a corner cut off) an affine one.
// Whatever the marks, the map must carry the code's centre to where zbar saw the code and lay
// two printed frames where they are: a stain taken for a mark gives no map.
std::optional<Affine> align(const GrayImage& page, int quarters, const QrFound& qr, FormPageReading& reading)
{
    const double pxPerMm = std::min(page.width, page.height) / layout::pageWidth;
    auto upright = [&](int corner) {
        static constexpr int clockwise[4] = {1, 3, 0, 2};  // TL→TR, TR→BR, BL→TL, BR→BL
        for (int q = 0; q < quarters; ++q)
            corner = clockwise[corner];
        return corner;
    };
    std::vector<std::array<double, 4>> pairs;
    for (int corner = 0; corner < 4; ++corner)
        if (const auto found = findMark(page, corner, pxPerMm)) {
            const auto m = layout::mark(upright(corner));
            pairs.push_back({m.x + m.width / 2, m.y + m.height / 2, found->first, found->second});
        }
    reading.marks = static_cast<int>(pairs.size());
    if (pairs.size() == 2) {  // two corners out of the scanner's frame: the code's centre is a third point
        const auto code = layout::qr();
        pairs.push_back({code.x + code.width / 2, code.y + code.height / 2, qr.cx, qr.cy});
    }
    auto residual = [&](const Affine& map, const std::vector<std::array<double, 4>>& used) {
        double worst = 0;
        for (const auto& p : used) {
            const auto [x, y] = map(p[0], p[1]);
            worst = std::max(worst, std::hypot(x - p[2], y - p[3]) / pxPerMm);
        }
        return worst;
    };
    auto sound = [&](const std::optional<Affine>& map) {
        if (!map)
            return false;
        const auto code = layout::qr();
        const auto [x, y] = (*map)(code.x + code.width / 2, code.y + code.height / 2);
        return std::hypot(x - qr.cx, y - qr.cy) / pxPerMm <= 4 && framesFit(page, *map, reading.code);
    };
    std::optional<Affine> chosen;
    if (const auto affine = fit(pairs); affine && residual(*affine, pairs) <= 1.5 && sound(affine))
        chosen = affine;
    if (!chosen && pairs.size() == 4)
        if (const auto projective = fitProjective(pairs); sound(projective))
            chosen = projective;
    for (std::size_t skip = 0; !chosen && pairs.size() == 4 && skip < 4; ++skip) {
        auto three = pairs;
        three.erase(three.begin() + static_cast<std::ptrdiff_t>(skip));
        if (const auto affine = fit(three); sound(affine)) {
            chosen = affine;
            reading.marks = 3;
        }
    }
    if (!chosen) {
        // Corners cut off or a mark taken for another: the printed frames, found around where a
        // rougher map (three marks, or the code alone) puts them.
        std::optional<Affine> rough;
        if (pairs.size() >= 3)
            rough = fit(pairs);
        if (auto code = fromCode(qr, quarters); code && (!rough || !sound(rough)))
            rough = code;
        if (rough)
            if (auto refined = onFrames(page, *rough, reading.code, 4.0); sound(refined)) {
                chosen = refined;
                reading.marks = 0;
            }
    }
    if (chosen)
        reading.residualMm = residual(*chosen, pairs);
    return chosen;
}

// What the aligned page says: the boxes of an outil n°4, the signatures and date of a last
// page, the printed fields of an outil n°6.
void readContent(const GrayImage& page, const Affine& map, FormPageReading& reading)
{
    if (reading.code.outil == 4) {
        for (int row = 0; row < reading.code.rows; ++row) {
            auto [yes, no] = judgeRow(judge(ink(page, map, layout::acquisBox(row), 1.3)),
                                      judge(ink(page, map, layout::nonAcquisBox(row), 1.3)));
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
        reading.problems.push_back(symbols.empty() ? "aucun code de formulaire n'a été trouvé sur la page."
                                                   : "le code trouvé n'est pas celui d'un formulaire de la branche.");
        return reading;
    }
    const int quarters = quartersOf(*form);
    reading.rotation = quarters * 90;
    const auto map = align(input, quarters, *form, reading);
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
