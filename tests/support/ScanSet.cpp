#include "ScanSet.h"

#include "cqp/render/Forms.h"
#include "cqp/rules/FormLayout.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <random>

namespace cqp::test {

namespace layout = rules::formLayout;
using ingest::BoxState;
using ingest::GrayImage;

namespace {

struct Canvas {
    GrayImage& image;
    double pxPerMm;
    void dot(double xMm, double yMm, int radius, unsigned char value)
    {
        const int cx = static_cast<int>(xMm * pxPerMm), cy = static_cast<int>(yMm * pxPerMm);
        for (int y = cy - radius; y <= cy + radius; ++y)
            for (int x = cx - radius; x <= cx + radius; ++x)
                if (x >= 0 && y >= 0 && x < image.width && y < image.height)
                    image.pixels[static_cast<std::size_t>(y * image.width + x)] = value;
    }
    void line(double x1, double y1, double x2, double y2, int radius, unsigned char value = 25)
    {
        for (double t = 0; t <= 1; t += 0.004)
            dot(x1 + t * (x2 - x1), y1 + t * (y2 - y1), radius, value);
    }
};

enum class Mark { Nothing, Tick, Cross, Filled, Light, Check, Scribble, Pencil };

void draw(Canvas& c, const rules::FormRect& r, Mark mark, std::mt19937& random)
{
    std::uniform_real_distribution<double> jitter(-0.6, 0.6);
    const int pen = std::max(1, static_cast<int>(0.25 * c.pxPerMm));
    switch (mark) {
    case Mark::Nothing: break;
    case Mark::Tick:
        c.line(r.x + 1.2 + jitter(random), r.y + 3.8, r.x + 3.0, r.y + 6.0 + jitter(random) * 0.3, pen);
        c.line(r.x + 3.0, r.y + 6.0, r.x + 6.2 + jitter(random) * 0.5, r.y + 0.8 + jitter(random) * 0.5, pen);
        break;
    case Mark::Cross:
        c.line(r.x + 1 + jitter(random), r.y + 1, r.x + r.width - 1, r.y + r.height - 1 + jitter(random), pen);
        c.line(r.x + 1, r.y + r.height - 1 + jitter(random), r.x + r.width - 1 + jitter(random), r.y + 1, pen);
        break;
    case Mark::Filled:
        for (double y = r.y + 0.3; y < r.y + r.height - 0.3; y += 0.15)
            c.line(r.x + 0.3, y, r.x + r.width - 0.3, y, pen);
        break;
    case Mark::Light:
        c.line(r.x + 2, r.y + 3.5, r.x + 3.5, r.y + 4.0, pen, 185);  // a pencil brush, not a choice
        break;
    case Mark::Check: {  // ✓ as people tick: small, low in the box, its long stroke out of it
        const double bx = r.x + r.width * (0.64 + 0.04 * jitter(random)), by = r.y + r.height * (0.8 + 0.04 * jitter(random));
        c.line(r.x + r.width * (0.54 + 0.04 * jitter(random)), r.y + r.height * 0.68, bx, by, 1);
        c.line(bx, by, r.x + r.width * (1.3 + 0.1 * jitter(random)), r.y + r.height * (0.4 + 0.1 * jitter(random)), 1);
        break;
    }
    case Mark::Scribble:  // a zigzag over most of the box
        for (int k = 0; k < 5; ++k)
            c.line(r.x + 1 + k * (r.width - 2) / 5, r.y + 1 + jitter(random) * 0.5, r.x + 1 + (k + 1) * (r.width - 2) / 5,
                   r.y + r.height - 1 + jitter(random) * 0.5, pen);
        break;
    case Mark::Pencil:  // a cross in grey pencil
        c.line(r.x + 1 + jitter(random), r.y + 1, r.x + r.width - 1, r.y + r.height - 1 + jitter(random), pen, 115);
        c.line(r.x + 1, r.y + r.height - 1 + jitter(random), r.x + r.width - 1 + jitter(random), r.y + 1, pen, 115);
        break;
    }
}

// Handwriting across the middle of `r` (a signature, a word written over).
void scribble(Canvas& c, const rules::FormRect& r)
{
    for (double t = 0; t < 1; t += 0.003)
        c.dot(r.x + 6 + t * (r.width - 12), r.y + r.height / 2 + std::min(3.5, r.height / 3) * std::sin(t * 21), 1, 30);
}

}  // namespace

GrayImage rotateImage(const GrayImage& in, double degrees)
{
    const double a = degrees * M_PI / 180, c = std::cos(a), s = std::sin(a);
    const int quarter = static_cast<int>(std::lround(degrees / 90) % 4);
    const bool swap = std::fabs(degrees - 90.0 * static_cast<double>(std::lround(degrees / 90))) < 1e-9 && (quarter == 1 || quarter == 3);
    GrayImage out;
    out.width = swap ? in.height : in.width;
    out.height = swap ? in.width : in.height;
    out.pixels.assign(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height), 255);
    const double icx = (in.width - 1) / 2.0, icy = (in.height - 1) / 2.0, ocx = (out.width - 1) / 2.0, ocy = (out.height - 1) / 2.0;
    for (int y = 0; y < out.height; ++y)
        for (int x = 0; x < out.width; ++x) {
            const double dx = x - ocx, dy = y - ocy;
            const int sx = static_cast<int>(std::lround(c * dx + s * dy + icx));
            const int sy = static_cast<int>(std::lround(-s * dx + c * dy + icy));
            if (sx >= 0 && sy >= 0 && sx < in.width && sy < in.height)
                out.pixels[static_cast<std::size_t>(y * out.width + x)] = in.at(sx, sy);
        }
    return out;
}

