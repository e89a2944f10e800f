#include "cqp/render/PrintBatch.h"

#include "Canvas.h"
#include "PdfText.h"

#include <podofo/podofo.h>
#include <qrencode.h>

#include <algorithm>
#include <map>
#include <memory>
#include <stdexcept>

namespace cqp::render {

using namespace PoDoFo;

namespace {

using detail::mm;
const PdfRect a4Portrait{0, 0, detail::a4Width, detail::a4Height};
const PdfRect a4Landscape{0, 0, detail::a4Height, detail::a4Width};

PdfString text(const std::string& utf8) { return detail::pdfText(utf8); }

struct Ink {
    double r, g, b;
};
constexpr Ink navy{0.10, 0.18, 0.36};
constexpr Ink gold{0.66, 0.52, 0.20};
constexpr Ink black{0.10, 0.10, 0.12};
constexpr Ink grey{0.40, 0.40, 0.45};

}  // namespace

struct PrintBatch::Impl : detail::Canvas {
    bool finished = false;
    // Each image once per document, however many pages show it.
    std::map<std::string, std::unique_ptr<PdfImage>> images;

    using Canvas::Canvas;

    // A PNG or JPEG image fitted in `maxW` × `maxH` points, centred on `cx`, its bottom at `y`.
    void picture(const std::string& bytes, double cx, double y, double maxW, double maxH)
    {
        if (bytes.empty())
            return;
        auto& image = images[bytes];
        if (!image) {
            image = std::make_unique<PdfImage>(&document);
            try {
                image->LoadFromData(reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<pdf_long>(bytes.size()));
            } catch (const PdfError&) {
                throw std::runtime_error("an image of the parchments (logo or signature) is not a readable PNG or JPEG file");
            }
        }
        const double scale = std::min(maxW / image->GetWidth(), maxH / image->GetHeight());
        painter.DrawImage(cx - image->GetWidth() * scale / 2, y, image.get(), scale, scale);
    }

    void font(PdfFont* f, double size, Ink ink)
    {
        setFont(f, size);
        painter.SetColor(ink.r, ink.g, ink.b);
    }

    void left(double x, double y, const std::string& s) { painter.DrawText(x, y, text(s)); }

    void centered(double y, const std::string& s, double pageWidth)
    {
        painter.DrawText((pageWidth - width(s)) / 2, y, text(s));
    }

    void frame(const PdfRect& size)
    {
        painter.SetStrokingColor(navy.r, navy.g, navy.b);
        painter.SetStrokeWidth(2.5);
        painter.Rectangle(14 * mm, 14 * mm, size.GetWidth() - 28 * mm, size.GetHeight() - 28 * mm);
        painter.Stroke();
        painter.SetStrokingColor(gold.r, gold.g, gold.b);
        painter.SetStrokeWidth(0.8);
        painter.Rectangle(17 * mm, 17 * mm, size.GetWidth() - 34 * mm, size.GetHeight() - 34 * mm);
        painter.Stroke();
    }

    void rule(double x1, double x2, double y, Ink ink, double widthPt)
    {
        painter.SetStrokingColor(ink.r, ink.g, ink.b);
        painter.SetStrokeWidth(widthPt);
        painter.DrawLine(x1, y, x2, y);
    }

