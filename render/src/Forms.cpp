#include "cqp/render/Forms.h"

#include "Canvas.h"
#include "FormFields.h"
#include "PdfText.h"

#include "cqp/rules/FillableForms.h"
#include "cqp/rules/FormLayout.h"

#include <podofo/podofo.h>
#include <qrencode.h>

#include <optional>
#include <stdexcept>

namespace cqp::render {

using namespace PoDoFo;
namespace layout = rules::formLayout;

namespace {

constexpr double pt = detail::mm;  // points per millimetre

// The fonts text is measured with when a form's text is only recorded: loaded once per thread
// (a PoDoFo document is not shared between threads).
detail::FontPair& measuringFonts(const FontSet& fonts)
{
    thread_local PdfMemDocument document;
    thread_local std::string loaded;
    thread_local detail::FontPair pair;
    if (loaded != fonts.regular.string() + "\n" + fonts.bold.string()) {
        pair = detail::embedFonts(document, fonts);
        loaded = fonts.regular.string() + "\n" + fonts.bold.string();
    }
    return pair;
}

// Draws a form, or only records its text runs (`runs` set): the same layout either way.
class FormWriter {
public:
    explicit FormWriter(const FontSet& fonts, std::vector<FormTextRun>* runs = nullptr) : runs_{runs}
    {
        if (runs_)
            measure_ = &measuringFonts(fonts);
        else
            canvas_.emplace(fonts);
    }

    void page(const rules::FormCode& code)
    {
        ++page_;
        if (runs_) {
            font(regular(), 7);
            text(20, 286, footer(code));
            return;
        }
        canvas_->newPage(PdfRect{0, 0, layout::pageWidth * pt, layout::pageHeight * pt});
        canvas_->formMarks(rules::encodeFormCode(code));
        font(regular(), 7);
        text(20, 286, footer(code));
    }

    static std::string footer(const rules::FormCode& code)
    {
        return "Outil n°" + std::to_string(code.outil) + " — candidature n°" + std::to_string(code.candidature) + " — page " +
               std::to_string(code.page) + "/" + std::to_string(code.pages) + " — ne pas écrire sur les carrés noirs ni sur le code.";
    }

    void font(PdfFont* f, double size)
    {
        size_ = size;
        current_ = f;
        if (runs_)
            f->SetFontSize(static_cast<float>(size));
        else
            canvas_->setFont(f, size);
    }
    PdfFont* regular() { return runs_ ? measure_->regular : canvas_->regular; }
    PdfFont* bold() { return runs_ ? measure_->bold : canvas_->bold; }

    // Baseline at `y` mm from the top.
    void text(double x, double y, const std::string& s)
    {
        if (runs_) {
            if (!s.empty())
                runs_->push_back({page_, x, y, size_ / pt, current_->GetFontMetrics()->StringWidth(detail::pdfText(s)) / pt, s});
            return;
        }
        canvas_->painter.DrawText(x * pt, (layout::pageHeight - y) * pt, detail::pdfText(s));
    }

    double lines(double x, double y, double width, const std::string& s, double leading)
    {
        for (const auto& line : runs_ ? detail::wrapText(*current_, s, width * pt) : canvas_->wrap(s, width * pt)) {
            text(x, y, line);
            y += leading;
        }
        return y;
    }

    void box(const rules::FormRect& r, double lineWidth = 0.8)
    {
        if (runs_)
            return;
        canvas_->painter.SetStrokeWidth(lineWidth);
        canvas_->painter.Rectangle(r.x * pt, (layout::pageHeight - r.y - r.height) * pt, r.width * pt, r.height * pt);
        canvas_->painter.Stroke();
    }

    void fill(const rules::FormRect& r)
    {
        if (runs_)
            return;
        canvas_->painter.Rectangle(r.x * pt, (layout::pageHeight - r.y - r.height) * pt, r.width * pt, r.height * pt);
        canvas_->painter.Fill();
    }

