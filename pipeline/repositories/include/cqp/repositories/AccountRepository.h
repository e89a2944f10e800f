#pragma once

#include "cqp/repositories/AccountRecords.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cqp::pipeline {

namespace detail {
class Database;
}

/// Companies (SIREN), their établissements (SIRET) and the accounts that act for them.
class AccountRepository {
public:
    explicit AccountRepository(detail::Database& db) : db_{db} {}

    Id addCompany(const Company& company);
    std::optional<Company> company(Id id);
    std::optional<Company> companyBySiren(const std::string& siren);

    Id addEtablissement(const Etablissement& etablissement);
    std::optional<Etablissement> etablissement(Id id);
    std::optional<Etablissement> etablissementBySiret(const std::string& siret);

    /// Adds the account and its addresses (stored lower case).
    Id addAccount(const Account& account);
    std::optional<Account> account(Id id);
    /// The account of the évaluateur habilité `evaluatorId`, if any.
    std::optional<Account> accountOfEvaluator(Id evaluatorId);
    /// The (first) account of the établissement `etablissementId`, if any.
    std::optional<Account> accountOfEtablissement(Id etablissementId);
    std::vector<Account> accounts(std::optional<AccountStatus> status = std::nullopt);
    /// Every account's public key by account: what signatures are checked with ahead of a batch.
    std::map<Id, std::string> publicKeys();
    /// The accounts that list `address` (case-insensitive).
    std::vector<Account> accountsByAddress(const std::string& address);
    void setStatus(Id id, AccountStatus status, std::optional<rules::Date> approvedOn);
    void setPublicKey(Id id, const std::string& publicKeyPem);
    /// The account's history after approval (suspended, reinstated, key_changed), with its reason.
    void addEvent(Id id, rules::Date on, const std::string& event, const std::string& reason);
    struct Event {
        rules::Date on;
        std::string event;
        std::string reason;
    };
    std::vector<Event> events(Id id);

    /// Set-based.
    std::vector<Etablissement> etablissements(const std::vector<Id>& ids);
    std::map<Id, std::vector<std::string>> addressesOf(const std::vector<Id>& accountIds);

private:
    std::optional<Account> accountWhere(const std::string& condition, Id value);
    std::vector<std::string> addresses(Id accountId);
    detail::Database& db_;
};

}  // namespace cqp::pipeline
