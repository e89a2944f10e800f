#include "cqp/ingest/FormScan.h"

#include "ScanAlign.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <iterator>
#include <cctype>
#include <cmath>
#include <memory>
#include <optional>

namespace cqp::ingest {

using detail::FormMap;

namespace {

// Tesseract reads best at 300 dpi, whatever the scan's resolution; the second reading samples the
// page at another resolution.
constexpr double pxPerMm = 300 / 25.4;
constexpr double secondPxPerMm = 400 / 25.4;

// Lower-case ASCII letters and digits only: how a choice is compared with what OCR read
// (accents, spaces and punctuation are where OCR errs most, and no two choices differ by them).
std::string folded(const std::string& s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == 0xC3 && i + 1 < s.size()) {  // Latin-1 letters in UTF-8: their base letter
            static const std::string from = "\xA0\xA2\xA4\xA7\xA8\xA9\xAA\xAB\xAE\xAF\xB4\xB6\xB9\xBB\xBC";
            static const std::string to = "aaaceeeeiioouuu";
            const auto at = from.find(static_cast<char>(static_cast<unsigned char>(s[i + 1]) | 0x20));
            if (at != std::string::npos)
                out += to[at];
            ++i;
        } else if (std::isalnum(c)) {
            out += static_cast<char>(std::tolower(c));
        }
    }
    return out;
}

std::size_t distance(const std::string& a, const std::string& b)
{
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

// The choice OCR read: the nearest shown text, when it is clearly nearer than any other.
void matchChoice(FieldReading& reading, const std::vector<std::pair<std::string, std::string>>& options)
{
    const std::string read = folded(reading.text);
    std::size_t best = std::string::npos, second = std::string::npos;
    const std::pair<std::string, std::string>* chosen = nullptr;
    for (const auto& option : options) {
        const std::size_t d = std::min(distance(read, folded(option.second)), distance(read, folded(option.first)));
        if (d < best) {
            second = best;
            best = d;
            chosen = &option;
        } else if (d < second) {
            second = d;
        }
    }
    const std::size_t length = std::max<std::size_t>(read.size(), 1);
    if (!chosen || best * 5 > length || (second != std::string::npos && second <= best + 1 && best > 0)) {
        reading.doubtful = true;
        return;
    }
    reading.text = chosen->first;
}

// Lines a box wrapped are one value: joined by a space; a blank line stays a paragraph break.
std::string joinedLines(const std::string& out)
{
    std::string joined;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i] != '\n') {
            joined += out[i];
        } else if (i + 1 < out.size() && out[i + 1] == '\n') {
            joined += '\n';
            while (i + 1 < out.size() && out[i + 1] == '\n')
                ++i;
        } else {
            joined += ' ';
        }
    }
    while (!joined.empty() && std::isspace(static_cast<unsigned char>(joined.back())))
        joined.pop_back();
    return joined;
}

// Whether a character's second reading changes nothing that matters: another apostrophe, or the
// base letter of an accented letter read (the accent was seen: trusted; the other way round, an
// accent not seen may be too faint for the scan, and is not).
bool sameLetter(const std::string& best, const std::string& alternative)
{
    static const std::vector<std::string> apostrophes{"'", "\u2019", "\u2018", "`", "\u00b4"};
    const auto apostrophe = [&](const std::string& c) { return std::find(apostrophes.begin(), apostrophes.end(), c) != apostrophes.end(); };
    if (apostrophe(best) && apostrophe(alternative))
        return true;
    return best.size() > 1 && best != alternative && folded(best) == folded(alternative) && !folded(best).empty();
}

