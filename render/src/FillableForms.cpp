#include "cqp/render/FillableForms.h"

#include "Canvas.h"
#include "FormFields.h"
#include "PdfText.h"

#include <podofo/podofo.h>

namespace cqp::render {

using namespace PoDoFo;
namespace fillable = rules::fillable;

namespace {

constexpr double pt = detail::mm;
constexpr double left = 20, right = 190;  // mm
// The QR code sits top right (rules::formLayout::qr): text beside it stops short of it, and the
// fields of every page start below it.
constexpr double textRight = 155, belowCode = 55;
constexpr double pageHeight = 297;

PdfRect rectMm(double x, double top, double width, double height)
{
    return PdfRect{x * pt, (pageHeight - top - height) * pt, width * pt, height * pt};
}

}  // namespace

namespace {

// One page of a fillable form, drawn top to bottom.
class FormPage {
public:
    FormPage(const FontSet& fonts, const FillableFormData& d) : canvas{fonts}, kind{d.kind}, dossier{d.dossier}, token{d.token}
    {
        newPage();
    }

    void newPage()
    {
        if (page)
            footer();
        canvas.newPage(PdfRect{0, 0, detail::a4Width, detail::a4Height});
        page = canvas.page;
        page->GetObject()->GetDictionary().AddKey("Tabs", PdfName("R"));  // tab order: rows, top to bottom
        // Printed (or flattened) and scanned, the page is still known and its fields found.
        canvas.formMarks(fillable::encodeFillableCode({kind, dossier, token, canvas.pages}));
    }

    void footer()
    {
        canvas.painter.SetColor(0, 0, 0);
        canvas.setFont(canvas.regular, 7.5);
        text(left, 282, "* champ obligatoire.");
        text(left, 287, "Formulaire « " + std::string{fillable::kindName(kind)} + " » v" + std::string{fillable::version} +
                            (dossier ? " — dossier n°" + std::to_string(dossier) + " — ce formulaire vous est personnel : ne le "
                                                                                   "transférez pas."
                                     : " — à renvoyer rempli, en pièce jointe, au secrétariat des CQP.") +
                            "  Page " + std::to_string(canvas.pages));
    }

    void text(double x, double y, const std::string& s) { canvas.painter.DrawText(x * pt, (pageHeight - y) * pt, detail::pdfText(s)); }

    double lines(double x, double y, double width, const std::string& s, double leading)
    {
        for (const auto& line : canvas.wrap(s, width * pt)) {
            text(x, y, line);
            y += leading;
        }
        return y;
    }

    // Title, whose dossier it is, and how to fill it and send it back, in two sentences.
    double heading(const FillableFormData& d)
    {
        auto& painter = canvas.painter;
        painter.SetColor(0, 0, 0);
        canvas.setFont(canvas.bold, 8);
        text(left, 16, "CQP des Industries Chimiques — secrétariat de la CPNE");
        canvas.setFont(canvas.bold, 15);
        double y = lines(left, 27, textRight - left, d.title, 6.5) + 2;
        for (const auto& [label, value] : d.context) {
            canvas.setFont(canvas.regular, 9.5);
            text(left, y, label + " :");
            canvas.setFont(canvas.bold, 9.5);
            y = lines(left + 42, y, textRight - left - 42, value, 4.6) + 0.6;
        }
        y = std::max(y + 3, belowCode);
        painter.SetColor(0.93, 0.95, 0.99);
        painter.Rectangle(left * pt, (pageHeight - y - 17) * pt, (right - left) * pt, 17 * pt);
        painter.Fill();
        painter.SetColor(0, 0, 0);
        canvas.setFont(canvas.regular, 9);
        lines(left + 3, y + 5.5, right - left - 6,
              "Remplissez les champs ci-dessous dans votre lecteur PDF (Adobe Acrobat Reader, votre navigateur, Aperçu…), puis "
              "enregistrez le fichier. " +
                  (d.recipient.empty() ? std::string{"Renvoyez-le en pièce jointe au secrétariat des CQP, depuis l'adresse "
                                                     "électronique qui sera celle du compte."}
                                       : "Renvoyez-le en pièce jointe en répondant au courriel qui vous l'a apporté, depuis "
                                         "l'adresse " + d.recipient + (d.expiresOn.empty() ? "." : ", avant le " + d.expiresOn + ".")),
              4.4);
        return y + 25;
    }

