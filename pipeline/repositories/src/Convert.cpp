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

std::string roleCode(AccountRole role)
{
    switch (role) {
    case AccountRole::Entreprise: return "entreprise";
    case AccountRole::Evaluateur: return "evaluateur";
    case AccountRole::Secretariat: return "secretariat";
    case AccountRole::Candidat: return "candidat";
    }
    return "entreprise";
}

std::optional<AccountRole> roleFromCode(const std::string& code)
{
    for (auto role : {AccountRole::Entreprise, AccountRole::Evaluateur, AccountRole::Secretariat, AccountRole::Candidat})
        if (roleCode(role) == code)
            return role;
    return std::nullopt;
}

std::string accountStatusCode(AccountStatus status)
{
    switch (status) {
    case AccountStatus::Pending: return "pending";
    case AccountStatus::Active: return "active";
    case AccountStatus::Suspended: return "suspended";
    }
    return "pending";
}

std::optional<AccountStatus> accountStatusFromCode(const std::string& code)
{
    for (auto status : {AccountStatus::Pending, AccountStatus::Active, AccountStatus::Suspended})
        if (accountStatusCode(status) == code)
            return status;
    return std::nullopt;
}

std::string documentKindCode(DocumentKind kind)
{
    switch (kind) {
    case DocumentKind::Outil4: return "outil4";
    case DocumentKind::Outil6: return "outil6";
    case DocumentKind::Diplome: return "diplome";
    case DocumentKind::Autre: return "autre";
    }
    return "autre";
}

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