// The box's inside, upright and straight at `scale` pixels per millimetre, read by Tesseract as
// one line or a block; nothing when it holds no ink.
std::optional<FieldReading> ocrBox(tesseract::TessBaseAPI& api, const GrayImage& page, const FormMap& map, const FormFieldBox& box,
                                   double scale)
{
    const auto& r = box.rect;
    // Just inside its border: a capital's accent on the first line comes close to it.
    const GrayImage field = detail::rectified(page, map, {r.x + 0.45, r.y + 0.4, r.width - 0.9, r.height - 0.8}, scale);
    const auto dark = std::count_if(field.pixels.begin(), field.pixels.end(), [](unsigned char p) { return p < 140; });
    if (static_cast<double>(dark) < 0.4 * scale * scale)  // less than half a square millimetre of ink: empty
        return std::nullopt;
    FieldReading reading;
    api.SetPageSegMode(box.multiLine ? tesseract::PSM_SINGLE_BLOCK : tesseract::PSM_SINGLE_LINE);
    api.SetVariable("tessedit_char_whitelist", box.date ? "0123456789/" : "");
    api.SetVariable("lstm_choice_mode", "2");
    api.SetImage(field.pixels.data(), field.width, field.height, 1, field.width);
    api.SetSourceResolution(static_cast<int>(std::lround(scale * 25.4)));
    std::unique_ptr<char[]> text{api.GetUTF8Text()};
    reading.confidence = api.MeanTextConf();
    // The least sure character: a word read with confidence may still hold one misread letter.
    if (std::unique_ptr<tesseract::ResultIterator> symbol{api.GetIterator()}; symbol && !symbol->Empty(tesseract::RIL_SYMBOL))
        do {
            reading.leastSymbol = std::min(reading.leastSymbol, static_cast<int>(symbol->Confidence(tesseract::RIL_SYMBOL)));
            // A letter the network nearly read as another (É or E, 1 or i): its runner-up.
            // An accent seen is trusted (É read, E the runner-up); one not seen is not (E read, É
            // the runner-up: the accent may be too faint for the scan).
            tesseract::ChoiceIterator choice{*symbol};
            std::string best;
            bool first = true;
            do {
                const char* utf8 = choice.GetUTF8Text();
                const std::string alternative = utf8 ? utf8 : "";
                if (first)
                    best = alternative;
                else if (!sameLetter(best, alternative))
                    reading.runnerUp = std::max(reading.runnerUp, static_cast<int>(choice.Confidence()));
                first = false;
            } while (choice.Next());
        } while (symbol->Next(tesseract::RIL_SYMBOL));
    api.SetPageSegMode(tesseract::PSM_SINGLE_LINE);  // as the other readers of this engine expect it
    api.SetVariable("lstm_choice_mode", "0");
    reading.text = joinedLines(text ? text.get() : "");
    return reading;
}

// Tesseract without its French dictionary, one per thread: what is not prose (an address, a
// SIRET, a code, a date) is read letter by letter rather than bent towards French words
// (« candidat10 » read « candidati0 »).
tesseract::TessBaseAPI* verbatimOcr()
{
    thread_local std::unique_ptr<tesseract::TessBaseAPI> api;
    thread_local bool tried = false;
    if (!tried) {
        tried = true;
        auto candidate = std::make_unique<tesseract::TessBaseAPI>();
        const std::vector<std::string> names{"load_system_dawg", "load_freq_dawg"};
        const std::vector<std::string> values{"0", "0"};
        if (candidate->Init(nullptr, "fra", tesseract::OEM_LSTM_ONLY, nullptr, 0, &names, &values, false) == 0)
            api = std::move(candidate);
    }
    return api.get();
}

// Two readings agree when they say the same words: a box may wrap or space them its own way.
bool sameWords(const std::string& a, const std::string& b)
{
    std::string x, y;
    std::copy_if(a.begin(), a.end(), std::back_inserter(x), [](char c) { return !std::isspace(static_cast<unsigned char>(c)); });
    std::copy_if(b.begin(), b.end(), std::back_inserter(y), [](char c) { return !std::isspace(static_cast<unsigned char>(c)); });
    return x == y;
}

// The box read twice, at two resolutions: Tesseract's confidence does not see every misread
// letter (« candidat10 » read « candidati0 » at 96 %), but the same misreading twice from two
// samplings of the page is rare. Any difference, a low confidence, or ink not read: doubtful.
FieldReading readBox(const GrayImage& page, const FormMap& map, const FormFieldBox& box)
{
    auto* api = rules::fillable::isProse(box.name) ? detail::ocr() : verbatimOcr();
    auto first = api ? ocrBox(*api, page, map, box, pxPerMm) : std::optional<FieldReading>{FieldReading{"", 0, 0, true}};
    if (!first)
        return {};
    FieldReading reading = *first;
    if (const auto second = api ? ocrBox(*api, page, map, box, secondPxPerMm) : std::nullopt; !second || !sameWords(second->text, reading.text))
        reading.doubtful = true;
    reading.doubtful = reading.doubtful || reading.text.empty() || reading.confidence < typedConfidenceFloor ||
                       reading.runnerUp >= runnerUpCeiling;
    if (!box.options.empty() && !reading.doubtful)
        matchChoice(reading, box.options);
    return reading;
}

}  // namespace

