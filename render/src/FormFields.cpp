#include "FormFields.h"

#include "PdfText.h"

namespace cqp::render::detail {

using namespace PoDoFo;

namespace {

PdfObject* standardFont(PdfMemDocument& document, const char* name, bool winAnsi)
{
    PdfObject* font = document.GetObjects().CreateObject("Font");
    font->GetDictionary().AddKey(PdfName::KeySubtype, PdfName("Type1"));
    font->GetDictionary().AddKey("BaseFont", PdfName(name));
    if (winAnsi)
        font->GetDictionary().AddKey("Encoding", PdfName("WinAnsiEncoding"));
    return font;
}

void look(PdfField& field, double fontSize)
{
    field.GetWidgetAnnotation()->SetFlags(ePdfAnnotationFlags_Print);  // printed with the page, kept when flattened
    field.GetFieldObject()->GetDictionary().AddKey("DA", PdfString("/Helv " + std::to_string(static_cast<int>(fontSize)) + " Tf 0 g"));
    field.SetBorderColor(0.35);  // no background: what the page prints under a field stays visible
}

// The field's normal appearance showing `text`: what prints, and what a flattening keeps.
void valueAppearance(PdfMemDocument& document, PdfField& field, const PdfRect& at, PdfFont* font, double size, const std::string& text,
                     bool multiLine)
{
    if (!font || text.empty())
        return;
    PdfXObject appearance{PdfRect{0, 0, at.GetWidth(), at.GetHeight()}, &document};
    {
        PdfPainter painter;
        painter.SetPage(&appearance);
        font->SetFontSize(static_cast<float>(size));
        painter.SetFont(font);
        painter.SetColor(0, 0, 0);
        const double pad = 2;
        if (multiLine) {
            double y = at.GetHeight() - pad - size;
            for (const auto& line : wrapText(*font, text, at.GetWidth() - 2 * pad)) {
                if (y < pad)
                    break;
                painter.DrawText(pad, y, pdfText(line));
                y -= size * 1.15;
            }
        } else {
            painter.DrawText(pad, (at.GetHeight() - size * 0.7) / 2, pdfText(text));
        }
        painter.FinishPage();
    }
    PdfDictionary appearances;
    appearances.AddKey("N", appearance.GetObject()->Reference());
    field.GetWidgetAnnotation()->GetObject()->GetDictionary().AddKey("AP", appearances);
}

}  // namespace

PdfAcroForm& acroForm(PdfMemDocument& document)
{
    const bool fresh = document.GetAcroForm(false) == nullptr;
    PdfAcroForm* form = document.GetAcroForm(true, ePdfAcroFormDefaultAppearance_None);
    if (fresh) {
        PdfDictionary fonts;
        fonts.AddKey("Helv", standardFont(document, "Helvetica", true)->Reference());
        fonts.AddKey("ZaDb", standardFont(document, "ZapfDingbats", false)->Reference());
        PdfDictionary resources;
        resources.AddKey("Font", fonts);
        form->GetObject()->GetDictionary().AddKey("DR", resources);
        form->GetObject()->GetDictionary().AddKey("DA", PdfString("/Helv 10 Tf 0 g"));
        form->SetNeedAppearances(true);
    }
    return *form;
}

void textField(PdfMemDocument& document, PdfPage* page, const PdfRect& at, const TextFieldSpec& spec)
{
    acroForm(document);
    PdfTextField field{page, at, &document};
    field.SetFieldName(PdfString(spec.name));
    field.SetAlternateName(pdfText(spec.tooltip));
    if (spec.maxLength > 0)
        field.SetMaxLen(spec.maxLength);
    field.SetMultiLine(spec.multiLine);
    if (!spec.value.empty())
        field.SetText(pdfText(spec.value));
    look(field, spec.fontSize);
    valueAppearance(document, field, at, spec.font, spec.fontSize, spec.value, spec.multiLine);
}

void choiceField(PdfMemDocument& document, PdfPage* page, const PdfRect& at, const std::string& name, const std::string& tooltip,
                 const std::vector<std::pair<std::string, std::string>>& choices, const std::string& value, PdfFont* font)
{
    acroForm(document);
    PdfComboBox field{page, at, &document};
    field.SetFieldName(PdfString(name));
    field.SetAlternateName(pdfText(tooltip));
    for (const auto& [exported, shown] : choices)
        field.InsertItem(pdfText(exported), pdfText(shown));
    for (std::size_t i = 0; i < choices.size(); ++i)
        if (choices[i].first == value) {
            field.SetSelectedItem(static_cast<int>(i));
            valueAppearance(document, field, at, font, 10, choices[i].second, false);
        }
    look(field, 10);
}

void radioGroup(PdfMemDocument& document, PdfPage* page, const std::string& name, const std::string& tooltip,
                const std::vector<std::pair<PdfRect, std::string>>& buttons)
{
    PdfAcroForm& form = acroForm(document);
    PdfObject* parent = document.GetObjects().CreateObject();
    auto& group = parent->GetDictionary();
    group.AddKey("FT", PdfName("Btn"));
    group.AddKey("Ff", PdfVariant(static_cast<pdf_int64>((1 << 15) | (1 << 14))));  // radio, no toggle to off
    group.AddKey("T", PdfString(name));
    group.AddKey("TU", pdfText(tooltip));
    group.AddKey("V", PdfName("Off"));
    PdfArray kids;
    for (const auto& [at, value] : buttons) {
        const PdfRect box{0, 0, at.GetWidth(), at.GetHeight()};
        // Chosen: a cross, as a pen would tick it (a filled box would read as cancelled).
        PdfXObject on{box, &document};
        {
            PdfPainter painter;
            painter.SetPage(&on);
            painter.SetStrokeWidth(1.4);
            const double m = at.GetWidth() * 0.18;
            painter.DrawLine(m, m, at.GetWidth() - m, at.GetHeight() - m);
            painter.DrawLine(m, at.GetHeight() - m, at.GetWidth() - m, m);
            painter.FinishPage();
        }
        PdfXObject off{box, &document};
        {
            PdfPainter painter;
            painter.SetPage(&off);
            painter.FinishPage();
        }
        PdfAnnotation* widget = page->CreateAnnotation(ePdfAnnotation_Widget, at);
        widget->SetFlags(ePdfAnnotationFlags_Print);
        auto& w = widget->GetObject()->GetDictionary();
        w.AddKey("Parent", parent->Reference());
        w.AddKey("AS", PdfName("Off"));
        PdfDictionary normal;
        normal.AddKey(PdfName(value), on.GetObject()->Reference());
        normal.AddKey("Off", off.GetObject()->Reference());
        PdfDictionary appearances;
        appearances.AddKey("N", normal);
        w.AddKey("AP", appearances);
        PdfDictionary mk;
        mk.AddKey("CA", PdfString("8"));  // ZapfDingbats cross, for readers that redraw it
        w.AddKey("MK", mk);
        w.AddKey("DA", PdfString("/ZaDb 0 Tf 0 g"));
        kids.push_back(widget->GetObject()->Reference());
    }
    group.AddKey("Kids", kids);
    PdfObject* fields = form.GetObject()->GetDictionary().GetKey("Fields");
    if (!fields) {
        form.GetObject()->GetDictionary().AddKey("Fields", PdfArray{});
        fields = form.GetObject()->GetDictionary().GetKey("Fields");
    }
    fields->GetArray().push_back(parent->Reference());
}

void hiddenFields(PdfMemDocument& document, PdfPage* page, rules::fillable::FormKind kind, long long dossier, const std::string& token)
{
    namespace fillable = rules::fillable;
    acroForm(document);
    const std::pair<std::string_view, std::string> hidden[] = {{fillable::kindField, std::string{fillable::kindName(kind)}},
                                                               {fillable::versionField, std::string{fillable::version}},
                                                               {fillable::dossierField, std::to_string(dossier)},
                                                               {fillable::tokenField, token}};
    for (const auto& [name, value] : hidden) {
        PdfTextField field{page, PdfRect{0, 0, 0, 0}, &document};
        field.SetFieldName(PdfString(std::string{name}));
        field.SetText(pdfText(value));
        field.SetReadOnly(true);
        field.GetWidgetAnnotation()->SetFlags(ePdfAnnotationFlags_Hidden | ePdfAnnotationFlags_NoView);
    }
}

}  // namespace cqp::render::detail
