#pragma once

#include "cqp/ingest/XmlProblem.h"
#include "cqp/rules/Eligibility.h"
#include "cqp/rules/Referential.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cqp::ingest {

/// One évaluateur habilité as published in the CPNE's registry.
struct RegistryEvaluator {
    std::string registryNumber;
    std::string nom;
    std::string prenom;
    std::string email;
    std::vector<std::string> employerSirens;
    std::vector<rules::Habilitation> habilitations;
};

struct EvaluatorRegistry {
    rules::Date publishedOn;
    std::vector<RegistryEvaluator> evaluators;
};

struct EvaluatorRegistryReadResult {
    std::optional<EvaluatorRegistry> registry;  ///< set only when there is no problem at all
    XmlProblems problems;
};

/// Reads a registry file (schema evaluateurs.xsd). Every habilitation must name a CQP of
/// `referential` and end after it starts; otherwise nothing is returned.
EvaluatorRegistryReadResult readEvaluatorRegistry(std::string_view xml, const rules::Referential& referential,
                                                  const XmlLimits& limits = {});

std::string_view evaluatorRegistrySchema();

}  // namespace cqp::ingest