    // A QR code of `data` as a 1-bit image, `side` points wide, lower left corner at (x, y).
    void qr(const std::string& data, double x, double y, double side)
    {
        QRcode* code = QRcode_encodeString(data.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
        if (!code)
            throw std::runtime_error("cannot encode the QR code");
        const int quiet = 4;  // the quiet zone the standard asks for
        const int n = code->width + 2 * quiet;
        const int rowBytes = (n + 7) / 8;
        std::string bits(static_cast<std::size_t>(rowBytes * n), '\xff');  // 1 = white
        for (int row = 0; row < code->width; ++row)
            for (int col = 0; col < code->width; ++col)
                if (code->data[row * code->width + col] & 1) {
                    const int r = row + quiet;
                    const int c = col + quiet;
                    bits[static_cast<std::size_t>(r * rowBytes + c / 8)] &= static_cast<char>(~(0x80 >> (c % 8)));
                }
        QRcode_free(code);
        PdfImage image{&document};
        image.SetImageColorSpace(ePdfColorSpace_DeviceGray);
        image.SetInterpolate(false);
        PdfMemoryInputStream stream{bits.data(), static_cast<pdf_long>(bits.size())};
        image.SetImageData(static_cast<unsigned>(n), static_cast<unsigned>(n), 1, &stream);
        painter.DrawImage(x, y, &image, side / n, side / n);
    }

    void signatures(const std::vector<Signatory>& signatories, double y, double pageWidth)
    {
        if (signatories.empty())
            return;
        const double slot = (pageWidth - 60 * mm) / static_cast<double>(signatories.size());
        for (std::size_t i = 0; i < signatories.size(); ++i) {
            const double x = 30 * mm + slot * static_cast<double>(i);
            font(regular, 8.5, grey);
            const auto roleLines = wrap(signatories[i].role, slot - 8 * mm);
            double ly = y;
            for (const auto& line : roleLines) {
                painter.DrawText(x + (slot - width(line)) / 2, ly, text(line));
                ly -= 11;
            }
            // Room for the signature above the line: 16 mm.
            const double line = std::min(slot - 24 * mm, 70 * mm);
            picture(signatories[i].image, x + slot / 2, ly - 46 + 2, line, 16 * mm);
            rule(x + (slot - line) / 2, x + (slot + line) / 2, ly - 46, grey, 0.4);
            font(bold, 10, black);
            painter.DrawText(x + (slot - width(signatories[i].name)) / 2, ly - 58, text(signatories[i].name));
        }
    }
};

PrintBatch::PrintBatch(const FontSet& fonts) : impl_{std::make_unique<Impl>(fonts)} {}
PrintBatch::~PrintBatch() = default;
int PrintBatch::pages() const { return impl_->pages; }

void PrintBatch::addParchment(const ParchmentData& p)
{
    auto& d = *impl_;
    d.newPage(a4Landscape);
    const double w = a4Landscape.GetWidth();
    d.frame(a4Landscape);
    d.picture(p.logo, 24 * mm + 18 * mm, 500, 36 * mm, 14 * mm);  // top left, inside the frame, above the title
    d.font(d.regular, 11, navy);
    d.centered(530, p.branch, w);
    d.rule(w / 2 - 60, w / 2 + 60, 520, gold, 1.0);
    d.font(d.bold, 26, navy);
    d.centered(478, p.certificateKind == "CQPI" ? "Certificat de Qualification Professionnelle Interbranches"
                                                : "Certificat de Qualification Professionnelle",
               w);
    d.font(d.regular, 12, grey);
    d.centered(448, "délivré à", w);
    d.font(d.bold, 24, black);
    d.centered(416, p.holderName, w);
    d.font(d.regular, 12, black);
    d.centered(394, p.birth, w);
    d.font(d.regular, 12, grey);
    d.centered(366, "pour la qualification de", w);
    d.font(d.bold, 17, navy);
    double y = 340;
    for (const auto& line : d.wrap(p.certificateTitle, w - 110)) {
        d.centered(y, line, w);
        y -= 22;
    }
    if (!p.registration.empty()) {
        d.font(d.regular, 9, grey);
        d.centered(y + 6, p.registration, w);
        y -= 10;
    }
    d.font(d.regular, 12, black);
    d.centered(y - 6, "par décision du jury paritaire national du " + p.juryDate + ".", w);
    d.font(d.regular, 10.5, black);
    d.centered(y - 26, "Fait à " + p.place + ", le " + p.issuedOn + ".", w);
    d.signatures(p.signatories, 190, w);

    // Number bottom left, verification bottom right.
    d.font(d.bold, 10, navy);
    d.left(26 * mm, 30 * mm, "N° " + p.number);
    const double side = 88;
    d.qr(p.verificationUrl, w - 22 * mm - side, 22 * mm, side);
    d.font(d.regular, 7.5, grey);
    const std::string code = "Code de vérification : " + p.verificationCode;
    d.left(w - 22 * mm - side - 6 - d.width(code), 22 * mm + 30, code);
    d.left(w - 22 * mm - side - 6 - d.width(p.verificationUrl), 22 * mm + 18, p.verificationUrl);
}

void PrintBatch::addAttestation(const AttestationData& a)
{
    auto& d = *impl_;
    d.newPage(a4Portrait);
    const double w = a4Portrait.GetWidth();
    d.frame(a4Portrait);
    const double shift = a.logo.empty() ? 0 : 32;  // the logo above the branch's name
    d.picture(a.logo, w / 2, 752, 44 * mm, 12 * mm);
    d.font(d.regular, 10, navy);
    double top = 770 - shift;
    for (const auto& line : d.wrap(a.branch, w - 120)) {
        d.centered(top, line, w);
        top -= 13;
    }
    d.font(d.bold, 20, navy);
    d.centered(720 - shift, "Attestation de compétences", w);
    d.font(d.regular, 11, black);
    double y = 680 - shift;
    auto paragraph = [&](const std::string& s, PdfFont* f, double size, Ink ink) {
        d.font(f, size, ink);
        for (const auto& line : d.wrap(s, w - 64 * mm)) {
            d.left(32 * mm, y, line);
            y -= size * 1.35;
        }
        y -= 6;
    };
    paragraph("Le jury paritaire national du " + a.juryDate + " atteste que", d.regular, 11, black);
    paragraph(a.holderName + ", " + a.birth + ",", d.bold, 13, black);
    paragraph(a.holderNoun + " au " + a.certificateKind + " « " + a.certificateTitle +
                  " », a validé les compétences suivantes :", d.regular, 11, black);
    for (const auto& c : a.validated)
        paragraph("•  " + c, d.regular, 10, black);
    y -= 4;
    paragraph("Compétences restant à valider pour obtenir le " + a.certificateKind + " :", d.regular, 11, black);
    for (const auto& c : a.remaining)
        paragraph("•  " + c, d.regular, 10, grey);
    y -= 4;
    paragraph("Les compétences validées restent acquises jusqu'au " + a.acquiredUntil +
                  " : elles comptent pour une nouvelle candidature présentée avant cette date.",
              d.regular, 10.5, black);
    if (!a.registration.empty())
        paragraph(a.registration + ".", d.regular, 9, grey);
    paragraph("Fait à " + a.place + ", le " + a.issuedOn + ".", d.regular, 10.5, black);
    d.signatures(a.signatories, std::min(y - 20, 262.0), w);  // clear of the QR code below

    // Number bottom left, verification bottom right: checked like a parchment.
    if (!a.number.empty()) {
        d.font(d.bold, 10, navy);
        d.left(26 * mm, 30 * mm, "N° " + a.number);
    }
    if (!a.verificationCode.empty()) {
        const double side = 88;  // as on the parchment: read at 150 dpi and by any phone
        // Clear of the frame by the QR code's own quiet zone.
        d.qr(a.verificationUrl, w - 24 * mm - side, 27 * mm, side);
        d.font(d.regular, 6.5, grey);  // smaller than on the parchment: clear of the number on the left
        const std::string code = "Code de vérification : " + a.verificationCode;
        d.left(w - 24 * mm - side - 6 - d.width(code), 27 * mm + 26, code);
        d.left(w - 24 * mm - side - 6 - d.width(a.verificationUrl), 27 * mm + 14, a.verificationUrl);
    }
}

void PrintBatch::addPackingSheet(const PackingSheetData& s)
{
    auto& d = *impl_;
    d.newPage(a4Portrait);
    const double h = a4Portrait.GetHeight();
    d.font(d.bold, 10, navy);
    double y = h - 20 * mm;
    for (const auto& line : s.senderLines) {
        d.left(20 * mm, y, line);
        y -= 12;
        d.font(d.regular, 9, grey);
    }
    // The address block sits in the window of a DL envelope (A4 folded in three): 110 mm from
    // the left edge, 50 mm from the top.
    d.font(d.regular, 11, black);
    y = h - 50 * mm - 11;
    for (const auto& line : s.addressLines) {
        d.left(110 * mm, y, line);
        y -= 14;
    }
    d.font(d.regular, 10, black);
    d.left(110 * mm, h - 100 * mm, s.place + ", le " + s.date);
    d.font(d.bold, 12, navy);
    y = h - 115 * mm;
    for (const auto& line : d.wrap("Objet : " + s.subject, 170 * mm)) {
        d.left(20 * mm, y, line);
        y -= 15;
    }
    d.font(d.regular, 10.5, black);
    y -= 8;
    d.left(20 * mm, y, "Madame, Monsieur,");
    y -= 22;
    for (const auto& line : d.wrap("Veuillez trouver sous ce pli les documents suivants, délivrés par le jury paritaire national "
                                   "des CQP des Industries Chimiques :",
                                   170 * mm)) {
        d.left(20 * mm, y, line);
        y -= 14;
    }
    y -= 6;
    for (const auto& item : s.enclosed) {
        for (const auto& line : d.wrap("•  " + item, 160 * mm)) {
            d.left(25 * mm, y, line);
            y -= 13;
        }
        if (y < 40 * mm) {
            d.newPage(a4Portrait);
            d.font(d.regular, 10.5, black);
            y = h - 25 * mm;
        }
    }
    y -= 14;
    d.left(20 * mm, y, "Nous vous prions d'agréer, Madame, Monsieur, nos salutations distinguées.");
    d.left(20 * mm, y - 30, "Le secrétariat des CQP des Industries Chimiques");
}

std::string PrintBatch::finish(const std::string& title)
{
    auto& d = *impl_;
    if (d.finished)
        throw std::logic_error("print batch already finished");
    d.finished = true;
    return d.finish(title);
}

}  // namespace cqp::render
