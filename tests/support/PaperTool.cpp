// cqp-paper: the hand and the scanner of the demo's users. It takes a form cqp mailed (a PDF),
// types the evaluation date as a person filling it on a computer would, prints it (poppler),
// ticks the boxes and signs with a pen, and "scans" the page to a PNG — the file a company or an
// evaluator mails back. Not part of cqp: it stands for people and paper.
//
//   cqp-paper outil4 FORM.pdf OUT.png --results 1,1,1,1,0 --date 12/01/2027 [--sign]
//   cqp-paper outil6 FORM.pdf OUT.png [--company] [--candidate]

#include "ScanSet.h"

#include "cqp/ingest/ScanReader.h"
#include "cqp/render/Fonts.h"
#include "cqp/rules/FormLayout.h"

#include <podofo/podofo.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace PoDoFo;

std::string readAll(const std::string& path)
{
    std::ifstream in{path, std::ios::binary};
    if (!in)
        throw std::runtime_error("cannot read " + path);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

// The date typed into the evaluation date box of the form's last page.
std::string typeDate(const std::string& pdf, const std::string& date)
{
    PdfError::EnableDebug(false);  // PoDoFo's own printing on standard output
    PdfError::EnableLogging(false);
    PdfMemDocument document;
    document.LoadFromBuffer(pdf.data(), static_cast<long>(pdf.size()));
    PdfPage* page = document.GetPage(document.GetPageCount() - 1);
    const double mm = 72.0 / 25.4;
    const double height = page->GetPageSize().GetHeight();
    const auto fonts = cqp::render::findFonts();
    if (!fonts)
        throw std::runtime_error("no fonts (fonts-dejavu-core)");
    PdfFont* font = document.CreateFont("DejaVu Sans", false, false, false, PdfEncodingFactory::GlobalIdentityEncodingInstance(),
                                        PdfFontCache::eFontCreationFlags_None, true, fonts->regular.c_str());
    font->SetFontSize(13);
    PdfPainter painter;
    painter.SetPage(page);
    painter.SetFont(font);
    const auto box = cqp::rules::formLayout::evaluationDate();
    painter.DrawText((box.x + 3) * mm, height - (box.y + box.height - 2) * mm, PdfString{reinterpret_cast<const pdf_utf8*>(date.c_str())});
    painter.FinishPage();
    PdfRefCountedBuffer buffer;
    PdfOutputDevice device{&buffer};
    document.Write(&device);
    return {buffer.GetBuffer(), static_cast<std::size_t>(device.GetLength())};
}

std::vector<int> results(const std::string& list)
{
    std::vector<int> out;
    std::stringstream in{list};
    for (std::string item; std::getline(in, item, ',');)
        out.push_back(std::stoi(item));
    return out;
}

int usage()
{
    std::cerr << "usage: cqp-paper outil4 FORM.pdf OUT.png --results 1,0,... --date DD/MM/YYYY [--sign]\n"
                 "       cqp-paper outil6 FORM.pdf OUT.png [--company] [--candidate]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc < 4)
        return usage();
    const std::string kind = argv[1];
    std::string choices, date;
    bool sign = false, company = false, candidate = false;
    for (int i = 4; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--results" && i + 1 < argc)
            choices = argv[++i];
        else if (arg == "--date" && i + 1 < argc)
            date = argv[++i];
        else if (arg == "--sign")
            sign = true;
        else if (arg == "--company")
            company = true;
        else if (arg == "--candidate")
            candidate = true;
        else
            return usage();
    }
    try {
        const std::string form = readAll(argv[2]);
        cqp::ingest::GrayImage page;
        if (kind == "outil4")
            page = cqp::test::fillOutil4(date.empty() ? form : typeDate(form, date), results(choices), sign);
        else if (kind == "outil6")
            page = cqp::test::fillOutil6(form, company, candidate);
        else
            return usage();
        std::ofstream out{argv[3], std::ios::binary};
        out << cqp::ingest::encodePng(page);
        return out ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "cqp-paper: " << e.what() << "\n";
        return 1;
    }
}
