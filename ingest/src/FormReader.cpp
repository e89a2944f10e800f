#include "cqp/ingest/FormReader.h"

#include "FormValues.h"

#include "cqp/ingest/FormScan.h"

#include <cmath>

#include <podofo/podofo.h>

#include <algorithm>
#include <set>
#include <stdexcept>

namespace cqp::ingest {

using namespace PoDoFo;
using namespace detail;
namespace fillable = rules::fillable;

namespace {

constexpr std::size_t maxPdfBytes = 20 * 1024 * 1024;
constexpr std::size_t maxFields = 300;
constexpr int maxDepth = 8;
constexpr std::size_t maxRawValue = 64 * 1024;

std::string valueOf(const PdfObject* v)
{
    if (!v)
        return {};
    if (v->IsString() || v->IsHexString())
        return v->GetString().GetStringUtf8();
    if (v->IsName())
        return v->GetName().GetName() == "Off" ? std::string{} : v->GetName().GetName();
    if (v->IsArray() && !v->GetArray().empty() && !v->GetArray()[0].IsArray())  // several choices: the first (one level)
        return valueOf(&v->GetArray()[0]);
    return {};
}

// The terminal fields under `object` (a field dictionary, reached by reference), by full name.
// Only names and values are read: no appearance, no action, no page is looked at.
void collect(PdfVecObjects& objects, const PdfObject* object, const std::string& parent, const PdfObject* inheritedValue,
             int depth, std::set<PdfReference>& seen, std::map<std::string, std::string>& out)
{
    if (depth > maxDepth || out.size() >= maxFields)
        return;
    if (object && object->IsReference()) {
        if (!seen.insert(object->GetReference()).second)
            return;  // a loop, or a field listed twice
        object = objects.GetObject(object->GetReference());
    }
    if (!object || !object->IsDictionary())
        return;
    const auto& dict = object->GetDictionary();
    std::string name = parent;
    if (const auto* t = dict.GetKey("T"); t && (t->IsString() || t->IsHexString()))
        name = (parent.empty() ? "" : parent + ".") + t->GetString().GetStringUtf8();
    const PdfObject* value = dict.GetKey("V");
    if (value && value->IsReference())
        value = objects.GetObject(value->GetReference());
    if (!value)
        value = inheritedValue;
    const PdfObject* kids = dict.GetKey("Kids");
    if (kids && kids->IsReference())
        kids = objects.GetObject(kids->GetReference());
    bool hasFieldKids = false;
    if (kids && kids->IsArray())
        for (const auto& kid : kids->GetArray()) {
            const PdfObject* k = kid.IsReference() ? objects.GetObject(kid.GetReference()) : &kid;
            if (k && k->IsDictionary() && k->GetDictionary().HasKey("T")) {
                hasFieldKids = true;
                collect(objects, &kid, name, value, depth + 1, seen, out);
            }
        }
    if (!hasFieldKids && !name.empty())
        out[name] = valueOf(value).substr(0, maxRawValue);
}

// Outil n°4: one result per competence the form carries (its radio group), with its comment.
std::vector<ResultLine> readResults(const std::map<std::string, std::string>& raw, std::map<std::string, std::string>& values,
                                    std::vector<std::string>& problems)
{
    std::vector<ResultLine> results;
    const std::string prefix = fillable::resultField("");
    for (const auto& [name, value] : raw) {
        if (name.rfind(prefix, 0) != 0)
            continue;
        const std::string code = name.substr(prefix.size());
        if (code.empty() || code.size() > 40 ||
            !std::all_of(code.begin(), code.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }))
            continue;  // not a competence of ours: ignored, the rules say what is missing
        std::string v = value;
        if (!v.empty() && v[0] == '/')
            v = v.substr(1);
        if (v != fillable::acquis && v != fillable::nonAcquis) {
            problems.push_back(code + " : cochez « Acquis » ou « Non acquis ».");
            continue;
        }
        const auto c = raw.find(fillable::commentField(code));
        const std::string label = "Commentaire de l'évaluateur (" + code + ")";
        const fillable::FieldSpec spec{"", label, "commentaire", fillable::FieldType::MultiLine, 4000, true, {}, "", ""};
        const auto text = checked(spec, c == raw.end() ? "" : c->second, problems);
        if (!text)
            continue;
        values[name] = v;
        values[fillable::commentField(code)] = *text;
        results.push_back({code, v == fillable::acquis, *text});
    }
    return results;
}

}  // namespace