    std::string finish(const std::string& title) { return canvas_->finish(title); }
    detail::Canvas& canvas() { return *canvas_; }

private:
    std::optional<detail::Canvas> canvas_;     // drawing
    detail::FontPair* measure_ = nullptr;      // recording
    std::vector<FormTextRun>* runs_;
    PdfFont* current_ = nullptr;
    int page_ = 0;
    double size_ = 0;
};

}  // namespace

namespace {

// Fillable outil n°4: the candidate's observations, between the heading (which ends at 55 mm
// when the CQP's title takes two lines) and the table (74 mm).
rules::FormRect observationsBox() { return {125, 59.5, 65, 9.5}; }

PdfRect pdfRect(const rules::FormRect& r)
{
    return PdfRect{r.x * pt, (layout::pageHeight - r.y - r.height) * pt, r.width * pt, r.height * pt};
}

// The fields of the fillable outil n°4 over the boxes the pages print (rules::fillable).
void addOutil4Fields(detail::Canvas& canvas, const Outil4Data& d)
{
    namespace fillable = rules::fillable;
    auto& document = canvas.document;
    const int total = static_cast<int>(d.competences.size());
    const int pages = document.GetPageCount();
    for (int p = 0; p < pages; ++p) {
        PdfPage* page = document.GetPage(p);
        page->GetObject()->GetDictionary().AddKey("Tabs", PdfName("R"));
        if (p == 0)
            detail::textField(document, page, pdfRect(observationsBox()),
                              {"observations_candidat", "Observations du candidat", 4000, true, 8, "", nullptr});
        const int first = p * layout::rowsPerPage;
        for (int r = 0; r < std::min(layout::rowsPerPage, total - first); ++r) {
            const auto& [code, title] = d.competences[static_cast<std::size_t>(first + r)];
            detail::radioGroup(document, page, fillable::resultField(code), code + " — acquis ou non acquis",
                               {{pdfRect(layout::acquisBox(r)), std::string{fillable::acquis}},
                                {pdfRect(layout::nonAcquisBox(r)), std::string{fillable::nonAcquis}}});
            detail::textField(document, page, pdfRect(layout::comment(r)),
                              {fillable::commentField(code), "Commentaire de l'évaluateur — " + code, 4000, true, 8, "", nullptr});
        }
        if (p == pages - 1)
            detail::textField(document, page, pdfRect(layout::evaluationDate()),
                              {"date_evaluation", "Date de l'évaluation — JJ/MM/AAAA", 10, false, 12, d.typedDate, nullptr});
    }
    detail::hiddenFields(document, document.GetPage(0), fillable::FormKind::ResultatsEvaluation, d.candidature, d.token);
}

void drawOutil4(FormWriter& w, const Outil4Data& d)
{
    const int total = static_cast<int>(d.competences.size());
    const int pages = std::max(1, (total + layout::rowsPerPage - 1) / layout::rowsPerPage);
    for (int p = 0; p < pages; ++p) {
        const int first = p * layout::rowsPerPage;
        const int rows = std::min(layout::rowsPerPage, total - first);
        w.page({4, 1, d.candidature, p + 1, pages, first, rows});
        w.font(w.bold(), 13);
        w.text(20, 28, "Outil n°4 — Guide d'évaluation des compétences");
        w.font(w.regular(), 9);
        double y = 36;
        y = w.lines(20, y, 120, "CQP : " + d.certificateTitle, 4.5);
        w.text(20, y, "Candidat : " + d.candidateName + "   —   candidature n°" + std::to_string(d.candidature));
        w.text(20, y + 5, "Entreprise : " + d.company);
        w.text(20, y + 10, "Évaluateur habilité : " + d.evaluatorName + "   —   évaluation prévue le " + d.plannedDate);
        if (p == 0 && !d.token.empty()) {
            const auto box = observationsBox();
            w.font(w.bold(), 7.5);
            w.text(box.x, box.y - 1, "Observations du candidat");
            w.box(box, 0.3);
        }
        w.font(w.bold(), 8.5);
        w.text(20, 74, "Compétence");
        w.text(86, 74, "Acquis");
        w.text(103, 74, "Non acquis");
        w.text(125, 74, "Commentaire de l'évaluateur");
        for (int r = 0; r < rows; ++r) {
            const auto& [code, title] = d.competences[static_cast<std::size_t>(first + r)];
            const auto text = rules::formLayout::competenceText(r);
            w.font(w.bold(), 8);
            w.text(text.x, text.y + 4, code);
            w.font(w.regular(), 7.5);
            w.lines(text.x, text.y + 8, text.width, title, 3.4);
            w.box(layout::acquisBox(r), 1.0);
            w.box(layout::nonAcquisBox(r), 1.0);
            w.box(layout::comment(r), 0.3);
        }
        if (p == pages - 1) {
            w.font(w.regular(), 8);
            w.text(20, 246, "Cochez une case par compétence (noircir entièrement une case l'annule).");
            w.box(layout::evaluationDate(), 0.3);
            w.text(20, 266, "Date de l'évaluation");
            if (!d.typedDate.empty() && d.token.empty()) {  // fillable: the date field holds it
                w.font(w.regular(), 13);
                const auto box = layout::evaluationDate();
                w.text(box.x + 3, box.y + box.height - 2, d.typedDate);
                w.font(w.regular(), 8);
            }
            w.box(layout::evaluatorSignature(), 0.3);
            w.text(75, 254, "Signature de l'évaluateur habilité");
            w.box(layout::candidateSignature(), 0.3);
            w.text(135, 254, "Signature du candidat");
        }
    }
}

void drawOutil6(FormWriter& w, const Outil6Data& d)
{
    w.page({6, 1, d.candidature, 1, 1, 0, 0});
    w.font(w.bold(), 13);
    w.text(20, 28, "Outil n°6 — Dossier de candidature");
    w.font(w.regular(), 9.5);
    const auto fields = outil6Fields(d);
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const auto box = layout::outil6Field(static_cast<int>(i));
        const double baseline = box.y + 5;
        w.font(w.regular(), 8);
        w.text(20, baseline, fields[i].first);
        w.font(w.bold(), 10);
        w.text(box.x + 2, baseline, fields[i].second);
        w.box(box, 0.3);
    }
    double y = layout::outil6Field(layout::outil6FieldCount).y + 5;  // the line after the last field
    w.font(w.regular(), 9);
    y = w.lines(20, y + 6, 170, "CQP visé : " + d.certificateTitle, 4.5);
    w.text(20, y + 2, "Compétences choisies :");
    y += 8;
    w.font(w.regular(), 8);
    for (const auto& [code, title] : d.competences) {
        y = w.lines(24, y, 165, "•  " + code + " — " + title, 3.8);
        if (y > 240)
            break;
    }
    w.font(w.regular(), 8);
    w.box(layout::evaluatorSignature(), 0.3);
    w.text(75, 254, "Signature et cachet de l'entreprise");
    w.box(layout::candidateSignature(), 0.3);
    w.text(135, 254, "Signature du candidat");
}

}  // namespace

