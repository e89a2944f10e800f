#pragma once

#include "cqp/ingest/Submission.h"
#include "cqp/rules/FillableForms.h"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cqp::ingest {

/// A filled fillable form (rules::fillable) read back from its PDF: what it says, as the same
/// typed submission a signed XML document would make.
class FormSubmission : public SubmittedDocument {
public:
    SubmissionKind kind() const override { return kind_; }
    const SubmissionBody& body() const override { return body_; }
    /// « Date de naissance : message » — the field as the form labels it.
    std::string locate(std::string_view element, const std::string& message, int index = 0) const override;
    std::string_view channel() const override { return channel_; }
    /// How it came, when not as a filled PDF: "formulaire scanné" (printed or flattened, then read).
    void setChannel(std::string channel) { channel_ = std::move(channel); }

    rules::fillable::FormKind form() const { return form_; }
    long long dossier() const { return dossier_; }
    const std::string& token() const { return token_; }
    /// Kind, version, dossier, token and every field's value, one per line in a fixed order:
    /// two files that say the same are the same submission, whatever their bytes.
    std::string canonicalForm() const;

    FormSubmission(rules::fillable::FormKind form, long long dossier, std::string token, SubmissionBody body,
                   std::map<std::string, std::string> values);

private:
    rules::fillable::FormKind form_;
    SubmissionKind kind_;
    long long dossier_;
    std::string token_;
    SubmissionBody body_;
    std::map<std::string, std::string> values_;
    std::string channel_ = "formulaire PDF";
};

struct FormReadResult {
    /// False: the PDF carries no form of ours (a scan, another PDF) — read it as a scan.
    bool isForm = false;
    std::unique_ptr<FormSubmission> submission;  ///< set when it is a form and nothing is wrong
    std::vector<std::string> problems;           ///< French, each naming the field as labelled
};

/// Reads a PDF's AcroForm field values (PoDoFo; nothing of the file is run: no script, no
/// action, no appearance) and, when its hidden fields say it is one of our forms, checks every
/// value (length, control characters, dates, choices) and makes its typed submission.
/// An encrypted or damaged PDF that claims to be one of our forms is a problem, not a crash.
FormReadResult readFilledForm(std::string_view pdf);

/// The same, from raw field values by name (hidden fields included): what a filled form's
/// AcroForm says, or what was read on its printed or flattened copy (ingest::readFillablePage).
FormReadResult readFormValues(std::map<std::string, std::string> raw);

/// The raw field values of a PDF's AcroForm, by full field name ("parent.child"); empty when
/// it has none. Throws std::runtime_error (French) for a PDF that cannot be read.
std::map<std::string, std::string> readFormFields(std::string_view pdf);

}  // namespace cqp::ingest
