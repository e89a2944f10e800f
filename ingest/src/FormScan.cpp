#include "cqp/ingest/FormScan.h"

#include "ScanAlign.h"

#include <tesseract/baseapi.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>

namespace cqp::ingest {

using detail::FormMap;

namespace {

// Tesseract reads best at 300 dpi, whatever the scan's resolution.
constexpr double pxPerMm = 300 / 25.4;

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

// The box's inside, upright and straight, read as one line or a block.
FieldReading readBox(const GrayImage& page, const FormMap& map, const FormFieldBox& box)
{
    FieldReading reading;
    auto* api = detail::ocr();
    const auto& r = box.rect;
    const GrayImage field = detail::rectified(page, map, {r.x + 0.7, r.y + 0.7, r.width - 1.4, r.height - 1.4}, pxPerMm);
    const auto dark = std::count_if(field.pixels.begin(), field.pixels.end(), [](unsigned char p) { return p < 140; });
    if (static_cast<double>(dark) < 0.4 * pxPerMm * pxPerMm)  // less than half a square millimetre of ink: empty
        return reading;
    if (!api) {
        reading.doubtful = true;
        return reading;
    }
    api->SetPageSegMode(box.multiLine ? tesseract::PSM_SINGLE_BLOCK : tesseract::PSM_SINGLE_LINE);
    api->SetVariable("tessedit_char_whitelist", box.date ? "0123456789/" : "");
    api->SetImage(field.pixels.data(), field.width, field.height, 1, field.width);
    api->SetSourceResolution(300);
    std::unique_ptr<char[]> text{api->GetUTF8Text()};
    reading.confidence = api->MeanTextConf();
    api->SetPageSegMode(tesseract::PSM_SINGLE_LINE);
    std::string out = text ? text.get() : "";
    // Lines a box wrapped are one value: joined by a space; a blank line stays a paragraph break.
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
    reading.text = joined;
    reading.doubtful = joined.empty() || reading.confidence < typedConfidenceFloor;
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

}  // namespace cqp::ingest
