#include "ScanAlign.h"

#include "cqp/rules/FormLayout.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace cqp::ingest::detail {

namespace layout = rules::formLayout;

namespace {

// The projective map through four point pairs (mmX, mmY, px, py): eight equations, solved by
// Gaussian elimination with partial pivoting.
std::optional<FormMap> fitProjective(const std::vector<std::array<double, 4>>& pairs)
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
    return FormMap{s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]};
}

std::optional<FormMap> fit(const std::vector<std::array<double, 4>>& pairs)  // mmX, mmY, px, py
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
    return FormMap{x[0], x[1], x[2], y[0], y[1], y[2]};
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

// How well a map lays the printed frame of `r` on the page: the share of points of its outline
// with ink within ±0.4 mm across the line (a wrong map misses the thin lines).
double frameScore(const GrayImage& page, const FormMap& map, const rules::FormRect& r)
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
bool framesFit(const GrayImage& page, const FormMap& map, const Frames& frames)
{
    return frameScore(page, map, frames.first) >= 0.7 && frameScore(page, map, frames.last) >= 0.7;
}

// Where the printed frame of `r` lies, searched within ±`range` mm of where `map` puts it: the
// centre of the frame, in pixels, when one is found clearly (most of its outline inked).
std::optional<std::array<double, 4>> locateFrame(const GrayImage& page, const FormMap& map, const rules::FormRect& r, double range)
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
std::optional<FormMap> fromCode(const QrFound& qr, int quarters)
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
std::optional<FormMap> onFrames(const GrayImage& page, const FormMap& rough, const std::vector<rules::FormRect>& frames, double range)
{
    std::vector<std::array<double, 4>> pairs;
    for (const auto& r : frames)
        if (const auto found = locateFrame(page, rough, r, range))
            pairs.push_back(*found);
    if (pairs.size() < 4)
        return std::nullopt;
    // Every frame where the fitted map puts it: none taken for another. One found off (a frame
    // half cut at the page's edge) is left out while six others remain to fit the map.
    for (;;) {
        const auto map = fit(pairs);
        if (!map)
            return std::nullopt;
        const double pxPerMm = std::sqrt(std::abs(map->a * map->e - map->b * map->d));
        std::size_t worst = 0;
        double off = 0;
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            const auto [x, y] = (*map)(pairs[i][0], pairs[i][1]);
            if (const double d = std::hypot(x - pairs[i][2], y - pairs[i][3]) / pxPerMm; d > off) {
                off = d;
                worst = i;
            }
        }
        if (off <= 0.6)
            return map;
        if (pairs.size() <= 6)
            return std::nullopt;
        pairs.erase(pairs.begin() + static_cast<std::ptrdiff_t>(worst));
    }
}

}  // namespace

Frames framesOf(const rules::FormCode& code)
{
    Frames frames;
    frames.first = code.outil == 6 ? layout::outil6Field(0) : layout::acquisBox(0);
    frames.last = code.outil == 6 ? layout::outil6Field(layout::outil6FieldCount - 1) : layout::nonAcquisBox(std::max(0, code.rows - 1));
    if (code.outil == 6) {
        for (int i = 0; i < layout::outil6FieldCount; ++i)
            frames.all.push_back(layout::outil6Field(i));
    } else {
        for (int row = 0; row < code.rows; ++row) {
            frames.all.push_back(layout::acquisBox(row));
            frames.all.push_back(layout::nonAcquisBox(row));
        }
    }
    if (code.page == code.pages) {
        frames.all.push_back(layout::evaluatorSignature());
        frames.all.push_back(layout::candidateSignature());
    }
    return frames;
}

// The page is read as it lies: each corner mark of the image is matched with the corner of the
// upright form it shows. Four marks give an affine map (turn, skew, scale) when they agree, else
// a projective one (a photo taken at an angle); three marks (a corner cut off) an affine one.
// Whatever the marks, the map must carry the code's centre to where zbar saw the code and lay
// two printed frames where they are: a stain taken for a mark gives no map.
std::optional<FormMap> align(const GrayImage& page, int quarters, const QrFound& qr, const Frames& frames, FormPageReading& reading)
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
    auto residual = [&](const FormMap& map, const std::vector<std::array<double, 4>>& used) {
        double worst = 0;
        for (const auto& p : used) {
            const auto [x, y] = map(p[0], p[1]);
            worst = std::max(worst, std::hypot(x - p[2], y - p[3]) / pxPerMm);
        }
        return worst;
    };
    auto sound = [&](const std::optional<FormMap>& map) {
        if (!map)
            return false;
        const auto code = layout::qr();
        const auto [x, y] = (*map)(code.x + code.width / 2, code.y + code.height / 2);
        return std::hypot(x - qr.cx, y - qr.cy) / pxPerMm <= 4 && framesFit(page, *map, frames);
    };
    std::optional<FormMap> chosen;
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
        std::optional<FormMap> rough;
        if (pairs.size() >= 3)
            rough = fit(pairs);
        if (auto code = fromCode(qr, quarters); code && (!rough || !sound(rough)))
            rough = code;
        if (rough)
            if (auto refined = onFrames(page, *rough, frames.all, 4.0); sound(refined)) {
                chosen = refined;
                reading.marks = 0;
            }
    }
    if (chosen)
        reading.residualMm = residual(*chosen, pairs);
    return chosen;
}

}  // namespace cqp::ingest::detail
