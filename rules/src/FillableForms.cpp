#include "cqp/rules/FillableForms.h"

namespace cqp::rules::fillable {

std::string_view kindName(FormKind kind)
{
    switch (kind) {
    case FormKind::ObservationsMetier: return "observationsMetier";
    case FormKind::SaisieCandidat: return "saisieCandidat";
    case FormKind::ResultatsEvaluation: return "resultatsEvaluation";
    case FormKind::InscriptionJury: return "inscriptionJury";
    }
    return "";
}

std::optional<FormKind> kindNamed(std::string_view name)
{
    for (const auto kind : {FormKind::ObservationsMetier, FormKind::SaisieCandidat, FormKind::ResultatsEvaluation,
                            FormKind::InscriptionJury})
        if (kindName(kind) == name)
            return kind;
    return std::nullopt;
}

const std::vector<FieldSpec>& fields(FormKind kind)
{
    static const std::vector<FieldSpec> observations{
        {"observations", "Vos observations sur l'évaluation du candidat", "observations", FieldType::MultiLine, 4000, true, {},
         "Ce que vous avez observé au poste : gestes, sécurité, qualité, autonomie (4 000 caractères au plus)."},
    };
    static const std::vector<FieldSpec> civilStatus{
        {"nom_naissance", "Nom de naissance", "nomNaissance", FieldType::Text, 200, true, {}, ""},
        {"nom_usage", "Nom d'usage", "nomUsage", FieldType::Text, 200, false, {}, "S'il diffère du nom de naissance."},
        {"prenoms", "Prénoms", "prenoms", FieldType::Text, 200, true, {}, "Dans l'ordre de l'état civil."},
        {"sexe", "Sexe", "sexe", FieldType::Choice, 1, true, {"F", "M"}, ""},
        {"date_naissance", "Date de naissance", "dateNaissance", FieldType::Date, 10, true, {}, "JJ/MM/AAAA"},
        {"commune_naissance", "Commune de naissance", "commune", FieldType::Text, 200, true, {}, "Ou ville, à l'étranger."},
        {"code_insee", "Code INSEE de la commune", "codeInsee", FieldType::Text, 5, false, {}, "Né(e) en France : 5 caractères."},
        {"pays_naissance", "Pays de naissance", "pays", FieldType::Text, 200, false, {}, "Né(e) hors de France seulement."},
        {"courriel", "Votre adresse électronique", "courriel", FieldType::Text, 254, false, {}, ""},
    };
    static const std::vector<FieldSpec> results{
        {"date_evaluation", "Date de l'évaluation", "dateEvaluation", FieldType::Date, 10, true, {}, "JJ/MM/AAAA"},
        {"observations_candidat", "Observations du candidat", "observationsCandidat", FieldType::MultiLine, 4000, true, {}, ""},
    };
    static const std::vector<FieldSpec> registration{
        {"jury", "Jury paritaire national choisi", "jury", FieldType::Choice, 200, true, {},
         "Les jurys encore ouverts pour ce CQP, avec leur date limite d'inscription."},
    };
    switch (kind) {
    case FormKind::ObservationsMetier: return observations;
    case FormKind::SaisieCandidat: return civilStatus;
    case FormKind::ResultatsEvaluation: return results;
    case FormKind::InscriptionJury: return registration;
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

bool forAccountHolder(FormKind kind) { return kind == FormKind::ResultatsEvaluation || kind == FormKind::InscriptionJury; }

const FieldSpec* fieldFor(FormKind kind, std::string_view element)
{
    for (const auto& f : fields(kind))
        if (f.element == element)
            return &f;
    return nullptr;
}

}  // namespace cqp::rules::fillable
