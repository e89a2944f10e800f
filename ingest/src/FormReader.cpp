#include "cqp/ingest/FormReader.h"

#include <libxml/xmlstring.h>
#include <podofo/podofo.h>

#include <algorithm>
#include <set>
#include <stdexcept>

namespace cqp::ingest {

using namespace PoDoFo;
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

bool isControl(unsigned char c, bool multiLine)
{
    if (c == '\n' || c == '\t')
        return !multiLine && c == '\n';
    return c < 0x20 || c == 0x7f;
}

std::size_t characters(const std::string& utf8)
{
    return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string trimmed(std::string s)
{
    const auto notSpace = [](unsigned char c) { return c != ' ' && c != '\t' && c != '\n'; };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), notSpace));
    s.erase(std::find_if(s.rbegin(), s.rend(), notSpace).base(), s.end());
    return s;
}

std::optional<rules::Date> parseDate(const std::string& s)
{
    if (auto iso = rules::Date::parseIso(s))
        return iso;
    // JJ/MM/AAAA (also with dots or dashes)
    if (s.size() == 10 && (s[2] == '/' || s[2] == '.' || s[2] == '-') && s[5] == s[2])
        return rules::Date::parseIso(s.substr(6, 4) + "-" + s.substr(3, 2) + "-" + s.substr(0, 2));
    return std::nullopt;
}

