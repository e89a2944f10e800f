#pragma once

#include "cqp/pipeline/Records.h"

#include <optional>
#include <string>

namespace cqp::pipeline {

namespace detail {
class Database;
}

/// Parchments delivered for validated candidatures, numbered per year without gaps.
class ParchmentRepository {
public:
    explicit ParchmentRepository(detail::Database& db) : db_{db} {}

    /// The next free number for `year` (1 for the first), to be used in the same transaction.
    int nextNumber(int year);
    Id add(const Parchment& parchment);
    std::optional<Parchment> byCandidature(Id candidatureId);
    std::optional<Parchment> byNumber(int year, int number);
    std::optional<Parchment> byVerificationCode(const std::string& code);
    void revoke(Id id, rules::Date on, const std::string& reason);

private:
    detail::Database& db_;
};

}  // namespace cqp::pipeline
