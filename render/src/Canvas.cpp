#include "Canvas.h"

#include "PdfText.h"

#include "cqp/rules/FormLayout.h"

#include <qrencode.h>

#include <stdexcept>

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

void Canvas::formMarks(const std::string& code)
{
    namespace layout = rules::formLayout;
    auto fill = [&](const rules::FormRect& r) {
        painter.Rectangle(r.x * mm, (layout::pageHeight - r.y - r.height) * mm, r.width * mm, r.height * mm);
        painter.Fill();
    };
    painter.SetColor(0, 0, 0);
    for (int corner = 0; corner < 4; ++corner)
        fill(layout::mark(corner));
    QRcode* qr = QRcode_encodeString(code.c_str(), 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
    if (!qr)
        throw std::runtime_error("cannot encode the form's QR code");
    const auto r = layout::qr();
    const double module = r.width / qr->width;
    for (int row = 0; row < qr->width; ++row)
        for (int col = 0; col < qr->width; ++col)
            if (qr->data[row * qr->width + col] & 1)
                fill({r.x + col * module, r.y + row * module, module, module});
    QRcode_free(qr);
}

std::string Canvas::finish(const std::string& title)
{
    endPage();
    return writePdf(document, title);
}

}  // namespace cqp::render::detail