namespace {

// The scanner bed is larger than the page: a dark frame around it.
GrayImage withBorder(const GrayImage& in, int border)
{
    GrayImage out;
    out.width = in.width + 2 * border;
    out.height = in.height + 2 * border;
    out.pixels.assign(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height), 35);
    for (int y = 0; y < in.height; ++y)
        std::copy(in.pixels.begin() + static_cast<std::ptrdiff_t>(y) * in.width,
                  in.pixels.begin() + static_cast<std::ptrdiff_t>(y + 1) * in.width,
                  out.pixels.begin() + static_cast<std::ptrdiff_t>(y + border) * out.width + border);
    return out;
}

void noiseAndBlur(GrayImage& image, std::mt19937& random)
{
    std::uniform_int_distribution<int> percent(0, 999);
    for (auto& p : image.pixels) {
        const int roll = percent(random);
        if (roll < 3)
            p = 30;
        else if (roll < 6)
            p = 255;
    }
    GrayImage copy = image;
    for (int y = 1; y < image.height - 1; ++y)
        for (int x = 1; x < image.width - 1; ++x) {
            int sum = 0;
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx)
                    sum += copy.at(x + dx, y + dy);
            image.pixels[static_cast<std::size_t>(y * image.width + x)] = static_cast<unsigned char>(sum / 9);
        }
}

GrayImage jpegRoundTrip(const GrayImage& in, int quality)
{
    auto load = ingest::loadScan(ingest::encodeJpeg(in, quality), "image/jpeg");
    return load.pages.empty() ? in : load.pages.front();
}

}  // namespace

render::Outil4Data exampleOutil4(long long candidature, int competences)
{
    render::Outil4Data d;
    d.candidature = candidature;
    d.candidateName = "Élise Marie DURAND";
    d.certificateTitle = "Opérateur(trice) de fabrication des Industries Chimiques";
    d.company = "Chimie Exemple SAS";
    d.evaluatorName = "Sophie Martin (EH-0101)";
    d.plannedDate = "11/01/2027";
    for (int i = 1; i <= competences; ++i)
        d.competences.push_back({"FAB-OPE-C" + std::to_string(i), "Compétence d'exemple"});
    return d;
}

render::Outil6Data exampleOutil6(long long candidature)
{
    render::Outil6Data d;
    d.candidature = candidature;
    d.nomNaissance = "DUPONT";
    d.nomUsage = "DURAND";
    d.prenoms = "Élise Marie";
    d.sexe = "F";
    d.dateNaissance = "12/04/1990";
    d.lieuNaissance = "Saint-Étienne (42218)";
    d.certificateTitle = "Opérateur(trice) de fabrication des Industries Chimiques";
    d.company = "Chimie Exemple SAS";
    d.siret = "73282932000074";
    d.competences = {{"FAB-OPE-C1", "Préparer son poste de travail"}};
    return d;
}

