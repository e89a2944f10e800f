// Accuracy on a generated scan set: floors here, exact figures from bench/run scans. The set
// cycles through 12 combinations (150, 200, 300 dpi × four quarter turns × JPEG or not, with
// skew, noise and blur): 24 pages cover each twice (tier `scan`); the 210-page set stays as a
// `slow` test and in bench/.

#include "ScanSet.h"

#include <gtest/gtest.h>

namespace {

cqp::test::ScanScore readSet(int pages)
{
    const auto samples = cqp::test::generateScanSet(pages);
    const auto s = cqp::test::score(samples);
    std::printf("pages=%d identified=%d boxes=%d errors=%d ambiguous=%d signature_errors=%d field_chars=%d field_edits=%d\n",
                s.pages, s.identified, s.boxes, s.errors, s.ambiguous, s.signatureErrors, s.fieldCharacters, s.fieldEdits);
    return s;
}

}  // namespace

TEST(ScanAccuracy, TwentyFourPagesCoverEveryCombinationTwice)
{
    const auto s = readSet(24);
    EXPECT_EQ(s.pages, 24);
    EXPECT_GE(s.identified * 40, s.pages * 39);       // QR and corners found on at least 97.5 % of pages
    EXPECT_LE(s.errors * 10000, s.boxes);              // at most 1 error in 10,000 boxes: none here
    EXPECT_LE(s.ambiguous * 100, s.boxes);             // at most 1 % left to the secretariat
    EXPECT_LE(s.signatureErrors * 100, s.pages);       // at most 1 %: none here
    EXPECT_LE(s.fieldEdits * 33, s.fieldCharacters);  // typed fields: at least 97 % of characters right
}

TEST(ScanAccuracy, TwoHundredAndTenPagesReadWithoutGuessing)
{
    const auto s = readSet(210);
    EXPECT_EQ(s.pages, 210);
    EXPECT_GE(s.identified, 205);                        // QR and corners found on at least 97.5 % of pages
    EXPECT_LE(s.errors * 10000, s.boxes);                // at most 1 error in 10,000 boxes
    EXPECT_LE(s.ambiguous * 100, s.boxes);               // at most 1 % left to the secretariat
    EXPECT_LE(s.signatureErrors, 2);
    EXPECT_LE(s.fieldEdits * 33, s.fieldCharacters);    // typed fields: at least 97 % of characters right
}
