#include "Canvas.h"

#include "PdfText.h"

namespace cqp::render::detail {

using namespace PoDoFo;

Canvas::Canvas(const FontSet& fonts)
{
    const auto pair = embedFonts(document, fonts);
    regular = pair.regular;
    bold = pair.bold;
}

void Canvas::newPage(const PdfRect& size)
{
    endPage();
    page = document.CreatePage(size);
    painter.SetPage(page);
    ++pages;
}

void Canvas::endPage()
{
    if (page)
        painter.FinishPage();
    page = nullptr;
}

void Canvas::setFont(PdfFont* font, double size)
{
    font->SetFontSize(static_cast<float>(size));
    painter.SetFont(font);
}

double Canvas::width(const std::string& utf8) const
{
    return painter.GetFont()->GetFontMetrics()->StringWidth(pdfText(utf8));
}

std::vector<std::string> Canvas::wrap(const std::string& utf8, double maxWidth) const
{
    return wrapText(*painter.GetFont(), utf8, maxWidth);
}

std::string Canvas::finish(const std::string& title)
{
    endPage();
    return writePdf(document, title);
}

}  // namespace cqp::render::detail
