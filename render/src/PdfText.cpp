#include "PdfText.h"

#include "cqp/rules/FrenchText.h"

#include <stdexcept>

namespace cqp::render::detail {

using namespace PoDoFo;

PdfString pdfText(const std::string& utf8) { return PdfString{reinterpret_cast<const pdf_utf8*>(utf8.c_str())}; }

FontPair embedFonts(PdfMemDocument& document, const FontSet& fonts)
{
    PdfError::EnableDebug(false);
    PdfError::EnableLogging(false);
    FontPair pair;
    pair.regular = document.CreateFontSubset("DejaVu Sans", false, false, false,
                                             PdfEncodingFactory::GlobalIdentityEncodingInstance(), fonts.regular.c_str());
    pair.bold = document.CreateFontSubset("DejaVu Sans Bold", true, false, false,
                                          PdfEncodingFactory::GlobalIdentityEncodingInstance(), fonts.bold.c_str());
    if (!pair.regular || !pair.bold)
        throw std::runtime_error("cannot load the fonts " + fonts.regular.string());
    return pair;
}

std::vector<std::string> wrapText(const PdfFont& font, const std::string& s, double maxWidth)
{
    const auto* metrics = font.GetFontMetrics();
    std::vector<std::string> lines;
    std::size_t at = 0;
    while (at <= s.size()) {
        auto end = s.find('\n', at);
        if (end == std::string::npos)
            end = s.size();
        std::string current;
        for (const auto& unit : rules::unbreakableUnits(s.substr(at, end - at))) {
            const std::string candidate = current.empty() ? unit : current + " " + unit;
            if (!current.empty() && metrics->StringWidth(pdfText(candidate)) > maxWidth) {
                lines.push_back(current);
                current = unit;
            } else {
                current = candidate;
            }
        }
        if (!current.empty() || end < s.size())
            lines.push_back(current);
        at = end + 1;
    }
    if (lines.empty())
        lines.emplace_back();
    return lines;
}

std::string writePdf(PdfMemDocument& document, const std::string& title)
{
    document.GetInfo()->SetTitle(pdfText(title));
    document.GetInfo()->SetCreator(pdfText("cqp"));
    PdfRefCountedBuffer buffer;
    PdfOutputDevice device{&buffer};
    document.Write(&device);
    return std::string{buffer.GetBuffer(), static_cast<std::size_t>(device.GetLength())};
}

}  // namespace cqp::render::detail