std::string upper(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

bool validAddress(const std::string& a)
{
    const auto at = a.find('@');
    return at != std::string::npos && at > 0 && at + 3 < a.size() && a.find('@', at + 1) == std::string::npos &&
           a.find('.', at) != std::string::npos && a.find_first_of(" <>,;\"") == std::string::npos && a.size() <= 254;
}

// A field's value as the form's rules want it (trimmed, line breaks normalised), or a problem.
std::optional<std::string> checked(const fillable::FieldSpec& spec, std::string v, std::vector<std::string>& problems)
{
    const bool multi = spec.type == fillable::FieldType::MultiLine;
    std::string clean;
    for (std::size_t i = 0; i < v.size(); ++i)
        if (v[i] == '\r')
            clean += (i + 1 < v.size() && v[i + 1] == '\n') ? "" : "\n";  // CR LF and CR are line breaks
        else
            clean += v[i];
    v = trimmed(clean);
    const std::string label{spec.label};
    if (std::any_of(v.begin(), v.end(), [&](char c) { return isControl(static_cast<unsigned char>(c), multi); })) {
        problems.push_back(label + " : ce champ contient des caractères de contrôle" + (multi ? "" : " ou des retours à la ligne") +
                           ", qui ne sont pas acceptés.");
        return std::nullopt;
    }
    if (!xmlCheckUTF8(reinterpret_cast<const xmlChar*>(v.c_str()))) {
        problems.push_back(label + " : ce champ contient des caractères illisibles (encodage).");
        return std::nullopt;
    }
    if (const auto n = characters(v); n > static_cast<std::size_t>(spec.maxLength)) {
        problems.push_back(label + " : " + std::to_string(n) + " caractères, " + std::to_string(spec.maxLength) + " au plus.");
        return std::nullopt;
    }
    if (spec.required && v.empty()) {
        problems.push_back(label + " : ce champ est obligatoire.");
        return std::nullopt;
    }
    if (spec.type == fillable::FieldType::Date && !v.empty() && !parseDate(v)) {
        problems.push_back(label + " : « " + v + " » n'est pas une date au format JJ/MM/AAAA.");
        return std::nullopt;
    }
    if (spec.type == fillable::FieldType::Choice && !v.empty() && !spec.choices.empty()) {
        const std::string u = upper(v.substr(0, 1));
        if (std::find(spec.choices.begin(), spec.choices.end(), u) == spec.choices.end()) {
            problems.push_back(label + " : choisissez une des valeurs proposées.");
            return std::nullopt;
        }
        v = u;
    }
    return v;
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
        const fillable::FieldSpec spec{"", label, "commentaire", fillable::FieldType::MultiLine, 4000, true, {}, ""};
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

FormSubmission::FormSubmission(fillable::FormKind form, long long dossier, std::string token, SubmissionBody body,
                               std::map<std::string, std::string> values)
    : form_{form},
      kind_{form == fillable::FormKind::ObservationsMetier    ? SubmissionKind::MetierObservations
            : form == fillable::FormKind::ResultatsEvaluation ? SubmissionKind::EvaluationResults
            : form == fillable::FormKind::InscriptionJury     ? SubmissionKind::JuryRegistration
                                                              : SubmissionKind::CandidateSelfEntry},
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

// The typed submission the checked values of a form of `kind` make (nothing: a problem said why).
std::optional<SubmissionBody> bodyOf(fillable::FormKind kind, long long dossier, const std::string& token,
                                     const std::map<std::string, std::string>& values, const std::vector<ResultLine>& results,
                                     std::vector<std::string>& problems)
{
    SubmissionBody body;
    if (kind == fillable::FormKind::ObservationsMetier) {
        body = MetierObservations{dossier, token, values.at("observations"), ""};
    } else if (kind == fillable::FormKind::InscriptionJury) {
        // The export value is the jury's number; a reader that sends what it shows ("n°2 — …") is read too.
        const std::string chosen = values.at("jury");
        const auto digits = chosen.find_first_of("0123456789");
        const auto end = digits == std::string::npos ? digits : chosen.find_first_not_of("0123456789", digits);
        const std::string number = digits == std::string::npos ? "" : chosen.substr(digits, end == std::string::npos ? end : end - digits);
        if (number.empty() || number.size() > 9) {
            problems.push_back("Jury paritaire national choisi : choisissez un des jurys proposés.");
            return std::nullopt;
        }
        body = JuryRegistrationSubmission{DossierRef{dossier, std::nullopt}, std::stoll(number)};
    } else if (kind == fillable::FormKind::ResultatsEvaluation) {
        body = EvaluationResults{dossier, *parseDate(values.at("date_evaluation")), results, values.at("observations_candidat"), ""};
    } else {
        CandidateSelfEntry entry;
        entry.token = token;
        entry.civil.nomNaissance = values.at("nom_naissance");
        entry.civil.nomUsage = values.at("nom_usage");
        entry.civil.prenoms = values.at("prenoms");
        entry.civil.sexe = values.at("sexe");
        entry.civil.dateNaissance = *parseDate(values.at("date_naissance"));
        entry.civil.communeNaissance = values.at("commune_naissance");
        entry.civil.codeInsee = upper(values.at("code_insee"));
        const std::string pays = values.at("pays_naissance");
        entry.civil.paysNaissance = upper(pays) == "FRANCE" ? "" : pays;
        entry.email = values.at("courriel");
        body = std::move(entry);
    }
    return body;
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
    if (dossierText.empty() || dossierText.size() > 12 || !std::all_of(dossierText.begin(), dossierText.end(), ::isdigit) ||
        (dossier = std::stoll(dossierText)) <= 0)
        result.problems.push_back("Formulaire : le numéro de dossier du formulaire est illisible ; utilisez le formulaire reçu.");
    const std::string token = raw[std::string{fillable::tokenField}];
    if (token.size() != 32 || !std::all_of(token.begin(), token.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) && !std::isupper(static_cast<unsigned char>(c)); }))
        result.problems.push_back("Formulaire : le jeton du formulaire est illisible ; utilisez le formulaire reçu.");

    std::map<std::string, std::string> values;
    for (const auto& spec : fillable::fields(*kind))
        if (auto v = checked(spec, raw[std::string{spec.name}], result.problems))
            values[std::string{spec.name}] = *v;
    std::vector<ResultLine> results;
    if (*kind == fillable::FormKind::ResultatsEvaluation)
        results = readResults(raw, values, result.problems);
    if (*kind == fillable::FormKind::SaisieCandidat && result.problems.empty()) {
        if (!values["code_insee"].empty() && (values["code_insee"].size() != 5 || !std::isdigit(static_cast<unsigned char>(values["code_insee"][0]))))
            result.problems.push_back("Code INSEE de la commune : cinq caractères, par exemple 75056 ou 2A004.");
        if (!values["courriel"].empty() && !validAddress(values["courriel"]))
            result.problems.push_back("Votre adresse électronique : « " + values["courriel"] + " » n'est pas une adresse valide.");
    }
    if (!result.problems.empty())
        return result;

    auto body = bodyOf(*kind, dossier, token, values, results, result.problems);
    if (!body)
        return result;
    result.submission = std::make_unique<FormSubmission>(*kind, dossier, token, std::move(*body), std::move(values));
    return result;
}

}  // namespace cqp::ingest