FillablePageReading readFillablePage(const GrayImage& page, const std::vector<FormFieldBox>& boxes)
{
    FillablePageReading reading;
    const auto symbols = detail::formSymbols(page);
    const detail::QrFound* found = nullptr;
    for (const auto& s : symbols)
        if (const auto code = rules::fillable::decodeFillableCode(s.data)) {
            reading.code = *code;
            found = &s;
            break;
        }
    if (!found) {
        reading.problems.push_back("le code du formulaire n'a pas été trouvé sur la page.");
        return reading;
    }
    std::vector<const FormFieldBox*> here;
    for (const auto& box : boxes)
        if (box.page == reading.code->page)
            here.push_back(&box);
    detail::Frames frames;
    for (const auto* box : here)
        frames.all.push_back(box->rect);
    if (frames.all.empty()) {
        reading.problems.push_back("cette page du formulaire n'a pas de champ à lire.");
        return reading;
    }
    // Two boxes far apart, that a right map lays where they are printed.
    frames.first = frames.all.front();
    frames.last = frames.all.back();
    const int quarters = detail::quartersOf(*found);
    FormPageReading aligned;
    aligned.code.pages = 1;
    const auto map = detail::align(page, quarters, *found, frames, aligned);
    if (!map) {
        reading.problems.push_back("les repères des coins de la page sont introuvables (page coupée ou trop abîmée).");
        return reading;
    }
    reading.aligned = true;
    reading.map = {map->a, map->b, map->c, map->d, map->e, map->f, quarters, map->g, map->h};
    for (const auto* box : here)
        reading.fields[box->name] = readBox(page, *map, *box);
    return reading;
}

std::optional<std::map<std::string, std::string>> flattenedFieldTexts(std::string_view pdf, const std::vector<FormFieldBox>& boxes,
                                                                     rules::fillable::FormKind kind)
{
    std::unique_ptr<poppler::document> document{
        poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(std::min<std::size_t>(pdf.size(), 1u << 30)))};
    if (!document || document->is_locked() || document->pages() > 60)
        return std::nullopt;
    constexpr double pt = 72.0 / 25.4;
    std::map<std::string, std::string> values;
    for (int p = 0; p < document->pages(); ++p) {
        std::unique_ptr<poppler::page> page{document->create_page(p)};
        if (!page)
            return std::nullopt;
        const auto size = page->page_rect();
        if (std::abs(size.width() - 595.3) > 2 || std::abs(size.height() - 841.9) > 2)
            return std::nullopt;  // scaled or on another paper: its boxes are elsewhere
        const auto words = page->text_list();
        // The page is the form's own, unmoved: its footer names the form where it was printed.
        const bool own = std::any_of(words.begin(), words.end(), [&](const poppler::text_box& w) {
            const auto b = w.bbox();
            const auto utf8 = w.text().to_utf8();
            return std::string{utf8.begin(), utf8.end()} == rules::fillable::kindName(kind) && b.y() / pt > 282 && b.y() / pt < 290 &&
                   b.x() / pt > 25 && b.x() / pt < 90;
        });
        if (!own)
            return std::nullopt;
        for (const auto& box : boxes) {
            if (box.page != p + 1)
                continue;
            std::string text;
            for (const auto& w : words) {  // in reading order, as poppler lists them
                const auto b = w.bbox();
                const double cx = (b.x() + b.width() / 2) / pt, cy = (b.y() + b.height() / 2) / pt;
                if (cx > box.rect.x && cx < box.rect.x + box.rect.width && cy > box.rect.y && cy < box.rect.y + box.rect.height) {
                    const auto utf8 = w.text().to_utf8();
                    text += (text.empty() ? "" : " ") + std::string{utf8.begin(), utf8.end()};
                }
            }
            if (!box.options.empty() && !text.empty()) {
                FieldReading reading{text, 100, 100, 0, false};
                matchChoice(reading, box.options);
                if (reading.doubtful)
                    return std::nullopt;
                text = reading.text;
            }
            values[box.name] = text;
        }
    }
    return values;
}

}  // namespace cqp::ingest
