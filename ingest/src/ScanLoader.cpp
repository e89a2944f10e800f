#include "cqp/ingest/ScanReader.h"

#include "ScanImages.h"

#include <leptonica/allheaders.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>
#include <tesseract/baseapi.h>

#include <unistd.h>
#include <tesseract/renderer.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <zbar.h>

#include <cctype>
#include <cstdlib>

#include <algorithm>
#include <cstdio>
#include <array>
#include <cmath>
#include <memory>
#include <optional>


namespace cqp::ingest {

namespace layout = rules::formLayout;

namespace detail {

GrayImage fromPix(PIX* source)
{
    PIX* gray = pixConvertTo8(source, 0);
    GrayImage image;
    if (!gray)
        return image;
    image.width = static_cast<int>(pixGetWidth(gray));
    image.height = static_cast<int>(pixGetHeight(gray));
    image.pixels.resize(static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height));
    for (int y = 0; y < image.height; ++y) {
        const l_uint32* line = pixGetData(gray) + y * pixGetWpl(gray);
        for (int x = 0; x < image.width; ++x)
            image.pixels[static_cast<std::size_t>(y * image.width + x)] = static_cast<unsigned char>(GET_DATA_BYTE(line, x));
    }
    pixDestroy(&gray);
    return image;
}


PIX* toPix(const GrayImage& image)
{
    PIX* pix = pixCreate(image.width, image.height, 8);
    for (int y = 0; y < image.height; ++y) {
        l_uint32* line = pixGetData(pix) + y * pixGetWpl(pix);
        for (int x = 0; x < image.width; ++x)
            SET_DATA_BYTE(line, x, image.at(x, y));
    }
    return pix;
}

}  // namespace detail

namespace {

using detail::fromPix;
using detail::toPix;

void quietPoppler(const std::string&, void*) {}

// poppler-cpp builds its global parameters (font and encoding tables) when a first document
// opens and drops them when the last one closes: 0.56 ms for every document opened alone. One
// small document kept open for the life of the process keeps them (0.02 ms an opening).
void keepPopplerReady()
{
    static const std::unique_ptr<poppler::document> keeper = [] {
        std::string pdf = "%PDF-1.4\n";
        std::vector<std::size_t> offsets;
        for (const char* object : {"<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Kids[3 0 R]/Count 1>>",
                                   "<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>"}) {
            offsets.push_back(pdf.size());
            pdf += std::to_string(offsets.size()) + " 0 obj" + object + "endobj\n";
        }
        const std::size_t xref = pdf.size();
        pdf += "xref\n0 4\n0000000000 65535 f \n";
        for (const std::size_t offset : offsets) {
            char line[24];
            std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
            pdf += line;
        }
        pdf += "trailer<</Size 4/Root 1 0 R>>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
        static std::string kept = pdf;  // poppler reads from this buffer for as long as the document lives
        return std::unique_ptr<poppler::document>{poppler::document::load_from_raw_data(kept.data(), static_cast<int>(kept.size()))};
    }();
    (void)keeper;
}

// The document, or nothing with the reason (French) when it cannot be read: damaged, locked,
// too many pages. Opening reads the structure only; no page is rendered.
std::unique_ptr<poppler::document> openPdf(const std::string& bytes, const ScanLimits& limits, std::string& problem)
{
    poppler::set_debug_error_function(quietPoppler, nullptr);  // problems are reported to the sender instead
    keepPopplerReady();
    std::unique_ptr<poppler::document> document{poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size()))};
    if (!document) {
        problem = "le PDF est illisible (fichier endommagé ou incomplet).";
    } else if (document->is_locked()) {
        problem = "le PDF est protégé par un mot de passe : envoyez-le sans protection.";
    } else if (document->pages() < 1) {
        problem = "le PDF n'a aucune page.";
    } else if (document->pages() > limits.maxPages) {
        problem = "le PDF compte " + std::to_string(document->pages()) + " pages ; au plus " + std::to_string(limits.maxPages) +
                  " sont lues par envoi.";
    } else {
        return document;
    }
    return nullptr;
}

// The image's format from its header, or the reason it is refused before any decoding.
bool imageHeader(const std::string& bytes, const ScanLimits& limits, l_int32& format, std::string& problem)
{
    setMsgSeverity(L_SEVERITY_NONE);  // Leptonica's messages would go to stderr; the sender gets ours
    l_int32 w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
    if (pixReadHeaderMem(reinterpret_cast<const l_uint8*>(bytes.data()), bytes.size(), &format, &w, &h, &bps, &spp, &cmap) != 0) {
        problem = "l'image est illisible (format inconnu ou fichier endommagé).";
        return false;
    }
    // Refused before any decoding: a 20,000 × 20,000 image would need gigabytes.
    if (w > limits.maxSide || h > limits.maxSide || static_cast<long long>(w) * h > limits.maxPixels) {
        problem = "l'image fait " + std::to_string(w) + " × " + std::to_string(h) + " pixels ; au plus " +
                  std::to_string(limits.maxSide) + " pixels de côté sont acceptés.";
        return false;
    }
    return true;
}

