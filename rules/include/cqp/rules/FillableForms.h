#pragma once

// The fillable PDF forms (AcroForm) `cqp` mails to the persons who act in the process and reads
// back when they return them: which fields each kind has, their labels as the form prints them,
// their limits, and the hidden fields that say which form it is. One place that both the
// renderer and the reader use, so that what is asked is what is read.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cqp::rules::fillable {

enum class FormKind {
    ObservationsMetier,  ///< the évaluateur métier's observations on a candidature
    SaisieCandidat,      ///< the candidate's own civil status, when the company invites them
};

/// The form's name in its hidden field ("observationsMetier"); the version of its fields.
std::string_view kindName(FormKind kind);
std::optional<FormKind> kindNamed(std::string_view name);
inline constexpr std::string_view version = "1";

/// The hidden fields every form carries (read-only, not printed).
inline constexpr std::string_view kindField = "cqp_formulaire";
inline constexpr std::string_view versionField = "cqp_version";
inline constexpr std::string_view dossierField = "cqp_dossier";  ///< candidature or candidate number
inline constexpr std::string_view tokenField = "cqp_jeton";

enum class FieldType { Text, MultiLine, Date, Choice };

struct FieldSpec {
    std::string_view name;     ///< the AcroForm field name
    std::string_view label;    ///< as printed beside the field, and named in refusals
    std::string_view element;  ///< the element of the XML schema it stands for (where rules refuse)
    FieldType type = FieldType::Text;
    int maxLength = 200;       ///< in characters
    bool required = true;
    std::vector<std::string_view> choices;  ///< FieldType::Choice: the values offered
    std::string_view hint;     ///< printed under the field ("JJ/MM/AAAA")
};

/// The person-entered fields of `kind`, in the order of the page (the tab order).
const std::vector<FieldSpec>& fields(FormKind kind);
/// The field that stands for `element` in `kind`, if any.
const FieldSpec* fieldFor(FormKind kind, std::string_view element);

}  // namespace cqp::rules::fillable