std::vector<ScanSample> generateScanSet(int count, unsigned seed)
{
    setMsgSeverity(L_SEVERITY_NONE);
    std::mt19937 random{seed};
    const auto fonts = render::findFonts();
    std::vector<ScanSample> samples;
    const double dpis[] = {150, 200, 300};
    std::uniform_int_distribution<int> markRoll(0, 99);
    std::uniform_real_distribution<double> skewRoll(-3.0, 3.0);
    for (int i = 0; i < count; ++i) {
        render::Outil4Data form;
        form.candidature = 1000 + i;
        form.candidateName = "Candidat d'essai " + std::to_string(i);
        form.certificateTitle = "Opérateur(trice) de fabrication des Industries Chimiques";
        form.company = "Chimie Exemple SAS";
        form.evaluatorName = "Sophie Martin (EH-0101)";
        form.plannedDate = "11/01/2027";
        for (int r = 1; r <= layout::rowsPerPage; ++r)
            form.competences.push_back({"FAB-OPE-C" + std::to_string(r), "Compétence d'essai"});
        char date[16];
        std::snprintf(date, sizeof date, "%02d/%02d/2027", 1 + static_cast<int>(random() % 28), 1 + static_cast<int>(random() % 12));
        form.typedDate = date;
        ingest::ScanLimits limits;
        limits.dpi = dpis[i % 3];
        auto load = ingest::loadScan(render::renderOutil4(form, *fonts), "application/pdf", limits);
        ScanSample sample;
        sample.image = std::move(load.pages.front());
        sample.candidature = form.candidature;
        sample.date = form.typedDate;
        Canvas canvas{sample.image, limits.dpi / 25.4};
        for (int row = 0; row < layout::rowsPerPage; ++row) {
            // The answer, then what the evaluator's pen did: a tick or a cross in one box,
            // sometimes a box blacked out to cancel, light stray marks, or nothing.
            const int roll = markRoll(random);
            Mark acquis = Mark::Nothing, nonAcquis = Mark::Nothing;
            if (roll < 40)
                acquis = roll % 2 ? Mark::Tick : Mark::Cross;
            else if (roll < 80)
                nonAcquis = roll % 2 ? Mark::Tick : Mark::Cross;
            else if (roll < 88) {
                acquis = Mark::Filled;
                nonAcquis = Mark::Cross;
            } else if (roll < 94)
                acquis = Mark::Light;
            draw(canvas, layout::acquisBox(row), acquis, random);
            draw(canvas, layout::nonAcquisBox(row), nonAcquis, random);
            auto truth = [](Mark m) {
                return m == Mark::Tick || m == Mark::Cross || m == Mark::Check || m == Mark::Scribble || m == Mark::Pencil
                           ? BoxState::Checked
                       : m == Mark::Filled                  ? BoxState::Filled
                                                            : BoxState::Empty;
            };
            sample.acquis.push_back(truth(acquis));
            sample.nonAcquis.push_back(truth(nonAcquis));
        }
        sample.evaluatorSigned = i % 4 != 0;
        if (sample.evaluatorSigned) {
            const auto r = layout::evaluatorSignature();
            for (double t = 0; t < 1; t += 0.003)
                canvas.dot(r.x + 6 + t * (r.width - 12), r.y + r.height / 2 + 3.5 * std::sin(t * 21), 1, 30);
        }
        const int quarter = i % 4;
        const double skew = skewRoll(random);
        GrayImage image = rotateImage(rotateImage(sample.image, 90.0 * quarter), skew);
        image = withBorder(image, static_cast<int>(3 * canvas.pxPerMm));
        noiseAndBlur(image, random);
        const bool jpeg = i % 2 == 0;
        if (jpeg)
            image = jpegRoundTrip(image, 45);
        sample.image = std::move(image);
        sample.description = std::to_string(static_cast<int>(limits.dpi)) + " dpi, " + std::to_string(90 * quarter) +
                             "°, skew " + std::to_string(skew).substr(0, 5) + "°" + (jpeg ? ", jpeg" : "");
        samples.push_back(std::move(sample));
    }
    return samples;
}

namespace {

// The projective map through four point pairs (solved like the reader does, independently here).
std::array<double, 8> homography(const std::array<std::array<double, 4>, 4>& pairs)
{
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
        std::swap(m[col], m[pivot]);
        for (int r = 0; r < 8; ++r)
            if (r != col) {
                const double k = m[r][col] / m[col][col];
                for (int c = col; c < 9; ++c)
                    m[r][c] -= k * m[col][c];
            }
    }
    std::array<double, 8> h{};
    for (std::size_t i = 0; i < 8; ++i)
        h[i] = m[i][8] / m[i][i];
    return h;
}

