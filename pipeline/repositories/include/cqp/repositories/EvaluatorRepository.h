#pragma once

#include "cqp/repositories/EvaluatorRecords.h"

#include <optional>
#include <string>
#include <vector>

namespace cqp::pipeline {

namespace detail {
class Database;
}

/// What an import of the registry changed.
struct RegistryImport {
    int added = 0;
    int updated = 0;
    int unchanged = 0;
};

/// The registry of évaluateurs habilités by the CPNE, with their habilitations and employers.
class EvaluatorRepository {
public:
    explicit EvaluatorRepository(detail::Database& db) : db_{db} {}

    /// Adds or updates each evaluator by registry number; its habilitations and employers
    /// become exactly those given. Evaluators absent from `evaluators` are left as they are.
    RegistryImport importRegistry(const std::vector<Evaluator>& evaluators);

    std::optional<Evaluator> evaluator(Id id);
    std::optional<Evaluator> byRegistryNumber(const std::string& number);
    std::vector<Evaluator> all();

    /// Set-based, with their employers and habilitations.
    std::vector<Evaluator> evaluators(const std::vector<Id>& ids);

private:
    Evaluator complete(Evaluator evaluator);
    detail::Database& db_;
};

}  // namespace cqp::pipeline
