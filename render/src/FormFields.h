#pragma once

// Private: AcroForm fields over a page drawn with PoDoFo, shared by the fillable forms.

#include "cqp/rules/FillableForms.h"

#include <podofo/podofo.h>

#include <string>
#include <utility>
#include <vector>

namespace cqp::render::detail {

/// The document's AcroForm, with Helvetica (WinAnsi: every French letter) as /Helv and
/// ZapfDingbats as /ZaDb in its resources, and readers asked to draw the typed values.
PoDoFo::PdfAcroForm& acroForm(PoDoFo::PdfMemDocument& document);

struct TextFieldSpec {
    std::string name;
    std::string tooltip;  ///< its accessible name (what a screen reader says)
    int maxLength = 0;    ///< characters; 0: no limit
    bool multiLine = false;
    double fontSize = 10;
    std::string value;
    /// The font a pre-filled value is drawn with in the field's own appearance (so that it shows
    /// when printed or flattened by a reader that does not redraw fields); none: no appearance.
    PoDoFo::PdfFont* font = nullptr;
};
void textField(PoDoFo::PdfMemDocument& document, PoDoFo::PdfPage* page, const PoDoFo::PdfRect& at, const TextFieldSpec& spec);
/// A drop-down list of (export value, what is shown).
void choiceField(PoDoFo::PdfMemDocument& document, PoDoFo::PdfPage* page, const PoDoFo::PdfRect& at, const std::string& name,
                 const std::string& tooltip, const std::vector<std::pair<std::string, std::string>>& choices,
                 const std::string& value, PoDoFo::PdfFont* font = nullptr);
/// A radio group: one button per (place, export value); drawn as a cross when chosen.
void radioGroup(PoDoFo::PdfMemDocument& document, PoDoFo::PdfPage* page, const std::string& name, const std::string& tooltip,
                const std::vector<std::pair<PoDoFo::PdfRect, std::string>>& buttons);
/// The read-only fields no reader shows nor prints that say which form it is: its kind,
/// version, dossier and token (rules::fillable).
void hiddenFields(PoDoFo::PdfMemDocument& document, PoDoFo::PdfPage* page, rules::fillable::FormKind kind, long long dossier,
                  const std::string& token);

}  // namespace cqp::render::detail
