#include "cqp/render/ScanArchive.h"

#include "Canvas.h"
#include "PdfText.h"

#include <podofo/podofo.h>

#include <cmath>

namespace cqp::render {

using namespace PoDoFo;

std::string renderScanArchive(const std::vector<ScanArchivePage>& pages, const FontSet& fonts, const std::string& title)
{
    detail::Canvas canvas{fonts};
    for (const auto& page : pages) {
        if (page.width <= 0 || page.height <= 0 || !(page.dpi > 0))
            continue;
        const double k = 72.0 / page.dpi;  // points per pixel
        const double w = page.width * k;
        const double h = page.height * k;
        canvas.newPage(PdfRect{0, 0, w, h});
        PdfImage image{&canvas.document};
        image.LoadFromData(reinterpret_cast<const unsigned char*>(page.image.data()), static_cast<pdf_long>(page.image.size()));
        canvas.painter.DrawImage(0, 0, &image, w / image.GetWidth(), h / image.GetHeight());
        canvas.painter.SetTextRenderingMode(ePdfTextRenderingMode_Invisible);
        for (const auto& t : page.texts) {
            if (t.text.empty() || !(t.size > 0) || !(t.width > 0))
                continue;
            const double size = t.size * k;
            canvas.setFont(canvas.regular, size);
            const double natural = canvas.width(t.text);
            if (!(natural > 0))
                continue;
            // Pixels (y down) to points (y up): the baseline runs along (ux, -uy), the glyphs
            // stand along (uy, ux) rotated to stay perpendicular; the run is stretched to its width.
            const double stretch = t.width * k / natural;
            canvas.painter.Save();
            canvas.painter.SetTransformationMatrix(t.ux * stretch, -t.uy * stretch, t.uy, t.ux, t.x * k, h - t.y * k);
            canvas.painter.DrawText(0, 0, detail::pdfText(t.text));
            canvas.painter.Restore();
        }
        canvas.painter.SetTextRenderingMode(ePdfTextRenderingMode_Fill);
    }
    return canvas.finish(title);
}

}  // namespace cqp::render
