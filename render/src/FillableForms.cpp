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
constexpr double pageHeight = 297;

PdfRect rectMm(double x, double top, double width, double height)
{
    return PdfRect{x * pt, (pageHeight - top - height) * pt, width * pt, height * pt};
}

}  // namespace

std::string renderFillableForm(const FillableFormData& d, const FontSet& fonts)
{
    detail::Canvas canvas{fonts};
    canvas.newPage(PdfRect{0, 0, detail::a4Width, detail::a4Height});
    PdfPage* page = canvas.page;
    page->GetObject()->GetDictionary().AddKey("Tabs", PdfName("R"));  // tab order: rows, top to bottom
    auto& painter = canvas.painter;
    const auto text = [&](double x, double y, const std::string& s) {
        painter.DrawText(x * pt, (pageHeight - y) * pt, detail::pdfText(s));
    };
    const auto lines = [&](double x, double y, double width, const std::string& s, double leading) {
        for (const auto& line : canvas.wrap(s, width * pt)) {
            text(x, y, line);
            y += leading;
        }
        return y;
    };

    painter.SetColor(0, 0, 0);
    canvas.setFont(canvas.bold, 8);
    text(left, 16, "CQP des Industries Chimiques — secrétariat de la CPNE");
    canvas.setFont(canvas.bold, 15);
    double y = lines(left, 27, right - left, d.title, 6.5);
    canvas.setFont(canvas.regular, 9.5);
    y += 2;
    for (const auto& [label, value] : d.context) {
        canvas.setFont(canvas.regular, 9.5);
        text(left, y, label + " :");
        canvas.setFont(canvas.bold, 9.5);
        y = lines(left + 42, y, right - left - 42, value, 4.6) + 0.6;
    }

    // How to fill it and send it back, in two sentences.
    y += 3;
    painter.SetColor(0.93, 0.95, 0.99);
    painter.Rectangle(left * pt, (pageHeight - y - 17) * pt, (right - left) * pt, 17 * pt);
    painter.Fill();
    painter.SetColor(0, 0, 0);
    canvas.setFont(canvas.regular, 9);
    lines(left + 3, y + 5.5, right - left - 6,
          "Remplissez les champs ci-dessous dans votre lecteur PDF (Adobe Acrobat Reader, votre navigateur, Aperçu…), puis "
          "enregistrez le fichier. Renvoyez-le en pièce jointe en répondant au courriel qui vous l'a apporté, depuis l'adresse " +
              d.recipient + (d.expiresOn.empty() ? "." : ", avant le " + d.expiresOn + "."),
          4.4);
    y += 25;

    for (const auto& spec : fillable::fields(d.kind)) {
        const std::string label = std::string{spec.label} + (spec.required ? " *" : "");
        canvas.setFont(canvas.bold, 9.5);
        text(left, y, label);
        y += 2;
        const bool multi = spec.type == fillable::FieldType::MultiLine;
        const double height = multi ? 95 : 8;
        const bool listed = d.choices.count(std::string{spec.name}) > 0;  // long choices: the whole width
        const double width = spec.type == fillable::FieldType::Date || (spec.type == fillable::FieldType::Choice && !listed) ? 45
                             : spec.maxLength <= 5                                                            ? 30
                                                                                                              : right - left;
        const auto at = rectMm(left, y, width, height);
        // The box printed on the page too: seen in every reader, and on paper.
        painter.SetStrokingColor(0.55, 0.58, 0.65);
        painter.SetStrokeWidth(0.6);
        painter.Rectangle(at.GetLeft(), at.GetBottom(), at.GetWidth(), at.GetHeight());
        painter.Stroke();
        painter.SetStrokingColor(0, 0, 0);
        const auto value = d.values.find(std::string{spec.name});
        const std::string given = value == d.values.end() ? "" : value->second;
        const std::string tooltip = std::string{spec.label} + (spec.hint.empty() ? "" : " — " + std::string{spec.hint});
        if (spec.type == fillable::FieldType::Choice) {
            std::vector<std::pair<std::string, std::string>> offered;
            if (const auto dynamic = d.choices.find(std::string{spec.name}); dynamic != d.choices.end())
                offered = dynamic->second;
            for (const auto choice : spec.choices)
                offered.emplace_back(std::string{choice}, std::string{choice});
            detail::choiceField(canvas.document, page, at, std::string{spec.name}, tooltip, offered, given);
        }
        else
            detail::textField(canvas.document, page, at, {std::string{spec.name}, tooltip, spec.maxLength, multi, 10, given});
        y += height + 3.5;
        if (!spec.hint.empty()) {
            painter.SetColor(0.3, 0.3, 0.3);
            canvas.setFont(canvas.regular, 7.5);
            text(left, y, std::string{spec.hint});
            painter.SetColor(0, 0, 0);
            y += 3.5;
        }
        y += 3;
    }
    canvas.setFont(canvas.regular, 7.5);
    text(left, 282, "* champ obligatoire.");
    text(left, 287, "Formulaire « " + std::string{fillable::kindName(d.kind)} + " » v" + std::string{fillable::version} +
                        " — dossier n°" + std::to_string(d.dossier) + " — ce formulaire vous est personnel : ne le transférez pas.");

    detail::hiddenField(canvas.document, page, std::string{fillable::kindField}, std::string{fillable::kindName(d.kind)});
    detail::hiddenField(canvas.document, page, std::string{fillable::versionField}, std::string{fillable::version});
    detail::hiddenField(canvas.document, page, std::string{fillable::dossierField}, std::to_string(d.dossier));
    detail::hiddenField(canvas.document, page, std::string{fillable::tokenField}, d.token);
    return canvas.finish(d.title);
}

}  // namespace cqp::render
