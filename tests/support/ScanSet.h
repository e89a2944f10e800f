#pragma once

// A generated set of scanned forms with known answers: outil n°4 pages rendered by cqp, filled
// in (ticks, crosses, blacked-out boxes, light marks, nothing), rasterised at 150/200/300 dpi,
// turned by 0/90/180/270°, skewed up to ±3°, with a dark scanner border, noise, blur and JPEG
// artefacts. Used by the accuracy test (floors) and the benchmark (exact figures).

#include "cqp/ingest/ScanReader.h"
#include "cqp/render/Forms.h"

#include <map>
#include <string>
#include <vector>

namespace cqp::test {

struct ScanSample {
    ingest::GrayImage image;
    std::string description;                       ///< "200 dpi, 90°, skew -1.2°, jpeg"
    std::vector<ingest::BoxState> acquis;          ///< the truth, per row
    std::vector<ingest::BoxState> nonAcquis;
    bool evaluatorSigned = false;
    long long candidature = 0;
    std::string date;  ///< typed in the date box
};

/// Form data as the branch prints it, for candidature `candidature`: an outil n°4 with
/// `competences` rows (FAB-OPE-C1…), an outil n°6 (Élise Marie DUPONT, née le 12/04/1990 à
/// Saint-Étienne, Chimie Exemple SAS, SIRET 73282932000074).
render::Outil4Data exampleOutil4(long long candidature, int competences);
render::Outil6Data exampleOutil6(long long candidature);

/// `count` samples, the same for a given seed.
std::vector<ScanSample> generateScanSet(int count, unsigned seed = 20261128);

/// Harder pages, `perKind` of each kind (ScanSample::description is the kind): ticks in pen
/// X, check marks ✓, scribbles, pencil, corrected boxes (one blacked out, the other ticked), all
/// on straight 200 dpi scans; then pages turned 5–10° on the scanner bed (its frame cuts the
/// corners off), photos at an angle (keystone 2–6 %, JPEG), a corner cut off, 150 dpi fax-like
/// pages, and stains.
/// `onlyKind` ≥ 0: that kind of hardScanKinds() only.
std::vector<ScanSample> generateHardScanSet(int perKind, unsigned seed = 20261130, int onlyKind = -1);
const std::vector<std::string>& hardScanKinds();

/// Per kind: the rows with an answer (one box ticked), those recorded without the secretariat
/// (read as one box ticked, the other empty or blacked out), and the rows recorded wrong — an
/// unanswered row recorded is one.
struct RowScore {
    int rows = 0;
    int settled = 0;
    int silentErrors = 0;
};
std::map<std::string, RowScore> scoreRows(const std::vector<ScanSample>& samples);

struct ScanScore {
    int pages = 0;
    int identified = 0;       ///< QR read and corners found
    int boxes = 0;            ///< boxes judged on identified pages
    int errors = 0;           ///< a definite state that is not the truth
    int ambiguous = 0;        ///< left to the secretariat
    int signatureErrors = 0;
    int fieldCharacters = 0;   ///< characters of the typed fields
    int fieldEdits = 0;        ///< edits between what was typed and what was read
};

ScanScore score(const std::vector<ScanSample>& samples);

/// The first page of an outil n°4 PDF, rasterised and filled in: per row 1 = acquis ticked,
/// 0 = non acquis ticked, 2 = both ticked, -1 = nothing; `sign` adds the evaluator's signature.
ingest::GrayImage fillOutil4(const std::string& pdf, const std::vector<int>& choices, bool sign, double dpi = 200);
/// An outil n°6 PDF rasterised and signed by the company and / or the candidate; `overwrite` ≥ 0:
/// that printed field crossed out and written over by hand.
ingest::GrayImage fillOutil6(const std::string& pdf, bool companySigns, bool candidateSigns, int overwrite = -1, double dpi = 200);
/// The image turned clockwise by `degrees` about its centre (a page skewed on the scanner).
ingest::GrayImage rotateImage(const ingest::GrayImage& image, double degrees);

}  // namespace cqp::test
