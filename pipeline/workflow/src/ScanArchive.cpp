#include "ScanArchive.h"

#include "cqp/render/ScanArchive.h"
#include "cqp/workflow/FormDocuments.h"
#include "cqp/rules/FormLayout.h"

#include <cmath>
#include <future>

namespace cqp::pipeline::detail {

namespace {

namespace layout = rules::formLayout;

// Form millimetres to the pixels of the upright page.
class PagePlacement {
public:
    PagePlacement(const ingest::PageMap& map, int width, int height) : map_{map}, width_{width}, height_{height} {}

    std::pair<double, double> point(double x, double y) const
    {
        const auto [px, py] = map_(x, y);
        return ingest::turnedPoint(px, py, width_, height_, map_.quarters);
    }
    // The map's own scale where the text stands (a photo's perspective shrinks the far side).
    render::ScanText text(const std::string& s, double x, double baseline, double size, double width) const
    {
        const auto [x0, y0] = point(x, baseline);
        const auto [x1, y1] = point(x + 1, baseline);
        const double pxPerMm = std::hypot(x1 - x0, y1 - y0);
        return {s, x0, y0, (x1 - x0) / pxPerMm, (y1 - y0) / pxPerMm, size * pxPerMm, width * pxPerMm};
    }

private:
    ingest::PageMap map_;
    int width_;
    int height_;
};

// What was read on the page, as text where it was read: the ticked boxes, the date.
void readValues(const ingest::FormPageReading& reading, const PagePlacement& place, std::vector<render::ScanText>& texts)
{
    const double size = 3;  // mm
    for (std::size_t r = 0; r < reading.acquis.size() && r < reading.nonAcquis.size(); ++r) {
        const auto row = static_cast<int>(r);
        const auto yes = layout::acquisBox(row);
        const auto no = layout::nonAcquisBox(row);
        if (reading.acquis[r].state == ingest::BoxState::Checked)
            texts.push_back(place.text("acquis", yes.x, yes.y + yes.height, size, yes.width));
        if (reading.nonAcquis[r].state == ingest::BoxState::Checked)
            texts.push_back(place.text("non acquis", no.x, no.y + no.height, size, no.width));
    }
    if (!reading.dateText.empty()) {
        const auto box = layout::evaluationDate();
        texts.push_back(place.text(reading.dateText, box.x + 3, box.y + box.height - 2, 4.5, box.width - 6));
    }
}

constexpr int jpegQuality = 70;

render::ScanArchivePage formPage(const ingest::GrayImage& page, const ArchiveSource& source)
{
    const auto& reading = *source.reading;
    const bool asItLay = reading.map.quarters % 4 == 0 && !source.jpeg.empty();
    const auto upright = asItLay ? ingest::GrayImage{} : ingest::turned(page, reading.map.quarters);
    const int width = asItLay ? page.width : upright.width;
    render::ScanArchivePage out{asItLay ? source.jpeg : ingest::encodeJpeg(upright, jpegQuality), width,
                                asItLay ? page.height : upright.height, width / (layout::pageWidth / 25.4), {}};
    const PagePlacement place{reading.map, page.width, page.height};
    for (const auto& run : source.runs)
        if (run.page == reading.code.page)
            out.texts.push_back(place.text(run.text, run.x, run.baseline, run.size, run.width));
    readValues(reading, place, out.texts);
    return out;
}

render::ScanArchivePage ocrPage(const ingest::GrayImage& page, ArchiveSource& source)
{
    if (!source.ocr)
        source.ocr = ingest::readPageText(page);
    render::ScanArchivePage out{source.jpeg.empty() ? ingest::encodeJpeg(page, jpegQuality) : source.jpeg, page.width, page.height,
                                std::min(page.width, page.height) / (layout::pageWidth / 25.4), {}};
    for (const auto& w : source.ocr->words)
        if (w.right > w.left && w.bottom > w.top)
            out.texts.push_back({w.text, static_cast<double>(w.left), static_cast<double>(w.bottom), 1, 0,
                                 static_cast<double>(w.bottom - w.top), static_cast<double>(w.right - w.left)});
    return out;
}

}  // namespace

std::string readAndArchive(const std::vector<ingest::GrayImage>& pages, std::vector<ArchiveSource>& sources,
                           const std::string& title, bool archive, const std::function<void(std::size_t)>& read)
{
    sources.resize(pages.size());
    std::future<std::vector<std::string>> jpegs;
    if (archive)
        jpegs = std::async(std::launch::async, [&pages] {
            std::vector<std::string> out;
            for (const auto& page : pages)
                out.push_back(ingest::encodeJpeg(page, jpegQuality));
            return out;
        });
    for (std::size_t i = 0; i < pages.size(); ++i)
        read(i);
    if (!archive)
        return {};
    auto encoded = jpegs.get();
    for (std::size_t i = 0; i < encoded.size() && i < sources.size(); ++i)
        sources[i].jpeg = std::move(encoded[i]);
    return archiveScan(pages, sources, title);
}

std::string archiveScan(const std::vector<ingest::GrayImage>& pages, std::vector<ArchiveSource>& sources,
                        const std::string& title)
{
    std::vector<render::ScanArchivePage> out;
    for (std::size_t i = 0; i < pages.size() && i < sources.size(); ++i)
        out.push_back(sources[i].reading ? formPage(pages[i], sources[i]) : ocrPage(pages[i], sources[i]));
    return render::renderScanArchive(out, workflowFonts(), title);
}

}  // namespace cqp::pipeline::detail
