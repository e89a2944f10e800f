#include "cqp/ingest/EvaluatorRegistryReader.h"

#include "XmlDocument.h"

#include <algorithm>
#include <cctype>

namespace cqp::embedded {
extern const std::string_view evaluateursXsd;
}  // namespace cqp::embedded

namespace cqp::ingest {

using namespace detail;

std::string_view evaluatorRegistrySchema() { return embedded::evaluateursXsd; }

EvaluatorRegistryReadResult readEvaluatorRegistry(std::string_view xml, const rules::Referential& referential,
                                                  const XmlLimits& limits)
{
    EvaluatorRegistryReadResult result;
    auto document = XmlDocument::parse(xml, limits, result.problems);
    if (!document || !document->validate("evaluateurs.xsd", embedded::evaluateursXsd, result.problems))
        return result;

    EvaluatorRegistry registry;
    const xmlNode* root = document->root();
    registry.publishedOn = rules::Date::parseIso(attribute(root, "date").value_or("")).value_or(rules::Date{});
    for (const xmlNode* node : children(root, "evaluateur")) {
        RegistryEvaluator evaluator;
        evaluator.registryNumber = attribute(node, "numero").value_or("");
        evaluator.nom = text(child(node, "nom"));
        evaluator.prenom = text(child(node, "prenom"));
        evaluator.email = text(child(node, "courriel"));
        std::transform(evaluator.email.begin(), evaluator.email.end(), evaluator.email.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        for (const xmlNode* employer : children(node, "employeur"))
            evaluator.employerSirens.push_back(attribute(employer, "siren").value_or(""));
        for (const xmlNode* h : children(node, "habilitation")) {
            rules::Habilitation habilitation;
            habilitation.certificateCode = attribute(h, "cqp").value_or("");
            // The schema has checked both dates are xs:date; only YYYY-MM-DD without zone is accepted here.
            const auto from = rules::Date::parseIso(attribute(h, "debut").value_or(""));
            const auto until = attribute(h, "fin");
            if (!from || (until && !rules::Date::parseIso(*until))) {
                result.problems.push_back(problemAt(h, "Les dates d'habilitation s'écrivent AAAA-MM-JJ."));
                continue;
            }
            habilitation.validFrom = *from;
            if (until)
                habilitation.validUntil = rules::Date::parseIso(*until);
            if (!referential.certificate(habilitation.certificateCode))
                result.problems.push_back(problemAt(h, "Le CQP " + habilitation.certificateCode +
                                                           " n'existe pas dans le référentiel."));
            if (habilitation.validUntil && *habilitation.validUntil < habilitation.validFrom)
                result.problems.push_back(problemAt(h, "L'habilitation se termine avant de commencer."));
            evaluator.habilitations.push_back(std::move(habilitation));
        }
        registry.evaluators.push_back(std::move(evaluator));
    }
    if (result.problems.empty())
        result.registry = std::move(registry);
    return result;
}

}  // namespace cqp::ingest
