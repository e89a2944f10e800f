#pragma once

#include "cqp/repositories/Id.h"
#include "cqp/render/FillableForms.h"
#include "cqp/render/Forms.h"
#include "cqp/rules/Date.h"
#include "cqp/rules/Deadlines.h"
#include "cqp/rules/Referential.h"

#include <optional>
#include <string>

namespace cqp::pipeline {

class Store;

/// The pre-filled outil n°4 (guide d'évaluation) or n°6 (dossier de candidature) of a
/// candidature, as a printable PDF. Throws StoreError for an unknown candidature.
/// `typedDate` fills the evaluation date of outil n°4 (a form completed on a computer).
std::string renderForm(Store& store, const rules::Referential& referential, Id candidatureId, int outil,
                       const std::string& typedDate = "");

/// The fillable form `form` (rules::fillable kind name) for `dossier`, pre-filled from the store
/// and carrying the recipient's invitation `token`: what an invited person fills in and sends
/// back. Throws NotFoundError for an unknown dossier or token.
std::string renderFillable(Store& store, const rules::Referential& referential, const std::string& form, Id dossier,
                           const std::string& token, rules::Date today, const rules::Deadlines& deadlines);
/// A new form token for the form `kind` about `dossier` (a candidature, or an account for
/// rules::fillable::boundToAccount), bound to `recipient` until `expiresOn`; only its SHA-256 is
/// stored. What the form's hidden field carries.
std::string issueFormToken(Store& store, rules::fillable::FormKind kind, Id dossier, const std::string& recipient, rules::Date today,
                           rules::Date expiresOn);
/// The form `kind` a mail about `candidature` carries (rules::fillable::formsMailedWith), its
/// token issued now for its recipient — the évaluateur habilité, or the company's first address
/// for the jury registration — and the PDF rendered; nothing when the dossier has no such
/// recipient. Inside the sending transaction.
std::optional<std::string> renderMailedForm(Store& store, const rules::Referential& referential, rules::fillable::FormKind kind,
                                            Id candidature, rules::Date today, const rules::Deadlines& deadlines);
/// A blank form (rules::fillable::isBlank: the account request), for anyone.
std::string blankForm(rules::fillable::FormKind kind);
/// Its file name in the mail: "observations-metier-candidature-12.pdf".
std::string fillableFileName(const std::string& form, Id dossier);

/// What the outil n°6 of a candidature prints (also what its scan must say). Throws StoreError
/// for an unknown candidature.
render::Outil6Data outil6Data(Store& store, const rules::Referential& referential, Id candidatureId);
render::Outil4Data outil4Data(Store& store, const rules::Referential& referential, Id candidatureId);

/// The fonts the workflow's PDFs are made with (forms, scan archives, the guide), looked up once
/// per process. Throws render::RenderError when none is installed.
const render::FontSet& workflowFonts();

/// The text the form of a candidature prints, run by run (render::outil4Text, outil6Text):
/// what the archive of its scan says where the scan shows it.
std::vector<render::FormTextRun> formText(Store& store, const rules::Referential& referential, Id candidatureId, int outil);

/// The submissions guide (docs/submissions.md) as a stored PDF, rendered once per process and
/// stored once per content: the document a letter that refers to it carries.
Id guideDocument(Store& store, rules::Date today);

}  // namespace cqp::pipeline
