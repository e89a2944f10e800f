// Forms printed by cqp, "filled in" on the rendered page, read back — upright, turned and skewed.

#include "cqp/ingest/ScanReader.h"
#include "cqp/render/Forms.h"
#include "cqp/render/PrintBatch.h"
#include "cqp/render/Report.h"
#include "cqp/rules/FormLayout.h"

#include "ScanSet.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace cqp;
using ingest::BoxState;
using ingest::GrayImage;

namespace {

constexpr double dpi = 200;

std::string form(int competences)
{
    return render::renderOutil4(test::exampleOutil4(42, competences), *render::findFonts());
}

GrayImage page(const std::string& pdf)
{
    ingest::ScanLimits limits;
    limits.dpi = dpi;
    auto load = ingest::loadScan(pdf, "application/pdf", limits);
    EXPECT_TRUE(load.problem.empty()) << load.problem;
    return load.pages.at(0);
}

void dot(GrayImage& image, double xMm, double yMm, int radius = 1)
{
    const int cx = static_cast<int>(xMm * dpi / 25.4), cy = static_cast<int>(yMm * dpi / 25.4);
    for (int y = cy - radius; y <= cy + radius; ++y)
        for (int x = cx - radius; x <= cx + radius; ++x)
            if (x >= 0 && y >= 0 && x < image.width && y < image.height)
                image.pixels[static_cast<std::size_t>(y * image.width + x)] = 20;
}

void cross(GrayImage& image, const rules::FormRect& r)
{
    for (double t = 0.15; t <= 0.85; t += 0.005) {
        dot(image, r.x + t * r.width, r.y + t * r.height);
        dot(image, r.x + t * r.width, r.y + (1 - t) * r.height);
    }
}

void blackOut(GrayImage& image, const rules::FormRect& r)
{
    for (double y = r.y; y < r.y + r.height; y += 0.1)
        for (double x = r.x; x < r.x + r.width; x += 0.1)
            dot(image, x, y, 0);
}

void scribble(GrayImage& image, const rules::FormRect& r)
{
    for (double t = 0; t < 1; t += 0.002)
        dot(image, r.x + 5 + t * (r.width - 10), r.y + r.height / 2 + 4 * std::sin(t * 25));
}

GrayImage turned(const GrayImage& in, double degrees) { return test::rotateImage(in, degrees); }

GrayImage filledForm()
{
    auto image = page(form(4));
    namespace layout = rules::formLayout;
    cross(image, layout::acquisBox(0));        // C1: acquis
    cross(image, layout::nonAcquisBox(1));     // C2: non acquis
    blackOut(image, layout::acquisBox(2));     // C3: acquis crossed, then cancelled...
    cross(image, layout::nonAcquisBox(2));     //     ...non acquis
    // C4: nothing ticked
    scribble(image, layout::evaluatorSignature());
    return image;
}

void expectReading(const ingest::FormPageReading& r)
{
    ASSERT_TRUE(r.identified) << (r.problems.empty() ? "" : r.problems[0]);
    ASSERT_TRUE(r.aligned) << (r.problems.empty() ? "" : r.problems[0]);
    EXPECT_EQ(r.code.candidature, 42);
    EXPECT_EQ(r.code.rows, 4);
    ASSERT_EQ(r.acquis.size(), 4u);
    EXPECT_EQ(r.acquis[0].state, BoxState::Checked) << r.acquis[0].ink;
    EXPECT_EQ(r.nonAcquis[0].state, BoxState::Empty) << r.nonAcquis[0].ink;
    EXPECT_EQ(r.acquis[1].state, BoxState::Empty) << r.acquis[1].ink;
    EXPECT_EQ(r.nonAcquis[1].state, BoxState::Checked) << r.nonAcquis[1].ink;
    EXPECT_EQ(r.acquis[2].state, BoxState::Filled) << r.acquis[2].ink;
    EXPECT_EQ(r.nonAcquis[2].state, BoxState::Checked) << r.nonAcquis[2].ink;
    EXPECT_EQ(r.acquis[3].state, BoxState::Empty) << r.acquis[3].ink;
    EXPECT_EQ(r.nonAcquis[3].state, BoxState::Empty) << r.nonAcquis[3].ink;
    EXPECT_TRUE(r.evaluatorSigned) << r.evaluatorInk;
    EXPECT_FALSE(r.candidateSigned) << r.candidateInk;
}

}  // namespace