std::map<std::string, std::string> readFormFields(std::string_view pdf)
{
    if (pdf.size() > maxPdfBytes)
        throw std::runtime_error("le fichier dépasse 20 Mo.");
    PdfError::EnableDebug(false);
    PdfError::EnableLogging(false);
    std::map<std::string, std::string> out;
    try {
        PdfMemDocument document;
        document.LoadFromBuffer(pdf.data(), static_cast<long>(pdf.size()));
        const PdfObject* catalog = document.GetCatalog();
        const PdfObject* acroForm = catalog ? catalog->GetIndirectKey("AcroForm") : nullptr;
        const PdfObject* fields = acroForm && acroForm->IsDictionary() ? acroForm->GetIndirectKey("Fields") : nullptr;
        if (!fields || !fields->IsArray())
            return out;
        std::set<PdfReference> seen;
        for (const auto& field : fields->GetArray())
            collect(document.GetObjects(), &field, "", nullptr, 0, seen, out);
    } catch (const PdfError& e) {
        if (e.GetError() == ePdfError_InvalidPassword)
            throw std::runtime_error("le PDF est protégé par un mot de passe.");
        throw std::runtime_error("le PDF est endommagé ou illisible.");
    }
    return out;
}

namespace {

SubmissionKind submissionKind(fillable::FormKind form)
{
    switch (form) {
    case fillable::FormKind::ObservationsMetier: return SubmissionKind::MetierObservations;
    case fillable::FormKind::ResultatsEvaluation: return SubmissionKind::EvaluationResults;
    case fillable::FormKind::InscriptionJury: return SubmissionKind::JuryRegistration;
    case fillable::FormKind::DossierCandidature: return SubmissionKind::Candidature;
    case fillable::FormKind::InvitationMetier: return SubmissionKind::MetierInvitation;
    case fillable::FormKind::DemandeCompte: return SubmissionKind::AccountRequest;
    case fillable::FormKind::SaisieCandidat: break;
    }
    return SubmissionKind::CandidateSelfEntry;
}

}  // namespace

FormSubmission::FormSubmission(fillable::FormKind form, long long dossier, std::string token, SubmissionBody body,
                               std::map<std::string, std::string> values)
    : form_{form},
      kind_{submissionKind(form)},
      dossier_{dossier},
      token_{std::move(token)},
      body_{std::move(body)},
      values_{std::move(values)}
{
}

std::string FormSubmission::locate(std::string_view element, const std::string& message, int index) const
{
    if (element == "jeton" || element == "candidature")
        return "Formulaire : " + message;
    if (element == "etatCivil")
        return "État civil : " + message;
    if (element == "resultatsEvaluation")
        return "Outil n°4 : " + message;
    if (const auto* results = std::get_if<EvaluationResults>(&body_); results && element == "resultat" && index >= 0 &&
                                                                      static_cast<std::size_t>(index) < results->results.size())
        return results->results[static_cast<std::size_t>(index)].competence + " : " + message;
    if (const auto* field = fillable::fieldFor(form_, element))
        return std::string{field->label} + " : " + message;
    return message;
}

std::string FormSubmission::canonicalForm() const
{
    std::string out = std::string{fillable::kindName(form_)} + "\n" + std::string{fillable::version} + "\n" +
                      std::to_string(dossier_) + "\n" + token_ + "\n";
    for (const auto& [name, value] : values_)  // every field read, in name order
        out += name + "=" + value + "\n";
    return out;
}

FormReadResult readFilledForm(std::string_view pdf)
{
    FormReadResult result;
    // A form's catalogue names its AcroForm, in the clear or inside a compressed object stream:
    // a PDF with neither (a scanner's image, most attachments) is not opened at all.
    if (pdf.find("/AcroForm") == std::string_view::npos && pdf.find("/ObjStm") == std::string_view::npos)
        return result;
    std::map<std::string, std::string> raw;
    try {
        raw = readFormFields(pdf);
    } catch (const std::exception& e) {
        // Ours only when it says so; an unreadable PDF is left to the scan reader, which says why.
        return result;
    }
    return readFormValues(std::move(raw));
}

