#include "cqp/rules/FillableForms.h"

#include "cqp/rules/FormLayout.h"

#include <algorithm>
#include <cctype>

namespace cqp::rules::fillable {

std::string_view kindName(FormKind kind)
{
    switch (kind) {
    case FormKind::ObservationsMetier: return "observationsMetier";
    case FormKind::SaisieCandidat: return "saisieCandidat";
    case FormKind::ResultatsEvaluation: return "resultatsEvaluation";
    case FormKind::InscriptionJury: return "inscriptionJury";
    case FormKind::DossierCandidature: return "dossierCandidature";
    case FormKind::InvitationMetier: return "invitationMetier";
    case FormKind::DemandeCompte: return "demandeCompte";
    }
    return "";
}

const std::vector<FormKind>& allKinds()
{
    static const std::vector<FormKind> kinds{FormKind::ObservationsMetier, FormKind::SaisieCandidat,   FormKind::ResultatsEvaluation,
                                             FormKind::InscriptionJury,    FormKind::DossierCandidature, FormKind::InvitationMetier,
                                             FormKind::DemandeCompte};
    return kinds;
}

std::optional<FormKind> kindNamed(std::string_view name)
{
    for (const auto kind : allKinds())
        if (kindName(kind) == name)
            return kind;
    return std::nullopt;
}

namespace {

// The civil status, as the candidate (saisie) or the company (outil n°6) gives it.
std::vector<FieldSpec> civilFields(std::string_view section)
{
    return {
        {"nom_naissance", "Nom de naissance", "nomNaissance", FieldType::Text, 200, true, {}, "", section},
        {"nom_usage", "Nom d'usage", "nomUsage", FieldType::Text, 200, false, {}, "S'il diffère du nom de naissance.", ""},
        {"prenoms", "Prénoms", "prenoms", FieldType::Text, 200, true, {}, "Dans l'ordre de l'état civil.", ""},
        {"sexe", "Sexe", "sexe", FieldType::Choice, 1, true, {"F", "M"}, "", ""},
        {"date_naissance", "Date de naissance", "dateNaissance", FieldType::Date, 10, true, {}, "JJ/MM/AAAA", ""},
        {"commune_naissance", "Commune de naissance", "commune", FieldType::Text, 200, true, {}, "Ou ville, à l'étranger.", ""},
        {"code_insee", "Code INSEE de la commune", "codeInsee", FieldType::Text, 5, false, {}, "Né(e) en France : 5 caractères.", ""},
        {"pays_naissance", "Pays de naissance", "pays", FieldType::Text, 200, false, {}, "Né(e) hors de France seulement.", ""},
    };
}

std::vector<FieldSpec> joined(std::vector<FieldSpec> first, const std::vector<FieldSpec>& then)
{
    first.insert(first.end(), then.begin(), then.end());
    return first;
}

// Outil n°6: the candidate, then the candidature.
const std::vector<FieldSpec>& dossierFields()
{
    static const std::vector<FieldSpec> all = joined(civilFields("Le candidat (salarié de l'établissement)"), {
        {"courriel_candidat", "Adresse électronique du candidat", "courriel", FieldType::Text, 254, false, {},
         "Facultative : pour l'informer de son dossier.", ""},
        {"reference", "Votre référence pour ce dossier", "reference", FieldType::Text, 50, false, {},
         "Facultative, sans espace : reprise dans nos messages.", ""},
        {"cqp", "CQP visé", "cqp", FieldType::Choice, 200, true, {}, "", "La candidature"},
        {"competences", "Compétences visées", "competence", FieldType::Text, 400, false, {},
         "Codes séparés par des virgules (liste en dernière page) ; laissé vide : toutes les compétences du CQP.", ""},
        {"parcours", "Parcours du candidat", "parcours", FieldType::MultiLine, 1000, true, {},
         "Formation suivie, expérience au poste, durée (1 000 caractères au plus).", ""},
        {"dispositif", "Dispositif", "dispositif", FieldType::Choice, 200, true, {}, "", ""},
        {"siret", "SIRET de l'établissement", "siret", FieldType::Text, 14, true, {}, "Celui de votre compte.", ""},
        {"organisme_formation", "Organisme de formation", "organismeFormation", FieldType::Text, 200, false, {},
         "S'il y en a un.", ""},
        {"siret_organisme", "SIRET de l'organisme de formation", "organismeFormation", FieldType::Text, 14, false, {}, "", ""},
        {"evaluateur", "Évaluateur habilité choisi", "evaluateurHabilite", FieldType::Choice, 200, true, {},
         "Habilité par la CPNE pour le CQP visé, et qui n'est pas salarié de l'établissement.", ""},
        {"date_evaluation_prevue", "Date d'évaluation prévue", "dateEvaluationPrevue", FieldType::Date, 10, true, {}, "JJ/MM/AAAA", ""},
    });
    return all;
}

const std::vector<FieldSpec>& metierFields()
{
    static const std::vector<FieldSpec> all{
        {"nom", "Nom de l'évaluateur métier", "nom", FieldType::Text, 200, true, {}, "", ""},
        {"prenom", "Prénom", "prenom", FieldType::Text, 200, true, {}, "", ""},
        {"courriel", "Son adresse électronique", "courriel", FieldType::Text, 254, true, {},
         "Il y recevra le formulaire de ses observations.", ""},
        {"telephone", "Son téléphone", "telephone", FieldType::Text, 20, false, {}, "", ""},
    };
    return all;
}

const std::vector<FieldSpec>& accountFields()
{
    static const std::vector<FieldSpec> all{
        {"numero_evaluateur", "Numéro d'évaluateur habilité", "evaluateurHabilite", FieldType::Text, 20, false, {},
         "Évaluateur habilité : votre numéro au registre de la CPNE (EH-0101), et vos coordonnées plus bas. Établissement : "
         "laissez vide.",
         "Vous êtes évaluateur habilité"},
        {"siret", "SIRET de l'établissement", "siret", FieldType::Text, 14, false, {}, "14 chiffres.", "Vous êtes un établissement"},
        {"raison_sociale", "Raison sociale de l'entreprise", "raisonSociale", FieldType::Text, 200, false, {}, "", ""},
        {"nom_etablissement", "Nom de l'établissement", "etablissement", FieldType::Text, 200, false, {}, "", ""},
        {"adresse", "Adresse", "adresse", FieldType::Text, 200, false, {}, "", ""},
        {"complement_adresse", "Complément d'adresse", "adresse", FieldType::Text, 200, false, {}, "", ""},
        {"code_postal", "Code postal", "codePostal", FieldType::Text, 5, false, {}, "", ""},
        {"commune", "Commune", "commune", FieldType::Text, 200, false, {}, "", ""},
        {"contact_nom", "Nom", "nom", FieldType::Text, 200, true, {}, "", "Contact (le titulaire du compte)"},
        {"contact_prenom", "Prénom", "prenom", FieldType::Text, 200, true, {}, "", ""},
        {"contact_courriel", "Adresse électronique", "courriel", FieldType::Text, 254, true, {},
         "Les formulaires du compte lui seront envoyés, et acceptés de cette adresse.", ""},
        {"contact_telephone", "Téléphone", "telephone", FieldType::Text, 20, false, {}, "", ""},
        {"contact2_nom", "Nom d'un second contact", "nom", FieldType::Text, 200, false, {}, "Facultatif.", ""},
        {"contact2_prenom", "Son prénom", "prenom", FieldType::Text, 200, false, {}, "", ""},
        {"contact2_courriel", "Son adresse électronique", "courriel", FieldType::Text, 254, false, {}, "", ""},
    };
    return all;
}

}  // namespace

const std::vector<FieldSpec>& fields(FormKind kind)
{
    static const std::vector<FieldSpec> observations{
        {"observations", "Vos observations sur l'évaluation du candidat", "observations", FieldType::MultiLine, 4000, true, {},
         "Ce que vous avez observé au poste : gestes, sécurité, qualité, autonomie (4 000 caractères au plus).", ""},
    };
    static const std::vector<FieldSpec> civilStatus = joined(
        civilFields(""), {{"courriel", "Votre adresse électronique", "courriel", FieldType::Text, 254, false, {}, "", ""}});
    static const std::vector<FieldSpec> results{
        {"date_evaluation", "Date de l'évaluation", "dateEvaluation", FieldType::Date, 10, true, {}, "JJ/MM/AAAA", ""},
        {"observations_candidat", "Observations du candidat", "observationsCandidat", FieldType::MultiLine, 4000, true, {}, "", ""},
    };
    static const std::vector<FieldSpec> registration{
        {"jury", "Jury paritaire national choisi", "jury", FieldType::Choice, 200, true, {},
         "Les jurys encore ouverts pour ce CQP, avec leur date limite d'inscription.", ""},
    };
    switch (kind) {
    case FormKind::ObservationsMetier: return observations;
    case FormKind::SaisieCandidat: return civilStatus;
    case FormKind::ResultatsEvaluation: return results;
    case FormKind::InscriptionJury: return registration;
    case FormKind::DossierCandidature: return dossierFields();
    case FormKind::InvitationMetier: return metierFields();
    case FormKind::DemandeCompte: return accountFields();
    }
    return observations;
}

std::string resultField(std::string_view competence) { return "resultat_" + std::string{competence}; }
std::string commentField(std::string_view competence) { return "commentaire_" + std::string{competence}; }

std::optional<std::string> formTokenRefusal(const FormTokenFacts& f)
{
    if (!f.known || !f.sameForm)
        return "le jeton de ce formulaire est inconnu : utilisez le formulaire du dernier courriel reçu.";
    if (!f.sameDossier)
        return "ce formulaire ne concerne pas ce dossier : utilisez celui que le secrétariat vous a envoyé pour lui.";
    if (!f.fromRecipient && !f.fromAccount)
        return "ce formulaire doit être renvoyé depuis l'adresse à laquelle le secrétariat l'a envoyé.";
    if (f.used)
        return "ce formulaire a déjà servi, avec un autre contenu : demandez-en un nouveau au secrétariat.";
    if (f.expired && !f.stillNeeded)
        return "ce formulaire a expiré et ce qu'il apporte n'est plus attendu.";
    return std::nullopt;
}

bool forAccountHolder(FormKind kind)
{
    return kind == FormKind::ResultatsEvaluation || kind == FormKind::InscriptionJury || kind == FormKind::DossierCandidature ||
           kind == FormKind::InvitationMetier;
}

bool isProse(std::string_view name)
{
    for (const std::string_view verbatim : {"courriel", "siret", "code_", "telephone", "date_", "numero_", "reference", "sexe"})
        if (name.find(verbatim) != std::string_view::npos)
            return false;
    return true;
}

std::vector<FormKind> formsMailedWith(std::string_view mailKind)
{
    if (mailKind == "evaluator_confirmed")
        return {FormKind::ResultatsEvaluation, FormKind::InvitationMetier};
    if (mailKind == "reminder_results")
        return {FormKind::ResultatsEvaluation};
    if (mailKind == "reminder_metier")
        return {FormKind::InvitationMetier};
    if (mailKind == "reminder_registration")
        return {FormKind::InscriptionJury};
    return {};
}

int formValidityDays(FormKind kind)
{
    switch (kind) {
    case FormKind::InscriptionJury: return 120;
    case FormKind::DossierCandidature: return accountFormDays;
    default: return 90;
    }
}

bool isBlank(FormKind kind) { return kind == FormKind::DemandeCompte; }
bool boundToAccount(FormKind kind) { return kind == FormKind::DossierCandidature; }

const FieldSpec* fieldFor(FormKind kind, std::string_view element)
{
    for (const auto& f : fields(kind))
        if (f.element == element)
            return &f;
    return nullptr;
}

namespace {

// The value of `key=` in "A=1;B=2", or nothing.
std::optional<std::string> part(const std::string& body, const std::string& key)
{
    const auto at = body.find(";" + key + "=");
    if (at == std::string::npos)
        return std::nullopt;
    const auto from = at + key.size() + 2;
    const auto end = body.find(';', from);
    return body.substr(from, end == std::string::npos ? std::string::npos : end - from);
}

bool allOf(const std::string& s, int (*test)(int), std::size_t maxSize)
{
    return !s.empty() && s.size() <= maxSize && std::all_of(s.begin(), s.end(), [&](char c) { return test(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

std::string encodeFillableCode(const FillableCode& c)
{
    const std::string body = "CQPIF;F=" + std::string{kindName(c.kind)} + ";V=" + std::string{version} + ";D=" +
                             std::to_string(c.dossier) + ";T=" + c.token + ";P=" + std::to_string(c.page);
    return body + ";K=" + std::to_string(formCodeChecksum(body));
}

std::optional<FillableCode> decodeFillableCode(const std::string& text)
{
    const auto k = text.rfind(";K=");
    if (text.size() > 200 || k == std::string::npos || text.rfind("CQPIF;", 0) != 0)
        return std::nullopt;
    const std::string body = text.substr(0, k);
    if (std::to_string(formCodeChecksum(body)) != text.substr(k + 3))
        return std::nullopt;
    const auto kind = part(body, "F");
    const auto v = part(body, "V");
    const auto dossier = part(body, "D");
    const auto token = part(body, "T");
    const auto page = part(body, "P");
    if (!kind || !v || *v != version || !dossier || !token || !page || !allOf(*dossier, ::isdigit, 12) || !allOf(*page, ::isdigit, 3) ||
        (!token->empty() && !allOf(*token, ::isxdigit, 32)))
        return std::nullopt;
    const auto named = kindNamed(*kind);
    if (!named)
        return std::nullopt;
    return FillableCode{*named, std::stoll(*dossier), *token, std::stoi(*page)};
}

}  // namespace cqp::rules::fillable
