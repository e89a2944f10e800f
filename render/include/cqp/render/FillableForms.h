#pragma once

#include "cqp/render/Fonts.h"
#include "cqp/rules/FillableForms.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace cqp::render {

/// One fillable form (rules::fillable), pre-filled for its recipient.
struct FillableFormData {
    rules::fillable::FormKind kind = rules::fillable::FormKind::ObservationsMetier;
    long long dossier = 0;    ///< the candidature (observations) or the candidate (saisie) it is for
    std::string token;        ///< the recipient's invitation token (hidden field)
    std::string title;        ///< "Observations de l'évaluateur métier"
    std::vector<std::pair<std::string, std::string>> context;  ///< label, value: who and what it is about
    std::map<std::string, std::string> values;                 ///< pre-filled values, by field name
    /// The choices of a field offered when rendered (export value, what is shown), by field name.
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> choices;
    std::string recipient;    ///< the address it is sent to: the reply must come from it ("": anyone's blank form)
    std::string expiresOn;    ///< JJ/MM/AAAA
    /// Reference pages after the fields (the competences of each CQP): a heading and its lines.
    std::vector<std::pair<std::string, std::vector<std::string>>> appendix;
    std::string appendixTitle;  ///< printed above the reference pages, with what they are for
};

/// An A4 PDF with AcroForm fields (text, multi-line text, choice) that any PDF reader fills in
/// (Acrobat Reader, a browser, Evince, Aperçu): each field labelled as printed, with its
/// tooltip, its length limit and its place in the tab order; the form's kind, version, dossier
/// and token in hidden read-only fields. No script, no action. As many pages as its fields need.
std::string renderFillableForm(const FillableFormData& data, const FontSet& fonts);

}  // namespace cqp::render