ScanLoad loadPdf(const std::string& bytes, const ScanLimits& limits)
{
    ScanLoad load;
    const auto document = openPdf(bytes, limits, load.problem);
    if (!document)
        return load;
    poppler::page_renderer renderer;
    renderer.set_image_format(poppler::image::format_gray8);
    renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
    for (int i = 0; i < document->pages(); ++i) {
        std::unique_ptr<poppler::page> page{document->create_page(i)};
        if (!page)
            continue;
        const auto rect = page->page_rect();
        double dpi = limits.dpi;
        const double side = std::max(rect.width(), rect.height()) / 72.0 * dpi;
        if (side > limits.maxSide)
            dpi = limits.maxSide * 72.0 / std::max(rect.width(), rect.height());
        const poppler::image rendered = renderer.render_page(page.get(), dpi, dpi);
        if (!rendered.is_valid())
            continue;
        GrayImage image;
        image.width = rendered.width();
        image.height = rendered.height();
        image.pixels.resize(static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height));
        for (int y = 0; y < image.height; ++y) {
            const char* row = rendered.const_data() + static_cast<std::ptrdiff_t>(y) * rendered.bytes_per_row();
            std::copy(row, row + image.width, image.pixels.begin() + static_cast<std::ptrdiff_t>(y) * image.width);
        }
        load.pages.push_back(std::move(image));
    }
    if (load.pages.empty())
        load.problem = "aucune page du PDF n'a pu être lue.";
    return load;
}

ScanLoad loadImage(const std::string& bytes, const ScanLimits& limits)
{
    ScanLoad load;
    const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
    l_int32 format = 0;
    if (!imageHeader(bytes, limits, format, load.problem))
        return load;
    if (format == IFF_TIFF || format == IFF_TIFF_G4 || format == IFF_TIFF_LZW || format == IFF_TIFF_ZIP ||
        format == IFF_TIFF_PACKBITS || format == IFF_TIFF_RLE || format == IFF_TIFF_G3 || format == IFF_TIFF_JPEG) {
        PIXA* pages = pixaReadMemMultipageTiff(data, bytes.size());
        if (pages) {
            const int n = std::min(static_cast<int>(pixaGetCount(pages)), limits.maxPages);
            for (int i = 0; i < n; ++i) {
                PIX* pix = pixaGetPix(pages, i, L_CLONE);
                load.pages.push_back(fromPix(pix));
                pixDestroy(&pix);
            }
            pixaDestroy(&pages);
        }
    } else if (PIX* pix = pixReadMem(data, bytes.size())) {
        load.pages.push_back(fromPix(pix));
        pixDestroy(&pix);
    }
    if (load.pages.empty())
        load.problem = "l'image est illisible (fichier endommagé).";
    return load;
}

// `write` is one of Leptonica's pixWriteMem… functions, bound to its options.
template <typename Write>
std::string encoded(const GrayImage& image, Write write)
{
    PIX* pix = toPix(image);
    l_uint8* data = nullptr;
    size_t size = 0;
    write(&data, &size, pix);
    pixDestroy(&pix);
    std::string file{reinterpret_cast<char*>(data), size};
    lept_free(data);
    return file;
}

}  // namespace

std::string scanProblem(const std::string& bytes, const std::string& mediaType, const ScanLimits& limits)
{
    std::string problem;
    if (mediaType == "application/pdf" || bytes.rfind("%PDF", 0) == 0) {
        openPdf(bytes, limits, problem);
    } else {
        l_int32 format = 0;
        imageHeader(bytes, limits, format, problem);
    }
    return problem;
}

ScanLoad loadScan(const std::string& bytes, const std::string& mediaType, const ScanLimits& limits)
{
    if (mediaType == "application/pdf" || bytes.rfind("%PDF", 0) == 0)
        return loadPdf(bytes, limits);
    return loadImage(bytes, limits);
}


void runWithOneOcrThread(char** argv)
{
    if (std::getenv("OMP_THREAD_LIMIT"))
        return;
    setenv("OMP_THREAD_LIMIT", "1", 1);
    execv("/proc/self/exe", argv);
    // Could not run again (no /proc): go on, only slower.
}

std::string encodePng(const GrayImage& image)
{
    return encoded(image, [](l_uint8** data, size_t* size, PIX* pix) { pixWriteMemPng(data, size, pix, 0.0f); });
}

GrayImage turned(const GrayImage& image, int quarters)
{
    quarters = ((quarters % 4) + 4) % 4;
    if (quarters == 0)
        return image;
    GrayImage out;
    out.width = quarters == 2 ? image.width : image.height;
    out.height = quarters == 2 ? image.height : image.width;
    out.pixels.resize(image.pixels.size());
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            const auto [tx, ty] = turnedPoint(x, y, image.width, image.height, quarters);
            out.pixels[static_cast<std::size_t>(ty) * static_cast<std::size_t>(out.width) + static_cast<std::size_t>(tx)] =
                image.at(x, y);
        }
    return out;
}

std::pair<double, double> turnedPoint(double x, double y, int width, int height, int quarters)
{
    for (int q = 0; q < ((quarters % 4) + 4) % 4; ++q) {  // a quarter clockwise: the left edge becomes the top
        const double nx = height - 1 - y;
        y = x;
        x = nx;
        std::swap(width, height);
    }
    return {x, y};
}

std::string encodeJpeg(const GrayImage& image, int quality)
{
    return encoded(image, [quality](l_uint8** data, size_t* size, PIX* pix) { pixWriteMemJpeg(data, size, pix, quality, 0); });
}


}  // namespace cqp::ingest
