// The fillable forms' benchmarks: filled forms read from their fields, and the accuracy of the
// printed-or-flattened fallback.

#include "BenchSupport.h"

#include "cqp/ingest/FormReader.h"
#include "cqp/ingest/FormScan.h"
#include "cqp/ingest/ScanReader.h"
#include "cqp/render/FillableForms.h"
#include "cqp/render/Forms.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <variant>
#include <vector>

namespace cqp::bench {

namespace fs = std::filesystem;

// Filled outil n°4 forms (AcroForm, filled by pypdf as a reader would) read back from their
// fields — parse, check, typed submission — on one thread.
int formsBench(int n, const fs::path& work)
{
    const fs::path source = CQP_SOURCE_DIR;
    const auto fonts = render::findFonts();
    if (!fonts)
        return 3;
    fs::create_directories(work / "forms");
    const std::vector<std::pair<std::string, std::string>> competences{
        {"FAB-OPE-C1", "Préparer son poste de travail et les matières selon le mode opératoire"},
        {"FAB-OPE-C2", "Conduire les opérations de fabrication sous contrôle"},
        {"FAB-OPE-C3", "Réaliser les contrôles de premier niveau et enregistrer les résultats"},
        {"FAB-OPE-C4", "Appliquer les règles d'hygiène, de sécurité et d'environnement"},
        {"FAB-OPE-C5", "Transmettre les informations au poste suivant"}};
    for (int i = 0; i < n; ++i) {
        const fs::path blank = work / "forms" / ("blank-" + std::to_string(i) + ".pdf");
        if (fs::exists(blank))
            continue;
        render::Outil4Data d;
        d.candidature = i + 1;
        d.candidateName = "Zoé Lefèvre-" + std::to_string(i);
        d.certificateTitle = "Opérateur(trice) de fabrication des Industries Chimiques";
        d.company = "Chimie Exemple SAS — Usine de Lyon";
        d.evaluatorName = "Sophie Martin (EH-0101)";
        d.plannedDate = "11/01/2027";
        d.competences = competences;
        char token[33];
        std::snprintf(token, sizeof token, "%032x", i + 1);
        d.token = token;
        std::ofstream{blank, std::ios::binary} << render::renderOutil4(d, *fonts);
    }
    std::string command = "/usr/bin/python3 '" + (source / "bench/fill-forms.py").string() + "' '" + (work / "forms").string() + "'";
    for (const auto& [code, title] : competences)
        command += " " + code;
    if (std::system(command.c_str()) != 0)
        return 4;
    std::vector<std::string> filled;
    for (int i = 0; i < n; ++i)
        filled.push_back(readFile(work / "forms" / ("filled-" + std::to_string(i) + ".pdf")));

    int read = 0;
    const double cpuBefore = cpuSeconds(CLOCK_THREAD_CPUTIME_ID);
    const auto started = std::chrono::steady_clock::now();
    for (const auto& pdf : filled)
        if (const auto form = ingest::readFilledForm(pdf); form.submission &&
                                                           std::get<ingest::EvaluationResults>(form.submission->body()).results.size() == 5)
            ++read;
    const double elapsed = seconds(started);
    const double cpu = cpuSeconds(CLOCK_THREAD_CPUTIME_ID) - cpuBefore;
    std::printf("forms=%d\nread=%d\nseconds=%.3f\nforms_per_s=%.0f\nms_per_form=%.2f\ncpu_ms_per_form=%.2f\nkb_per_form=%.1f\n"
                "peak_rss_mb=%.1f\n",
                n, read, elapsed, n / elapsed, elapsed * 1000 / n, cpu * 1000 / n,
                static_cast<double>(filled.front().size()) / 1024.0, peakRssMb());
    return read == n ? 0 : 1;
}


// The fallback's accuracy: fillable forms filled by pdftk, flattened ("printed to PDF"), half of
// them rasterised at 200 dpi as a scanner would, then read back by the scan reader from the
// fields of their blank PDF. Each field: exact, doubtful (goes to the secretariat), or a silent
// error (wrong and not flagged: the figure that must stay 0).
namespace {

std::string xmlEscaped(const std::string& s)
{
    std::string out;
    for (char c : s)
        out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '"' ? "&quot;" : std::string(1, c);
    return out;
}

std::string spaced(const std::string& s)  // whitespace runs as one space: a box wraps lines its own way
{
    std::string out;
    for (char c : s)
        if (c == '\n' || c == ' ' || c == '\t') {
            if (!out.empty() && out.back() != ' ')
                out += ' ';
        } else {
            out += c;
        }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

// The values of sample `i` of `kind`: names, places and texts with accents and apostrophes.
std::map<std::string, std::string> sampleValues(rules::fillable::FormKind kind, int i)
{
    static const char* const names[] = {"Dupont", "N'Diaye", "Lefèvre", "Müller", "Œuvray", "Da Silva", "Béranger", "Lê Nguyen"};
    static const char* const firsts[] = {"Élise", "Zoé", "François", "Anaïs", "Jérôme", "Maëlle", "Noël", "Agnès"};
    static const char* const towns[] = {"Saint-Étienne", "Lyon", "L'Haÿ-les-Roses", "Besançon", "Orléans", "Évry", "Aix-en-Provence"};
    const auto pick = [&](const auto& list, int k) { return std::string{list[static_cast<std::size_t>(k) % (sizeof list / sizeof list[0])]}; };
    using K = rules::fillable::FormKind;
    if (kind == K::ObservationsMetier)
        return {{"observations", "Geste sûr et précis, consignes d'hygiène respectées ; " + pick(firsts, i) +
                                     " a su réagir à l'alarme du poste " + std::to_string(10 + i) + ". À revoir : la traçabilité des lots."}};
    if (kind == K::SaisieCandidat)
        return {{"nom_naissance", pick(names, i)}, {"prenoms", pick(firsts, i) + " " + pick(firsts, i + 3)}, {"sexe", i % 2 ? "M" : "F"},
                {"date_naissance", (i % 28 + 1 < 10 ? "0" : "") + std::to_string(i % 28 + 1) + "/0" + std::to_string(i % 9 + 1) + "/19" + std::to_string(70 + i % 30)},
                {"commune_naissance", pick(towns, i)}, {"code_insee", std::to_string(42218 + i)}, {"courriel", "candidat" + std::to_string(i) + "@exemple.fr"}};
    return {{"siret", "44306184100104"}, {"raison_sociale", "Chimie " + pick(names, i) + " SAS"}, {"nom_etablissement", "Usine de " + pick(towns, i)},
            {"adresse", std::to_string(i + 3) + ", rue de l'Église"}, {"code_postal", std::to_string(69000 + i)}, {"commune", pick(towns, i + 1)},
            {"contact_nom", pick(names, i + 2)}, {"contact_prenom", pick(firsts, i + 1)}, {"contact_courriel", "rh" + std::to_string(i) + "@chimie.fr"}};
}

}  // namespace

int flattenedBench(int n, const fs::path& work, const render::FontSet& fonts)
{
    using K = rules::fillable::FormKind;
    fs::create_directories(work / "flat");
    // Per path: [0] printed to PDF (its text read), [1] rasterised at 200 dpi (OCR).
    int fields[2] = {}, exact[2] = {}, doubtful[2] = {}, silent[2] = {}, formsExact[2] = {}, formsReview[2] = {};
    int pagesRead = 0, scannedForms = 0, pdfForms = 0;
    double readSeconds = 0, pdfSeconds = 0;
    for (int i = 0; i < n; ++i) {
        const K kind = i % 3 == 0 ? K::ObservationsMetier : i % 3 == 1 ? K::SaisieCandidat : K::DemandeCompte;
        render::FillableFormData d;
        d.kind = kind;
        d.title = "Formulaire d'essai n°" + std::to_string(i);
        if (kind != K::DemandeCompte) {
            d.dossier = i + 1;
            char token[33];
            std::snprintf(token, sizeof token, "%032x", i + 7);
            d.token = token;
            d.recipient = "personne@exemple.fr";
            d.expiresOn = "31/12/2027";
        }
        const std::string blank = render::renderFillableForm(d, fonts);
        const auto values = sampleValues(kind, i);
        const fs::path stem = work / "flat" / ("form-" + std::to_string(i));
        std::ofstream{stem.string() + ".pdf", std::ios::binary} << blank;
        std::string xfdf = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><xfdf xmlns=\"http://ns.adobe.com/xfdf/\"><fields>";
        for (const auto& [name, value] : values)
            xfdf += "<field name=\"" + name + "\"><value>" + xmlEscaped(value) + "</value></field>";
        std::ofstream{stem.string() + ".xfdf"} << xfdf << "</fields></xfdf>\n";
        const bool scanned = i % 2 == 0;
        std::string command = "pdftk '" + stem.string() + ".pdf' fill_form '" + stem.string() + ".xfdf' output '" + stem.string() +
                              "-flat.pdf' flatten";
        if (scanned)
            command += " && pdftoppm -r 200 -gray -png '" + stem.string() + "-flat.pdf' '" + stem.string() + "-scan'";
        if (std::system((command + " 2>/dev/null").c_str()) != 0)
            return 5;
        std::vector<ingest::GrayImage> pages;
        if (scanned) {
            for (int p = 1; fs::exists(stem.string() + "-scan-" + std::to_string(p) + ".png"); ++p)
                for (auto& page : ingest::loadScan(readFile(stem.string() + "-scan-" + std::to_string(p) + ".png"), "image/png").pages)
                    pages.push_back(std::move(page));
        } else {
            pages = ingest::loadScan(readFile(stem.string() + "-flat.pdf"), "application/pdf").pages;
        }
        const auto boxes = ingest::formFieldBoxes(blank);
        const auto started = std::chrono::steady_clock::now();
        std::map<std::string, ingest::FieldReading> read;
        if (const auto texts = scanned ? std::nullopt : ingest::flattenedFieldTexts(readFile(stem.string() + "-flat.pdf"), boxes, kind)) {
            for (const auto& [name, text] : *texts)
                read[name] = ingest::FieldReading{text, 100, 100, 0, false};
        } else {
            for (const auto& page : pages) {
                const auto reading = ingest::readFillablePage(page, boxes);
                read.insert(reading.fields.begin(), reading.fields.end());
                ++pagesRead;
            }
        }
        (scanned ? readSeconds : pdfSeconds) += seconds(started);
        ++(scanned ? scannedForms : pdfForms);
        bool allExact = true, anyDoubt = false;
        for (const auto& box : boxes) {
            const auto given = values.count(box.name) ? values.at(box.name) : std::string{};
            const auto got = read.count(box.name) ? read.at(box.name) : ingest::FieldReading{"", 0, true};
            ++fields[scanned];
            if (std::getenv("CQP_FLAT_ALL"))
                std::fprintf(stderr, "field %s: %s (%d, least %d, runner-up %d)%s\n", box.name.c_str(), got.text.c_str(), got.confidence, got.leastSymbol, got.runnerUp,
                             got.doubtful ? " doubtful" : "");
            if (got.doubtful) {
                ++doubtful[scanned];
                anyDoubt = true;
            } else if (spaced(got.text) == spaced(given)) {
                ++exact[scanned];
            } else {
                ++silent[scanned];
                allExact = false;
                std::fprintf(stderr, "silent: form %d field %s: typed «%s» read «%s» (%d, least %d, runner-up %d)\n", i, box.name.c_str(),
                             given.c_str(), got.text.c_str(), got.confidence, got.leastSymbol, got.runnerUp);
            }
        }
        formsExact[scanned] += allExact && !anyDoubt;
        formsReview[scanned] += anyDoubt;
    }
    const int formsOf[2] = {pdfForms, scannedForms};
    for (int path = 0; path < 2; ++path) {
        const char* p = path ? "flat_scan" : "flat_pdf";
        const double f = std::max(1, fields[path]), n2 = std::max(1, formsOf[path]);
        std::printf("%s_forms=%d\n%s_fields=%d\n%s_field_exact_rate=%.3f\n%s_field_doubtful_rate=%.3f\n%s_silent_errors=%d\n"
                    "%s_forms_applied_rate=%.3f\n%s_forms_review_rate=%.3f\n",
                    p, formsOf[path], p, fields[path], p, exact[path] / f, p, doubtful[path] / f, p, silent[path], p,
                    formsExact[path] / n2, p, formsReview[path] / n2);
    }
    std::printf("flat_scan_ms_per_page=%.1f\nflat_pdf_ms_per_form=%.1f\n", readSeconds * 1000 / std::max(1, pagesRead),
                pdfSeconds * 1000 / std::max(1, pdfForms));
    return silent[0] + silent[1] == 0 ? 0 : 1;
}

}  // namespace cqp::bench