TEST(ScanReader, ReadsTicksCancellationsAndSignaturesOnAnUprightPage)
{
    const auto reading = ingest::readFormPage(filledForm());
    expectReading(reading);
    EXPECT_EQ(reading.rotation, 0);
}

TEST(ScanReader, TurnedPagesAreReadTheSame)
{
    const auto image = filledForm();
    for (const double degrees : {90.0, 180.0, 270.0}) {
        SCOPED_TRACE(degrees);
        expectReading(ingest::readFormPage(turned(image, degrees)));
    }
}

TEST(ScanReader, SkewedPagesAreReadTheSame)
{
    const auto image = filledForm();
    for (const double degrees : {-2.5, 1.5, 3.0}) {
        SCOPED_TRACE(degrees);
        expectReading(ingest::readFormPage(turned(image, degrees)));
    }
}

TEST(ScanReader, Outil6PrintedFieldsAreReadBackAndAHandwrittenChangeShows)
{
    namespace layout = rules::formLayout;
    auto d = test::exampleOutil6(12);
    d.nomUsage.clear();  // a blank field reads blank
    d.company = "Chimie Exemple SAS — Usine de Lyon";
    auto image = page(render::renderOutil6(d, *render::findFonts()));
    scribble(image, layout::evaluatorSignature());  // the company's signature; the candidate has not signed
    const auto expected = render::outil6Fields(d);
    for (const double degrees : {0.0, 90.0, 180.0, -1.5}) {
        SCOPED_TRACE(degrees);
        const auto reading = ingest::readFormPage(turned(image, degrees));
        ASSERT_TRUE(reading.aligned);
        EXPECT_EQ(reading.code.outil, 6);
        EXPECT_TRUE(reading.evaluatorSigned);
        EXPECT_FALSE(reading.candidateSigned);
        ASSERT_EQ(reading.fields.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i)
            EXPECT_EQ(reading.fields[i], expected[i].second) << expected[i].first;
    }
    // The birth date corrected by hand: what is read is no longer what was printed.
    scribble(image, layout::outil6Field(4));
    const auto corrected = ingest::readFormPage(image);
    ASSERT_EQ(corrected.fields.size(), expected.size());
    EXPECT_NE(corrected.fields[4], expected[4].second);
    EXPECT_EQ(corrected.fields[0], expected[0].second);
}

TEST(ScanReader, BadScansGetAClearAnswer)
{
    EXPECT_NE(ingest::loadScan("%PDF-1.4 broken", "application/pdf").problem.find("PDF est illisible"), std::string::npos);
    EXPECT_NE(ingest::loadScan("not an image", "image/png").problem.find("image est illisible"), std::string::npos);
    GrayImage blank;
    blank.width = 1654;
    blank.height = 2339;
    blank.pixels.assign(static_cast<std::size_t>(blank.width * blank.height), 255);
    const auto reading = ingest::readFormPage(blank);
    EXPECT_FALSE(reading.identified);
    EXPECT_NE(reading.problems.at(0).find("aucun code de formulaire"), std::string::npos);
}