// A photo taken from below the page: its top edge `keystone` narrower than its bottom, on a
// grey table.
GrayImage photographed(const GrayImage& in, double keystone)
{
    const double w = in.width, h = in.height, k = keystone * w / 2;
    // Output → input: where each pixel of the photo comes from on the page.
    const auto m = homography({{{k, 0, 0, 0}, {w - k, 0, w, 0}, {0, h, 0, h}, {w, h, w, h}}});
    GrayImage out;
    out.width = in.width;
    out.height = in.height;
    out.pixels.assign(in.pixels.size(), 150);
    for (int y = 0; y < out.height; ++y)
        for (int x = 0; x < out.width; ++x) {
            const double d = m[6] * x + m[7] * y + 1;
            const int sx = static_cast<int>(std::lround((m[0] * x + m[1] * y + m[2]) / d));
            const int sy = static_cast<int>(std::lround((m[3] * x + m[4] * y + m[5]) / d));
            if (sx >= 0 && sy >= 0 && sx < in.width && sy < in.height)
                out.pixels[static_cast<std::size_t>(y * out.width + x)] = in.at(sx, sy);
        }
    return out;
}

// Turned on the scanner bed as a scanner sees it: each pixel the average of the page under it
// (bilinear), the canvas unchanged (the bed's frame cuts the corners off).
GrayImage turnedOnBed(const GrayImage& in, double degrees)
{
    const double a = degrees * M_PI / 180, c = std::cos(a), s = std::sin(a);
    GrayImage out;
    out.width = in.width;
    out.height = in.height;
    out.pixels.assign(in.pixels.size(), 255);
    const double cx = (in.width - 1) / 2.0, cy = (in.height - 1) / 2.0;
    for (int y = 0; y < out.height; ++y)
        for (int x = 0; x < out.width; ++x) {
            const double sx = c * (x - cx) + s * (y - cy) + cx, sy = -s * (x - cx) + c * (y - cy) + cy;
            const int ix = static_cast<int>(std::floor(sx)), iy = static_cast<int>(std::floor(sy));
            if (ix < 0 || iy < 0 || ix + 1 >= in.width || iy + 1 >= in.height)
                continue;
            const double fx = sx - ix, fy = sy - iy;
            const double v = (1 - fy) * ((1 - fx) * in.at(ix, iy) + fx * in.at(ix + 1, iy)) +
                             fy * ((1 - fx) * in.at(ix, iy + 1) + fx * in.at(ix + 1, iy + 1));
            out.pixels[static_cast<std::size_t>(y * out.width + x)] = static_cast<unsigned char>(std::lround(v));
        }
    return out;
}

// A corner torn or folded off (never the code's): white from the corner 25 mm in.
void cutCorner(GrayImage& image, int corner, double pxPerMm)
{
    const int side = static_cast<int>(25 * pxPerMm);
    const int x0 = corner % 2 == 0 ? 0 : image.width - side, y0 = corner < 2 ? 0 : image.height - side;
    for (int y = y0; y < y0 + side; ++y)
        for (int x = x0; x < x0 + side; ++x)
            if ((corner % 2 == 0 ? x - x0 : x0 + side - x) + (corner < 2 ? y - y0 : y0 + side - y) < side)
                image.pixels[static_cast<std::size_t>(y * image.width + x)] = 255;
}

// A coffee stain: a light ring somewhere on the page.
void stain(GrayImage& image, std::mt19937& random, double pxPerMm)
{
    std::uniform_real_distribution<double> where(0.2, 0.8);
    const double cx = where(random) * image.width, cy = where(random) * image.height, r = 18 * pxPerMm;
    for (int y = static_cast<int>(cy - r); y < cy + r; ++y)
        for (int x = static_cast<int>(cx - r); x < cx + r; ++x) {
            const double d = std::hypot(x - cx, y - cy);
            if (x >= 0 && y >= 0 && x < image.width && y < image.height && d < r) {
                auto& p = image.pixels[static_cast<std::size_t>(y * image.width + x)];
                p = static_cast<unsigned char>(std::min<int>(p, d > r * 0.9 ? 150 : 215));
            }
        }
}

}  // namespace

