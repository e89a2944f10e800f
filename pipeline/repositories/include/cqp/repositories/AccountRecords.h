#pragma once

// Plain records of the store (account). Dates are rules::Date (logical dates); `...At`
// fields are wall-clock timestamps (ISO 8601, UTC) kept for audit only.

#include "cqp/repositories/Codes.h"
#include "cqp/repositories/Id.h"
#include "cqp/rules/Accounts.h"
#include "cqp/rules/Date.h"

#include <optional>
#include <string>
#include <vector>

namespace cqp::pipeline {

struct Company {
    Id id = 0;
    std::string siren;
    std::string raisonSociale;
};

struct PostalAddress {
    std::string line1;
    std::string line2;
    std::string postcode;
    std::string city;
};

struct Etablissement {
    Id id = 0;
    Id companyId = 0;
    std::string siret;
    std::string name;
    PostalAddress address;
};

using rules::AccountRole;

using rules::AccountStatus;

template <>
struct CodeTable<AccountRole> {
    static constexpr std::array<std::pair<AccountRole, std::string_view>, 4> codes{{
        {AccountRole::Entreprise, "entreprise"},
        {AccountRole::Evaluateur, "evaluateur"},
        {AccountRole::Secretariat, "secretariat"},
        {AccountRole::Candidat, "candidat"},
    }};
};

template <>
struct CodeTable<AccountStatus> {
    static constexpr std::array<std::pair<AccountStatus, std::string_view>, 3> codes{{
        {AccountStatus::Pending, "pending"},
        {AccountStatus::Active, "active"},
        {AccountStatus::Suspended, "suspended"},
    }};
};

std::string roleCode(AccountRole role);

std::optional<AccountRole> roleFromCode(const std::string& code);

std::string accountStatusCode(AccountStatus status);

std::optional<AccountStatus> accountStatusFromCode(const std::string& code);

struct Account {
    Id id = 0;
    AccountRole role = AccountRole::Entreprise;
    AccountStatus status = AccountStatus::Pending;
    std::string displayName;
    std::optional<Id> etablissementId;
    std::optional<Id> evaluatorId;
    std::string publicKeyPem;
    rules::Date createdOn;
    std::optional<rules::Date> approvedOn;
    std::vector<std::string> addresses;  ///< mail addresses allowed to send for this account (lower case)
};

}  // namespace cqp::pipeline