    // A field with its label above and its hint below; returns where the next one starts.
    double field(const fillable::FieldSpec& spec, const FillableFormData& d, double y)
    {
        const std::string name{spec.name};
        const bool multi = spec.type == fillable::FieldType::MultiLine;
        const double height = multi ? (spec.maxLength >= 4000 ? 95 : 24) : 8;
        if (y + height + (spec.section.empty() ? 12 : 22) > 276) {
            newPage();
            y = belowCode + 2;
        }
        if (!spec.section.empty()) {
            y += 3;
            canvas.setFont(canvas.bold, 11.5);
            text(left, y, std::string{spec.section});
            canvas.painter.SetStrokingColor(0.55, 0.58, 0.65);
            canvas.painter.DrawLine(left * pt, (pageHeight - y - 1.8) * pt, right * pt, (pageHeight - y - 1.8) * pt);
            canvas.painter.SetStrokingColor(0, 0, 0);
            y += 8;
        }
        canvas.setFont(canvas.bold, 9.5);
        text(left, y, std::string{spec.label} + (spec.required ? " *" : ""));
        y += 2;
        const bool listed = d.choices.count(name) > 0;  // choices offered when rendered: long, the whole width
        const double width = spec.type == fillable::FieldType::Date || (spec.type == fillable::FieldType::Choice && !listed) ? 45
                             : spec.maxLength <= 5                                                                          ? 30
                                                                                                                            : right - left;
        const auto at = rectMm(left, y, width, height);
        auto& painter = canvas.painter;
        painter.SetStrokingColor(0.3, 0.32, 0.38);  // the box printed too: seen in every reader, on paper, by the scan reader
        painter.SetStrokeWidth(0.6);
        painter.Rectangle(at.GetLeft(), at.GetBottom(), at.GetWidth(), at.GetHeight());
        painter.Stroke();
        painter.SetStrokingColor(0, 0, 0);
        const auto value = d.values.find(name);
        const std::string given = value == d.values.end() ? "" : value->second;
        const std::string tooltip = std::string{spec.label} + (spec.hint.empty() ? "" : " — " + std::string{spec.hint});
        if (spec.type == fillable::FieldType::Choice) {
            auto offered = listed ? d.choices.at(name) : std::vector<std::pair<std::string, std::string>>{};
            for (const auto choice : spec.choices)
                offered.emplace_back(std::string{choice}, std::string{choice});
            detail::choiceField(canvas.document, page, at, name, tooltip, offered, given, canvas.regular);
        } else {
            detail::textField(canvas.document, page, at, {name, tooltip, spec.maxLength, multi, multi ? 10.0 : 12.0, given, canvas.regular});
        }
        y += height + 3.5;
        if (!spec.hint.empty()) {
            painter.SetColor(0.3, 0.3, 0.3);
            canvas.setFont(canvas.regular, 7.5);
            y = lines(left, y, right - left, std::string{spec.hint}, 3.4) + 0.1;
            painter.SetColor(0, 0, 0);
        }
        return y + 3;
    }

    // Reference pages: each heading, then its lines in two columns' width.
    void appendix(const FillableFormData& d)
    {
        newPage();
        canvas.setFont(canvas.bold, 13);
        double y = lines(left, 30, textRight - left, d.appendixTitle, 5.8) + 2;
        y = std::max(y, belowCode + 2);
        for (const auto& [heading, entries] : d.appendix) {
            if (y > 262) {
                newPage();
                y = belowCode + 2;
            }
            canvas.setFont(canvas.bold, 9.5);
            y = lines(left, y, right - left, heading, 4.4) + 0.6;
            canvas.setFont(canvas.regular, 8.5);
            for (const auto& entry : entries) {
                if (y > 272) {
                    newPage();
                    y = belowCode + 2;
                }
                y = lines(left + 4, y, right - left - 4, entry, 3.9);
            }
            y += 3;
        }
    }

    detail::Canvas canvas;
    PdfPage* page = nullptr;
    fillable::FormKind kind;
    long long dossier;
    std::string token;
};

}  // namespace

std::string renderFillableForm(const FillableFormData& d, const FontSet& fonts)
{
    FormPage form{fonts, d};
    detail::hiddenFields(form.canvas.document, form.page, d.kind, d.dossier, d.token);  // on the first page, made now
    double y = form.heading(d);
    for (const auto& spec : fillable::fields(d.kind))
        y = form.field(spec, d, y);
    if (!d.appendix.empty())
        form.appendix(d);
    form.footer();
    return form.canvas.finish(d.title);
}

}  // namespace cqp::render