const std::vector<std::string>& hardScanKinds()
{
    static const std::vector<std::string> kinds{"pen X", "check mark", "scribble", "pencil", "corrected", "turned 5-10°",
                                                "photo keystone 2-6%", "corner cut", "fax 150 dpi", "stain"};
    return kinds;
}

std::vector<ScanSample> generateHardScanSet(int perKind, unsigned seed, int onlyKind)
{
    setMsgSeverity(L_SEVERITY_NONE);
    std::mt19937 random{seed};
    const auto fonts = render::findFonts();
    std::uniform_int_distribution<int> answer(0, 9);
    std::uniform_real_distribution<double> unit(0, 1);
    std::vector<ScanSample> samples;
    const auto& kinds = hardScanKinds();
    for (std::size_t kind = 0; kind < kinds.size(); ++kind)
        for (int i = 0; i < perKind && (onlyKind < 0 || static_cast<std::size_t>(onlyKind) == kind); ++i) {
            const std::string& name = kinds[kind];
            auto form = exampleOutil4(5000 + static_cast<long long>(samples.size()), layout::rowsPerPage);
            form.typedDate = "15/01/2027";
            ingest::ScanLimits limits;
            limits.dpi = name == "fax 150 dpi" ? 150 : 200;
            auto load = ingest::loadScan(render::renderOutil4(form, *fonts), "application/pdf", limits);
            ScanSample sample;
            sample.image = std::move(load.pages.front());
            sample.candidature = form.candidature;
            sample.date = form.typedDate;
            sample.description = name;
            Canvas canvas{sample.image, limits.dpi / 25.4};
            const Mark style = name == "check mark" ? Mark::Check
                               : name == "scribble" ? Mark::Scribble
                               : name == "pencil"   ? Mark::Pencil
                               : (i + static_cast<int>(kind)) % 2 ? Mark::Cross
                                                                  : Mark::Check;
            for (int row = 0; row < layout::rowsPerPage; ++row) {
                const int a = answer(random);  // 0–4 acquis, 5–8 non acquis, 9 nothing
                Mark acquis = a < 5 ? style : Mark::Nothing, nonAcquis = a >= 5 && a < 9 ? style : Mark::Nothing;
                if (name == "corrected" && a < 9) {  // the first choice blacked out, the other box ticked
                    (a < 5 ? nonAcquis : acquis) = Mark::Filled;
                }
                draw(canvas, layout::acquisBox(row), acquis, random);
                draw(canvas, layout::nonAcquisBox(row), nonAcquis, random);
                auto truth = [](Mark m) {
                    return m == Mark::Nothing ? BoxState::Empty : m == Mark::Filled ? BoxState::Filled : BoxState::Checked;
                };
                sample.acquis.push_back(truth(acquis));
                sample.nonAcquis.push_back(truth(nonAcquis));
            }
            sample.evaluatorSigned = true;
            scribble(canvas, layout::evaluatorSignature());
            GrayImage image = std::move(sample.image);
            if (name == "turned 5-10°") {
                image = turnedOnBed(image, (unit(random) < 0.5 ? -1 : 1) * (5 + 5 * unit(random)));
            } else if (name == "photo keystone 2-6%") {
                image = jpegRoundTrip(photographed(image, 0.02 + 0.04 * unit(random)), 40);
            } else if (name == "corner cut") {
                static constexpr int corners[3] = {0, 2, 3};  // the code is in the top right one
                cutCorner(image, corners[i % 3], canvas.pxPerMm);
            } else if (name == "fax 150 dpi") {
                for (auto& p : image.pixels)
                    p = p < 150 ? 0 : 255;
            } else if (name == "stain") {
                stain(image, random, canvas.pxPerMm);
            }
            if (name != "fax 150 dpi")
                noiseAndBlur(image, random);
            sample.image = std::move(image);
            samples.push_back(std::move(sample));
        }
    return samples;
}