std::string renderOutil4(const Outil4Data& d, const FontSet& fonts)
{
    FormWriter w{fonts};
    drawOutil4(w, d);
    if (!d.token.empty()) {
        w.canvas().endPage();
        addOutil4Fields(w.canvas(), d);
    }
    return w.finish("Outil n°4 — candidature n°" + std::to_string(d.candidature));
}

std::string renderOutil6(const Outil6Data& d, const FontSet& fonts)
{
    FormWriter w{fonts};
    drawOutil6(w, d);
    return w.finish("Outil n°6 — candidature n°" + std::to_string(d.candidature));
}

std::vector<FormTextRun> outil4Text(const Outil4Data& d, const FontSet& fonts)
{
    std::vector<FormTextRun> runs;
    FormWriter w{fonts, &runs};
    drawOutil4(w, d);
    return runs;
}

std::vector<FormTextRun> outil6Text(const Outil6Data& d, const FontSet& fonts)
{
    std::vector<FormTextRun> runs;
    FormWriter w{fonts, &runs};
    drawOutil6(w, d);
    return runs;
}

std::vector<std::pair<std::string, std::string>> outil6Fields(const Outil6Data& d)
{
    return {{"Nom de naissance", d.nomNaissance}, {"Nom d'usage", d.nomUsage},
            {"Prénoms", d.prenoms},                {"Sexe", d.sexe},
            {"Date de naissance", d.dateNaissance}, {"Lieu de naissance", d.lieuNaissance},
            {"Entreprise", d.company},             {"SIRET de l'établissement", d.siret}};
}

}  // namespace cqp::render