namespace {

// A PNG whose header announces a huge image, without the pixels.
std::string pngHeader(unsigned width, unsigned height)
{
    std::string png = "\x89PNG\r\n\x1a\n";
    std::string ihdr = "IHDR";
    for (unsigned v : {width, height})
        for (int shift = 24; shift >= 0; shift -= 8)
            ihdr += static_cast<char>((v >> shift) & 0xff);
    ihdr += std::string("\x08\x00\x00\x00\x00", 5);  // 8-bit gray
    png += std::string("\x00\x00\x00\x0d", 4) + ihdr + std::string(4, '\0');  // CRC left wrong: never checked before the size
    return png + std::string(64, '\0');  // a truncated body: the pixels are never there
}

}  // namespace

TEST(ScanReaderBadInput, AnEncryptedPdfIsRefusedWithItsReason)
{
    test::TempDir dir;
    test::writeFile(dir / "form.pdf", form(2));
    test::shell("qpdf --encrypt secret owner 256 -- '" + (dir / "form.pdf").string() + "' '" + (dir / "locked.pdf").string() + "'");
    const auto load = ingest::loadScan(test::readFile(dir / "locked.pdf"), "application/pdf");
    EXPECT_TRUE(load.pages.empty());
    EXPECT_NE(load.problem.find("mot de passe"), std::string::npos) << load.problem;
}

TEST(ScanReaderBadInput, ACorruptTiff)
{
    const auto load = ingest::loadScan(std::string("II*\0\x08\0\0\0", 8) + std::string(200, '\x7f'), "image/tiff");
    EXPECT_TRUE(load.pages.empty());
    EXPECT_FALSE(load.problem.empty());
}

TEST(ScanReaderBadInput, AHugeImageIsRefusedBeforeDecoding)
{
    const auto load = ingest::loadScan(pngHeader(20000, 20000), "image/png");
    EXPECT_TRUE(load.pages.empty());
    EXPECT_NE(load.problem.find("20000 × 20000 pixels"), std::string::npos) << load.problem;
}

TEST(ScanReaderBadInput, AFiveHundredPagePdfIsRefused)
{
    render::Report report{*render::findFonts(), "Long", "long"};
    for (int i = 0; i < 499; ++i)
        report.pageBreak();
    const auto load = ingest::loadScan(report.finish(), "application/pdf");
    EXPECT_TRUE(load.pages.empty());
    EXPECT_NE(load.problem.find("500 pages"), std::string::npos) << load.problem;
}

TEST(ScanReaderBadInput, APhonePhotoOrAnUnrelatedDocumentGetsAClearAnswer)
{
    // A photo: smaller, turned 8°, grey background. Read correctly or refused with a reason,
    // never a guess.
    auto photo = turned(filledForm(), 8);
    for (auto& p : photo.pixels)
        p = static_cast<unsigned char>(std::min(255, p * 3 / 4 + 30));
    const auto reading = ingest::readFormPage(photo);
    if (reading.identified && reading.aligned)
        expectReading(reading);
    else
        EXPECT_FALSE(reading.problems.empty());

    // A parchment: a QR code, but not one of a form.
    render::PrintBatch batch{*render::findFonts()};
    render::ParchmentData p;
    p.certificateTitle = "Agent logistique des Industries Chimiques (H/F)";
    p.holderName = "Paul DURAND";
    p.verificationUrl = "https://cqp.example/verifier?code=ABCD";
    batch.addParchment(p);
    ingest::ScanLimits limits;
    limits.dpi = 150;
    const auto load = ingest::loadScan(batch.finish("x"), "application/pdf", limits);
    const auto unrelated = ingest::readFormPage(load.pages.at(0));
    EXPECT_FALSE(unrelated.identified);
    EXPECT_NE(unrelated.problems.at(0).find("n'est pas celui d'un formulaire"), std::string::npos) << unrelated.problems.at(0);
}