std::map<std::string, RowScore> scoreRows(const std::vector<ScanSample>& samples)
{
    std::map<std::string, RowScore> out;
    for (const auto& sample : samples) {
        auto& s = out[sample.description];
        for (std::size_t row = 0; row < sample.acquis.size(); ++row)  // rows with an answer: the others go to review
            s.rows += (sample.acquis[row] == BoxState::Checked) != (sample.nonAcquis[row] == BoxState::Checked);
        const auto reading = ingest::readFormPage(sample.image);
        if (!reading.identified || !reading.aligned || reading.code.candidature != sample.candidature)
            continue;
        for (std::size_t row = 0; row < sample.acquis.size() && row < reading.acquis.size(); ++row) {
            const auto a = reading.acquis[row].state, n = reading.nonAcquis[row].state;
            const bool answered = (sample.acquis[row] == BoxState::Checked) != (sample.nonAcquis[row] == BoxState::Checked);
            // The rule ScanIntake records a row by.
            const bool yes = a == BoxState::Checked && (n == BoxState::Empty || n == BoxState::Filled);
            const bool no = n == BoxState::Checked && (a == BoxState::Empty || a == BoxState::Filled);
            if (yes == no)
                continue;
            s.settled += answered;
            const bool truthYes = sample.acquis[row] == BoxState::Checked;
            const bool truthNo = sample.nonAcquis[row] == BoxState::Checked;
            if ((yes && !truthYes) || (no && !truthNo))
                ++s.silentErrors;
        }
    }
    return out;
}

ingest::GrayImage fillOutil4(const std::string& pdf, const std::vector<int>& choices, bool sign, double dpi)
{
    ingest::ScanLimits limits;
    limits.dpi = dpi;
    auto image = ingest::loadScan(pdf, "application/pdf", limits).pages.at(0);
    Canvas canvas{image, dpi / 25.4};
    std::mt19937 random{7};
    for (std::size_t row = 0; row < choices.size(); ++row) {
        if (choices[row] == 1 || choices[row] == 2)
            draw(canvas, layout::acquisBox(static_cast<int>(row)), Mark::Cross, random);
        if (choices[row] == 0 || choices[row] == 2)
            draw(canvas, layout::nonAcquisBox(static_cast<int>(row)), Mark::Tick, random);
    }
    if (sign)
        scribble(canvas, layout::evaluatorSignature());
    return image;
}

ingest::GrayImage fillOutil6(const std::string& pdf, bool companySigns, bool candidateSigns, int overwrite, double dpi)
{
    ingest::ScanLimits limits;
    limits.dpi = dpi;
    auto image = ingest::loadScan(pdf, "application/pdf", limits).pages.at(0);
    Canvas canvas{image, dpi / 25.4};
    if (companySigns)
        scribble(canvas, layout::evaluatorSignature());
    if (candidateSigns)
        scribble(canvas, layout::candidateSignature());
    if (overwrite >= 0) {
        // Crossed out, and something else written over it.
        const auto r = layout::outil6Field(overwrite);
        canvas.line(r.x + 1, r.y + r.height / 2, r.x + 45, r.y + r.height / 2, 1);
        scribble(canvas, {r.x + 50, r.y, 40, r.height});
    }
    return image;
}


ScanScore score(const std::vector<ScanSample>& samples)
{
    ScanScore s;
    for (const auto& sample : samples) {
        ++s.pages;
        const auto reading = ingest::readFormPage(sample.image);
        if (!reading.identified || !reading.aligned || reading.code.candidature != sample.candidature)
            continue;
        ++s.identified;
        for (std::size_t row = 0; row < sample.acquis.size() && row < reading.acquis.size(); ++row) {
            for (const auto& [read, truth] : {std::pair{reading.acquis[row].state, sample.acquis[row]},
                                              std::pair{reading.nonAcquis[row].state, sample.nonAcquis[row]}}) {
                ++s.boxes;
                if (read == BoxState::Ambiguous)
                    ++s.ambiguous;
                else if (read != truth)
                    ++s.errors;
            }
        }
        if (reading.evaluatorSigned != sample.evaluatorSigned)
            ++s.signatureErrors;
        // Levenshtein distance between the typed date and the one read.
        const std::string& a = sample.date;
        const std::string& b = reading.dateText;
        std::vector<int> previous(b.size() + 1), current(b.size() + 1);
        for (std::size_t j = 0; j <= b.size(); ++j)
            previous[j] = static_cast<int>(j);
        for (std::size_t i = 1; i <= a.size(); ++i) {
            current[0] = static_cast<int>(i);
            for (std::size_t j = 1; j <= b.size(); ++j)
                current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
            previous.swap(current);
        }
        s.fieldCharacters += static_cast<int>(a.size());
        s.fieldEdits += previous[b.size()];
    }
    return s;
}

}  // namespace cqp::test
