#include "cqp/repositories/AccountRepository.h"

#include "Convert.h"
#include "cqp/store/Database.h"

namespace cqp::pipeline {

using namespace detail;

namespace {

Company companyFrom(const Row& r) { return Company{r.integer("id"), r.text("siren"), r.text("raison_sociale")}; }

constexpr const char* etablissementColumns =
    "SELECT id, company_id, siret, name, address_line1, address_line2, postcode, city FROM etablissements";

Etablissement etablissementFrom(const Row& r)
{
    return Etablissement{r.integer("id"), r.integer("company_id"), r.text("siret"), r.text("name"), {r.text("address_line1"), r.text("address_line2"), r.text("postcode"), r.text("city")}};
}

constexpr const char* accountColumns =
    "SELECT id, role, status, display_name, etablissement_id, evaluator_id, public_key_pem, created_on, approved_on "
    "FROM accounts";

}  // namespace

Id AccountRepository::addCompany(const Company& c)
{
    return db_.insert("INSERT INTO companies (siren, raison_sociale) VALUES (?, ?)", {c.siren, c.raisonSociale});
}

std::optional<Company> AccountRepository::company(Id id)
{
    auto row = db_.queryOne("SELECT id, siren, raison_sociale FROM companies WHERE id = ?", {id});
    return row ? std::optional{companyFrom(*row)} : std::nullopt;
}

std::optional<Company> AccountRepository::companyBySiren(const std::string& siren)
{
    auto row = db_.queryOne("SELECT id, siren, raison_sociale FROM companies WHERE siren = ?", {siren});
    return row ? std::optional{companyFrom(*row)} : std::nullopt;
}

Id AccountRepository::addEtablissement(const Etablissement& e)
{
    return db_.insert("INSERT INTO etablissements (company_id, siret, name, address_line1, address_line2, postcode, city)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?)",
                      {e.companyId, e.siret, e.name, e.address.line1, e.address.line2, e.address.postcode, e.address.city});
}

std::optional<Etablissement> AccountRepository::etablissement(Id id)
{
    auto row = db_.queryOne(std::string{etablissementColumns} + " WHERE id = ?", {id});
    return row ? std::optional{etablissementFrom(*row)} : std::nullopt;
}

std::vector<Etablissement> AccountRepository::etablissements(const std::vector<Id>& ids)
{
    std::vector<Etablissement> out;
    for (const auto& r : db_.query(std::string{etablissementColumns} + " WHERE id" + in(db_) + " ORDER BY id", {db_.dialect().idList(ids)}))
        out.push_back(etablissementFrom(r));
    return out;
}

std::map<Id, std::vector<std::string>> AccountRepository::addressesOf(const std::vector<Id>& accountIds)
{
    std::map<Id, std::vector<std::string>> out;
    for (const auto& r : db_.query("SELECT account_id, address FROM account_addresses WHERE account_id" + in(db_) +
                                       " ORDER BY account_id, address",
                                   {db_.dialect().idList(accountIds)}))
        out[r.integer(0)].push_back(r.text(1));
    return out;
}

std::optional<Etablissement> AccountRepository::etablissementBySiret(const std::string& siret)
{
    auto row = db_.queryOne(std::string{etablissementColumns} + " WHERE siret = ?", {siret});
    return row ? std::optional{etablissementFrom(*row)} : std::nullopt;
}

Id AccountRepository::addAccount(const Account& a)
{
    Id id = 0;
    db_.atomic([&] {
        id = db_.insert("INSERT INTO accounts (role, status, display_name, etablissement_id, evaluator_id,"
                        " public_key_pem, created_on, approved_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        {roleCode(a.role), accountStatusCode(a.status), a.displayName, opt(a.etablissementId),
                         opt(a.evaluatorId), a.publicKeyPem, a.createdOn.iso(), optDate(a.approvedOn)});
        for (const auto& address : a.addresses)
            db_.execute("INSERT INTO account_addresses (account_id, address) VALUES (?, ?)", {id, lower(address)});
    });
    return id;
}