FormReadResult readFormValues(std::map<std::string, std::string> raw)
{
    FormReadResult result;
    const auto kindField = raw.find(std::string{fillable::kindField});
    if (kindField == raw.end())
        return result;
    result.isForm = true;
    const auto kind = fillable::kindNamed(kindField->second);
    if (!kind || raw[std::string{fillable::versionField}] != fillable::version) {
        result.problems.push_back("Formulaire : ce formulaire n'est pas, ou plus, un de ceux du secrétariat : utilisez celui du "
                                  "dernier courriel reçu.");  // what it claims is not echoed back
        return result;
    }
    long long dossier = 0;
    const std::string dossierText = raw[std::string{fillable::dossierField}];
    const std::string token = raw[std::string{fillable::tokenField}];
    if (fillable::isBlank(*kind)) {
        if (!token.empty() || (!dossierText.empty() && dossierText != "0"))
            result.problems.push_back("Formulaire : ce formulaire vierge a été modifié ; demandez-en un nouveau au secrétariat.");
    } else {
        if (dossierText.empty() || dossierText.size() > 12 || !std::all_of(dossierText.begin(), dossierText.end(), ::isdigit) ||
            (dossier = std::stoll(dossierText)) <= 0)
            result.problems.push_back("Formulaire : le numéro de dossier du formulaire est illisible ; utilisez le formulaire reçu.");
        if (token.size() != 32 || !std::all_of(token.begin(), token.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) && !std::isupper(static_cast<unsigned char>(c)); }))
            result.problems.push_back("Formulaire : le jeton du formulaire est illisible ; utilisez le formulaire reçu.");
    }

    std::map<std::string, std::string> values;
    for (const auto& spec : fillable::fields(*kind))
        if (auto v = checked(spec, raw[std::string{spec.name}], result.problems))
            values[std::string{spec.name}] = *v;
    std::vector<ResultLine> results;
    if (*kind == fillable::FormKind::ResultatsEvaluation)
        results = readResults(raw, values, result.problems);
    if (!result.problems.empty())
        return result;

    auto body = formBody(*kind, dossier, token, values, std::move(results), result.problems);
    if (!body)
        return result;
    result.submission = std::make_unique<FormSubmission>(*kind, dossier, token, std::move(*body), std::move(values));
    return result;
}

std::vector<FormFieldBox> formFieldBoxes(std::string_view pdf)
{
    PdfError::EnableDebug(false);
    PdfError::EnableLogging(false);
    std::vector<FormFieldBox> boxes;
    try {
        PdfMemDocument document;
        document.LoadFromBuffer(pdf.data(), static_cast<long>(pdf.size()));
        for (int p = 0; p < document.GetPageCount() && p < 60; ++p) {
            PdfPage* page = document.GetPage(p);
            const double height = page->GetPageSize().GetHeight();
            for (int a = 0; a < page->GetNumAnnots() && boxes.size() < maxFields; ++a) {
                const auto& dict = page->GetAnnotation(a)->GetObject()->GetDictionary();
                const PdfObject* type = dict.GetKey("FT");
                const PdfObject* name = dict.GetKey("T");
                const PdfObject* flags = dict.GetKey("F");
                if (!type || !type->IsName() || !name || !(name->IsString() || name->IsHexString()) ||
                    (flags && flags->IsNumber() && (flags->GetNumber() & 2)))  // no field of its own, or hidden
                    continue;
                const std::string kind = type->GetName().GetName();
                if (kind != "Tx" && kind != "Ch")
                    continue;
                const PdfRect rect{dict.GetKey("Rect")->GetArray()};
                FormFieldBox box;
                box.name = name->GetString().GetStringUtf8();
                box.page = p + 1;
                constexpr double mm = 72.0 / 25.4;
                box.rect = {rect.GetLeft() / mm, (height - rect.GetBottom() - rect.GetHeight()) / mm, rect.GetWidth() / mm,
                            rect.GetHeight() / mm};
                const PdfObject* ff = dict.GetKey("Ff");
                box.multiLine = kind == "Tx" && ff && ff->IsNumber() && (ff->GetNumber() & 4096);
                box.date = box.name.rfind("date_", 0) == 0;
                if (const PdfObject* opt = dict.GetKey("Opt"); kind == "Ch" && opt && opt->IsArray())
                    for (const auto& o : opt->GetArray()) {
                        if (o.IsArray() && o.GetArray().size() == 2)
                            box.options.emplace_back(valueOf(&o.GetArray()[0]), valueOf(&o.GetArray()[1]));
                        else
                            box.options.emplace_back(valueOf(&o), valueOf(&o));
                    }
                boxes.push_back(std::move(box));
            }
        }
    } catch (const PdfError&) {
        throw std::runtime_error("le PDF du formulaire est illisible.");
    }
    return boxes;
}

}  // namespace cqp::ingest
