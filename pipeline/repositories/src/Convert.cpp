#include "Convert.h"

#include "cqp/repositories/AccountRecords.h"
#include "cqp/repositories/CandidatureRecords.h"
#include "cqp/repositories/DocumentRecords.h"
#include "cqp/repositories/EvaluatorRecords.h"
#include "cqp/store/StoreError.h"

#include <algorithm>
#include <cctype>

namespace cqp::pipeline {

namespace detail {

Value optDate(const std::optional<rules::Date>& value) { return value ? Value{value->iso()} : Value{nullptr}; }

rules::Date date(const Row& row, std::size_t column)
{
    const auto text = row.text(column);
    const auto parsed = rules::Date::parseIso(text);
    if (!parsed)
        throw StoreError("malformed date in store: '" + text + "'");
    return *parsed;
}

std::optional<rules::Date> optDate(const Row& row, std::size_t column)
{
    if (row.isNull(column))
        return std::nullopt;
    return date(row, column);
}

rules::CandidatureStatus status(const Row& row, std::size_t column)
{
    const auto text = row.text(column);
    const auto parsed = rules::statusFromCode(text);
    if (!parsed)
        throw StoreError("unknown status in store: '" + text + "'");
    return *parsed;
}

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::vector<std::int64_t> ids(const std::vector<Row>& rows)
{
    std::vector<std::int64_t> out;
    out.reserve(rows.size());
    for (const auto& r : rows)
        out.push_back(r.integer(0));
    return out;
}

}  // namespace detail

std::string roleCode(AccountRole role) { return code(role); }
std::optional<AccountRole> roleFromCode(const std::string& text) { return fromCode<AccountRole>(text); }
std::string accountStatusCode(AccountStatus status) { return code(status); }
std::optional<AccountStatus> accountStatusFromCode(const std::string& text) { return fromCode<AccountStatus>(text); }
std::string documentKindCode(DocumentKind kind) { return code(kind); }

rules::EvaluatorProfile Evaluator::profile() const
{
    return rules::EvaluatorProfile{registryNumber, prenom + " " + nom, habilitations, employerSirens};
}

bool Candidate::civilStatusComplete() const
{
    return !nomNaissance.empty() && !prenoms.empty() && (sexe == "F" || sexe == "M") && dateNaissance.has_value() &&
           (!communeNaissance.empty() || !paysNaissance.empty());
}

}  // namespace cqp::pipeline
