#include "cqp/rules/FillableForms.h"

namespace cqp::rules::fillable {

std::string_view kindName(FormKind kind)
{
    switch (kind) {
    case FormKind::ObservationsMetier: return "observationsMetier";
    case FormKind::SaisieCandidat: return "saisieCandidat";
    }
    return "";
}

std::optional<FormKind> kindNamed(std::string_view name)
{
    for (const auto kind : {FormKind::ObservationsMetier, FormKind::SaisieCandidat})
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
    return kind == FormKind::ObservationsMetier ? observations : civilStatus;
}

const FieldSpec* fieldFor(FormKind kind, std::string_view element)
{
    for (const auto& f : fields(kind))
        if (f.element == element)
            return &f;
    return nullptr;
}

}  // namespace cqp::rules::fillable