std::vector<std::string> AccountRepository::addresses(Id accountId)
{
    std::vector<std::string> out;
    for (const auto& r : db_.query("SELECT address FROM account_addresses WHERE account_id = ? ORDER BY address", {accountId}))
        out.push_back(r.text("address"));
    return out;
}

namespace {

Account accountFrom(const Row& r)
{
    Account a;
    a.id = r.integer("id");
    a.role = roleFromCode(r.text("role")).value_or(AccountRole::Entreprise);
    a.status = accountStatusFromCode(r.text("status")).value_or(AccountStatus::Pending);
    a.displayName = r.text("display_name");
    a.etablissementId = r.optInteger("etablissement_id");
    a.evaluatorId = r.optInteger("evaluator_id");
    a.publicKeyPem = r.text("public_key_pem");
    a.createdOn = date(r, "created_on");
    a.approvedOn = optDate(r, "approved_on");
    return a;
}

}  // namespace

std::optional<Account> AccountRepository::accountWhere(const std::string& condition, Id value)
{
    auto row = db_.queryOne(std::string{accountColumns} + " WHERE " + condition + " ORDER BY id LIMIT 1", {value});
    if (!row)
        return std::nullopt;
    Account a = accountFrom(*row);
    a.addresses = addresses(a.id);
    return a;
}

std::optional<Account> AccountRepository::account(Id id) { return accountWhere("id = ?", id); }

std::optional<Account> AccountRepository::accountOfEvaluator(Id evaluatorId) { return accountWhere("evaluator_id = ?", evaluatorId); }

std::optional<Account> AccountRepository::accountOfEtablissement(Id etablissementId)
{
    return accountWhere("etablissement_id = ?", etablissementId);
}

std::map<Id, std::string> AccountRepository::publicKeys()
{
    std::map<Id, std::string> out;
    for (const auto& r : db_.query("SELECT id, public_key_pem FROM accounts"))
        out.emplace(r.integer(0), r.text(1));
    return out;
}

std::vector<Account> AccountRepository::accounts(std::optional<AccountStatus> status)
{
    std::vector<Account> out;
    const auto rows = status ? db_.query(std::string{accountColumns} + " WHERE status = ? ORDER BY id", {accountStatusCode(*status)})
                             : db_.query(std::string{accountColumns} + " ORDER BY id");
    for (const auto& r : rows) {
        out.push_back(accountFrom(r));
        out.back().addresses = addresses(out.back().id);
    }
    return out;
}

std::vector<Account> AccountRepository::accountsByAddress(const std::string& address)
{
    std::vector<Account> out;
    for (const auto& r : db_.query(std::string{accountColumns} +
                                       " WHERE id IN (SELECT account_id FROM account_addresses WHERE address = ?) ORDER BY id",
                                   {lower(address)})) {
        out.push_back(accountFrom(r));
        out.back().addresses = addresses(out.back().id);
    }
    return out;
}

void AccountRepository::setStatus(Id id, AccountStatus status, std::optional<rules::Date> approvedOn)
{
    db_.execute("UPDATE accounts SET status = ?, approved_on = ? WHERE id = ?",
                {accountStatusCode(status), optDate(approvedOn), id});
}

void AccountRepository::setPublicKey(Id id, const std::string& publicKeyPem)
{
    db_.execute("UPDATE accounts SET public_key_pem = ? WHERE id = ?", {publicKeyPem, id});
}

void AccountRepository::addEvent(Id id, rules::Date on, const std::string& event, const std::string& reason)
{
    db_.execute("INSERT INTO account_events (account_id, logical_date, event, reason) VALUES (?, ?, ?, ?)",
                {id, on.iso(), event, reason});
}

std::vector<AccountRepository::Event> AccountRepository::events(Id id)
{
    std::vector<Event> out;
    for (const auto& r : db_.query("SELECT logical_date, event, reason FROM account_events WHERE account_id = ? ORDER BY id", {id}))
        out.push_back({date(r, "logical_date"), r.text("event"), r.text("reason")});
    return out;
}

}  // namespace cqp::pipeline
