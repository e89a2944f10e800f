#include "FormValues.h"

#include "cqp/rules/Siret.h"
#include "cqp/rules/Statistics.h"

#include <libxml/xmlstring.h>

#include <algorithm>
#include <cctype>

namespace cqp::ingest::detail {

namespace fillable = rules::fillable;

namespace {

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

}  // namespace

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

namespace {

using Values = std::map<std::string, std::string>;

std::string value(const Values& values, const char* name)
{
    const auto v = values.find(name);
    return v == values.end() ? std::string{} : v->second;
}

// The first word of a choice: its export value, also when a reader sends what it shows
// ("FAB-OPE — Opérateur…", "EH-0101 — Nom").
std::string firstWord(const std::string& s)
{
    const auto end = s.find_first_of(" \t");
    return upper(end == std::string::npos ? s : s.substr(0, end));
}

bool isCode(const std::string& s)
{
    return !s.empty() && s.size() <= 40 &&
           std::all_of(s.begin(), s.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '_'; });
}

bool digits(const std::string& s, std::size_t n)
{
    return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

CivilStatus civilStatus(const Values& values, std::vector<std::string>& problems)
{
    CivilStatus civil;
    civil.nomNaissance = value(values, "nom_naissance");
    civil.nomUsage = value(values, "nom_usage");
    civil.prenoms = value(values, "prenoms");
    civil.sexe = value(values, "sexe");
    civil.dateNaissance = *parseDate(value(values, "date_naissance"));
    civil.communeNaissance = value(values, "commune_naissance");
    civil.codeInsee = upper(value(values, "code_insee"));
    const std::string pays = value(values, "pays_naissance");
    civil.paysNaissance = upper(pays) == "FRANCE" ? "" : pays;
    if (!civil.codeInsee.empty() && (civil.codeInsee.size() != 5 || !std::isdigit(static_cast<unsigned char>(civil.codeInsee[0]))))
        problems.push_back("Code INSEE de la commune : cinq caractères, par exemple 75056 ou 2A004.");
    return civil;
}

void checkAddress(const std::string& label, const std::string& address, std::vector<std::string>& problems)
{
    if (!address.empty() && !validAddress(address))
        problems.push_back(label + " : « " + address + " » n'est pas une adresse valide.");
}

std::string dispositifCode(const std::string& chosen)
{
    for (const auto& code : rules::dispositifCodes())
        if (chosen == code || chosen == rules::dispositifLabel(code))
            return code;
    return {};
}

// Outil n°6: the candidate and the candidature (the candidate is named once it exists).
std::optional<SubmissionBody> dossier(const Values& values, std::vector<std::string>& problems)
{
    DossierSubmission d;
    d.candidate.civil = civilStatus(values, problems);
    d.candidate.email = value(values, "courriel_candidat");
    checkAddress("Adresse électronique du candidat", d.candidate.email, problems);
    if (const auto reference = value(values, "reference"); !reference.empty()) {
        if (reference.find_first_of(" \t") != std::string::npos)
            problems.push_back("Votre référence pour ce dossier : sans espace, par exemple MAT-2026-014.");
        d.candidate.reference = d.candidature.reference = reference;
    }
    auto& c = d.candidature;
    c.certificateCode = firstWord(value(values, "cqp"));
    if (!isCode(c.certificateCode))
        problems.push_back("CQP visé : choisissez un des CQP proposés.");
    std::string list = value(values, "competences");
    std::replace_if(list.begin(), list.end(), [](char ch) { return ch == ';' || ch == ' ' || ch == '\n'; }, ',');
    for (std::size_t start = 0; start <= list.size();) {
        const auto end = std::min(list.find(',', start), list.size());
        if (const std::string code = upper(list.substr(start, end - start)); !code.empty()) {
            if (!isCode(code))
                problems.push_back("Compétences visées : « " + code + " » n'est pas un code de compétence (par exemple FAB-OPE-C1).");
            else if (std::find(c.competences.begin(), c.competences.end(), code) == c.competences.end())
                c.competences.push_back(code);
        }
        start = end + 1;
    }
    c.parcours = value(values, "parcours");
    c.dispositif = dispositifCode(value(values, "dispositif"));
    if (c.dispositif.empty())
        problems.push_back("Dispositif : choisissez un des dispositifs proposés.");
    c.siret = value(values, "siret");
    c.organismeName = value(values, "organisme_formation");
    c.organismeSiret = value(values, "siret_organisme");
    for (const auto& [label, siret] : {std::pair{"SIRET de l'établissement", c.siret}, {"SIRET de l'organisme de formation", c.organismeSiret}})
        if (!siret.empty() && (!digits(siret, 14) || !rules::isValidSiret(siret)))
            problems.push_back(std::string{label} + " : « " + siret + " » n'est pas un SIRET valide (14 chiffres).");
    if (c.organismeName.empty() && !c.organismeSiret.empty())
        problems.push_back("Organisme de formation : son nom manque, alors que son SIRET est donné.");
    c.evaluatorNumber = firstWord(value(values, "evaluateur"));
    if (!isCode(c.evaluatorNumber))
        problems.push_back("Évaluateur habilité choisi : choisissez un des évaluateurs proposés.");
    c.plannedEvaluation = *parseDate(value(values, "date_evaluation_prevue"));
    if (!problems.empty())
        return std::nullopt;
    return d;
}

std::optional<SubmissionBody> accountRequest(const Values& values, std::vector<std::string>& problems)
{
    AccountRequest r;
    if (const auto number = upper(value(values, "numero_evaluateur")); !number.empty()) {
        if (!isCode(number))
            problems.push_back("Numéro d'évaluateur habilité : « " + number + " » n'est pas un numéro du registre (par exemple EH-0101).");
        r.evaluatorNumber = number;
    } else {
        r.siret = value(values, "siret");
        r.raisonSociale = value(values, "raison_sociale");
        r.etablissementName = value(values, "nom_etablissement");
        r.addressLine1 = value(values, "adresse");
        r.addressLine2 = value(values, "complement_adresse");
        r.postcode = value(values, "code_postal");
        r.city = value(values, "commune");
        if (r.siret.empty() && r.raisonSociale.empty())
            problems.push_back("Formulaire : indiquez soit votre numéro d'évaluateur habilité, soit le SIRET et l'adresse de "
                               "votre établissement.");
        else if (!digits(r.siret, 14) || !rules::isValidSiret(r.siret))
            problems.push_back("SIRET de l'établissement : « " + r.siret + " » n'est pas un SIRET valide (14 chiffres).");
        for (const auto& [label, text] : {std::pair{"Raison sociale de l'entreprise", r.raisonSociale},
                                          {"Nom de l'établissement", r.etablissementName}, {"Adresse", r.addressLine1},
                                          {"Commune", r.city}})
            if (text.empty())
                problems.push_back(std::string{label} + " : ce champ est obligatoire pour un établissement.");
        if (!digits(r.postcode, 5))
            problems.push_back("Code postal : cinq chiffres.");
    }
    for (const char* prefix : {"contact_", "contact2_"}) {
        const std::string p{prefix};
        Person person{value(values, (p + "nom").c_str()), value(values, (p + "prenom").c_str()), value(values, (p + "courriel").c_str()),
                      value(values, (p + "telephone").c_str())};
        if (person.nom.empty() && person.courriel.empty())
            continue;
        checkAddress(p == "contact_" ? "Adresse électronique" : "Son adresse électronique", person.courriel, problems);
        if (person.nom.empty() || person.courriel.empty())
            problems.push_back("Nom d'un second contact : donnez son nom et son adresse électronique, ou rien.");
        r.contacts.push_back(std::move(person));
    }
    if (!problems.empty())
        return std::nullopt;
    return r;
}

}  // namespace

std::optional<SubmissionBody> formBody(fillable::FormKind kind, long long dossierNumber, const std::string& token,
                                       const Values& values, std::vector<ResultLine> results, std::vector<std::string>& problems)
{
    using fillable::FormKind;
    switch (kind) {
    case FormKind::ObservationsMetier:
        return MetierObservations{dossierNumber, token, value(values, "observations"), ""};
    case FormKind::InscriptionJury: {
        // The export value is the jury's number; a reader that sends what it shows ("n°2 — …") is read too.
        const std::string chosen = value(values, "jury");
        const auto first = chosen.find_first_of("0123456789");
        const auto end = first == std::string::npos ? first : chosen.find_first_not_of("0123456789", first);
        const std::string number = first == std::string::npos ? "" : chosen.substr(first, end == std::string::npos ? end : end - first);
        if (number.empty() || number.size() > 9) {
            problems.push_back("Jury paritaire national choisi : choisissez un des jurys proposés.");
            return std::nullopt;
        }
        return JuryRegistrationSubmission{DossierRef{dossierNumber, std::nullopt}, std::stoll(number)};
    }
    case FormKind::ResultatsEvaluation:
        return EvaluationResults{dossierNumber, *parseDate(value(values, "date_evaluation")), std::move(results),
                                 value(values, "observations_candidat"), ""};
    case FormKind::InvitationMetier: {
        MetierInvitation invitation{dossierNumber, {value(values, "nom"), value(values, "prenom"), value(values, "courriel"),
                                                    value(values, "telephone")}};
        checkAddress("Son adresse électronique", invitation.metier.courriel, problems);
        if (!problems.empty())
            return std::nullopt;
        return invitation;
    }
    case FormKind::DossierCandidature:
        return dossier(values, problems);
    case FormKind::DemandeCompte:
        return accountRequest(values, problems);
    case FormKind::SaisieCandidat:
        break;
    }
    CandidateSelfEntry entry;
    entry.token = token;
    entry.civil = civilStatus(values, problems);
    entry.email = value(values, "courriel");
    checkAddress("Votre adresse électronique", entry.email, problems);
    if (!problems.empty())
        return std::nullopt;
    return entry;
}

}  // namespace cqp::ingest::detail