// Issue 15: a check mark ✓ as people tick (small, its long stroke out of the box, 4–7 % of the
// inside) beside an empty box is the choice; a blot of as much ink, compact, is not — it stays
// for the secretariat, as does a light tick beside another mark.
// A page turned on the scanner's bed: a fine ✓ resampled to grey keeps 1.5–3.5 % of ink. Beside a
// box without any ink it is the choice; beside the least stroke it stays for the secretariat.
TEST(ScanReader, AFaintCheckMarkIsAChoiceOnlyBesideABoxWithoutInk)
{
    auto image = page(form(2));
    auto faint = [&](const rules::FormRect& r) {  // one-pixel strokes, a short ✓
        for (double t = 0; t <= 1; t += 0.01) {
            dot(image, r.x + r.width * (0.58 + 0.08 * t), r.y + r.height * (0.70 + 0.1 * t), 0);
            dot(image, r.x + r.width * (0.66 + 0.3 * t), r.y + r.height * (0.8 - 0.35 * t), 0);
        }
    };
    faint(rules::formLayout::nonAcquisBox(0));  // row 1: faint ✓ non acquis, nothing else
    faint(rules::formLayout::acquisBox(1));     // row 2: faint ✓ acquis beside a speck
    dot(image, rules::formLayout::nonAcquisBox(1).x + 3.5, rules::formLayout::nonAcquisBox(1).y + 3.5, 1);
    const auto reading = ingest::readFormPage(image);
    ASSERT_TRUE(reading.aligned);
    ASSERT_EQ(reading.acquis.size(), 2u);
    EXPECT_GE(reading.nonAcquis[0].ink, 0.015);
    EXPECT_LT(reading.nonAcquis[0].ink, 0.035);
    EXPECT_EQ(reading.nonAcquis[0].state, BoxState::Checked);
    EXPECT_EQ(reading.acquis[0].state, BoxState::Empty);
    EXPECT_GE(reading.acquis[1].ink, 0.015);
    EXPECT_NE(reading.acquis[1].state, BoxState::Checked) << reading.acquis[1].ink << " " << reading.nonAcquis[1].ink;
}

TEST(ScanReader, ALightCheckMarkIsAChoiceAndABlotIsNot)
{
    auto image = page(form(3));
    auto tick = [&](const rules::FormRect& r) {
        for (double t = 0; t <= 1; t += 0.01) {
            dot(image, r.x + r.width * (0.54 + 0.1 * t), r.y + r.height * (0.68 + 0.12 * t));
            dot(image, r.x + r.width * (0.64 + 0.66 * t), r.y + r.height * (0.8 - 0.4 * t));
        }
    };
    tick(rules::formLayout::acquisBox(0));  // row 1: ✓ acquis, nothing else
    const auto blot = rules::formLayout::acquisBox(1);  // row 2: a blot of 0.9 × 0.9 mm
    for (double y = 0; y < 0.9; y += 0.1)
        for (double x = 0; x < 0.9; x += 0.1)
            dot(image, blot.x + 3 + x, blot.y + 3 + y, 0);
    tick(rules::formLayout::acquisBox(2));  // row 3: ✓ acquis beside a stroke in non acquis
    dot(image, rules::formLayout::nonAcquisBox(2).x + 3.5, rules::formLayout::nonAcquisBox(2).y + 3.5, 2);
    const auto reading = ingest::readFormPage(image);
    ASSERT_TRUE(reading.aligned);
    ASSERT_EQ(reading.acquis.size(), 3u);
    EXPECT_GE(reading.acquis[0].ink, 0.035);
    EXPECT_LT(reading.acquis[0].ink, 0.07);
    EXPECT_EQ(reading.acquis[0].state, BoxState::Checked);
    EXPECT_EQ(reading.nonAcquis[0].state, BoxState::Empty);
    EXPECT_GE(reading.acquis[1].ink, 0.03);
    EXPECT_NE(reading.acquis[1].state, BoxState::Checked) << reading.acquis[1].ink;
    EXPECT_NE(reading.acquis[2].state, BoxState::Checked) << reading.acquis[2].ink << " " << reading.nonAcquis[2].ink;
}
