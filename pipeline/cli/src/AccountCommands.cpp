// The accounts: requests approved, holders suspended, reinstated or given a new key.

#include "CommandSupport.h"

#include "cqp/actions/Labels.h"
#include "cqp/actions/Views.h"

#include "cqp/outbox/HeaderText.h"
#include "cqp/outbox/Letters.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/workflow/Workflow.h"
#include "cqp/rules/Siret.h"

#include <iomanip>
#include <sstream>

namespace cqp::pipeline::detail {

namespace {

Account accountOperand(Invocation& inv, Store& store)
{
    const Id id = parseId(operand(inv, 2, "ACCOUNT"), "ACCOUNT");
    expectWords(inv, 3);
    const auto account = store.accounts().account(id);
    if (!account)
        throw UsageError("no account " + std::to_string(id));
    return *account;
}

std::string addressesOf(const Account& account)
{
    std::string recipients;
    for (const auto& address : account.addresses)
        recipients += (recipients.empty() ? "" : ", ") + address;
    return recipients;
}

int cmdAccountList(Invocation& inv)
{
    expectWords(inv, 2);
    auto store = openStore(inv.settings);
    const bool pendingOnly = inv.options.count("pending") > 0;
    for (const auto& a :
         store->accounts().accounts(pendingOnly ? std::optional{AccountStatus::Pending} : std::nullopt)) {
        inv.out << std::left << std::setw(6) << a.id << padded(accountRoleLabel(a.role), 13) << padded(accountStatusLabel(a.status), 26)
                << outbox::singleLine(a.displayName, 120);
        for (const auto& address : a.addresses)
            inv.out << " <" << outbox::singleLine(address, 254) << ">";
        inv.out << "  demandé le " << a.createdOn.french();
        // An evaluator's account: what the request gave beside what the CPNE's registry says.
        if (a.evaluatorId)
            if (const auto evaluator = store->evaluators().evaluator(*a.evaluatorId))
                inv.out << "  registre <" << evaluator->email << ">";
        inv.out << "\n";
    }
    return ExitDone;
}

int cmdAccountSuspend(Invocation& inv)
{
    const Id id = parseId(operand(inv, 2, "ACCOUNT"), "ACCOUNT");
    expectWords(inv, 3);
    const std::string reason = option(inv, "reason");
    return act(inv, [&](Secretariat& s) { return s.suspendAccount(id, reason); });
}

int cmdAccountReinstate(Invocation& inv)
{
    const Id id = parseId(operand(inv, 2, "ACCOUNT"), "ACCOUNT");
    expectWords(inv, 3);
    const std::string reason = option(inv, "reason");
    return act(inv, [&](Secretariat& s) { return s.reinstateAccount(id, reason); });
}

int cmdAccountRekey(Invocation& inv)
{
    // The holder lost its private key: the secretariat, having checked who asks, sets the new one.
    const std::string reason = option(inv, "reason");
    const std::string key = readFile(option(inv, "key"));
    if (key.find("-----BEGIN PUBLIC KEY-----") == std::string::npos)
        throw UsageError("--key must be a PEM public key (-----BEGIN PUBLIC KEY-----)");
    const auto referential = loadReferential(inv.settings);
    auto store = openStore(inv.settings);
    const auto account = accountOperand(inv, *store);
    store->transaction([&] {
        store->accounts().setPublicKey(account.id, key);
        store->accounts().addEvent(account.id, inv.today, "key_changed", "par le secrétariat : " + reason);
        Workflow{*store, referential, inv.settings.deadlines, inv.today}.queue(
            "account_key_changed", std::nullopt, addressesOf(account),
            outbox::Letter{
                "Compte n°" + std::to_string(account.id) + " : nouvelle clé enregistrée",
                "Bonjour,\n\nÀ votre demande, le secrétariat a enregistré une nouvelle clé publique pour le compte n°" +
                    std::to_string(account.id) + " (" + account.displayName +
                    "). Vos prochains envois doivent être signés avec la clé privée correspondante ; "
                    "l'ancienne n'est plus acceptée.\n\nSi vous n'êtes pas à l'origine de cette demande, "
                    "écrivez au secrétariat sans attendre.\n\nLe secrétariat des CQP des Industries Chimiques\n"});
    });
    inv.out << "compte n°" << account.id << " (" << account.displayName << ") : nouvelle clé enregistrée, son titulaire est prévenu\n";
    return ExitDone;
}

int cmdAccountApprove(Invocation& inv)
{
    const Id id = parseId(operand(inv, 2, "ACCOUNT"), "ACCOUNT");
    expectWords(inv, 3);
    return act(inv, [&](Secretariat& s) { return s.approveAccount(id); });
}

int cmdAccountAdd(Invocation& inv)
{
    expectWords(inv, 2);
    const auto role = roleFromCode(option(inv, "role"));
    if (!role || (*role != AccountRole::Secretariat))
        throw UsageError("--role must be secretariat (companies and evaluators send an account request)");
    Account account;
    account.role = *role;
    account.status = AccountStatus::Active;
    account.displayName = option(inv, "name");
    account.addresses = {option(inv, "email")};
    account.publicKeyPem = readFile(option(inv, "key"));
    if (account.publicKeyPem.find("-----BEGIN PUBLIC KEY-----") == std::string::npos)
        throw UsageError("--key must be a PEM public key (-----BEGIN PUBLIC KEY-----)");
    account.createdOn = inv.today;
    account.approvedOn = inv.today;
    auto store = openStore(inv.settings);
    const Id id = store->accounts().addAccount(account);
    inv.out << "compte n°" << id << " (" << accountRoleLabel(*role) << ", " << account.displayName << ") créé\n";
    return ExitDone;
}

// What the secretariat checks before approving an account: who it is for (SIRET and company, or
// the évaluateur's registry entry), the addresses allowed to send for it, the key's fingerprint.
int cmdAccountShow(Invocation& inv)
{
    auto store = openStore(inv.settings);
    const Account a = accountOperand(inv, *store);
    inv.out << "compte n°" << a.id << " — " << roleCode(a.role) << ", " << accountStatusLabel(a.status) << " (demandé le "
            << a.createdOn.french() << (a.approvedOn ? ", approuvé le " + a.approvedOn->french() : std::string{}) << ")\n"
            << "titulaire : " << outbox::singleLine(a.displayName, 200) << "\n";
    if (a.etablissementId)
        if (const auto e = store->accounts().etablissement(*a.etablissementId)) {
            const auto company = store->accounts().company(e->companyId);
            inv.out << "SIRET " << e->siret << (rules::isValidSiret(e->siret) ? " (clé de contrôle correcte)" : " (clé de contrôle fausse)")
                    << ", SIREN " << rules::sirenOf(e->siret) << (company ? " : " + company->raisonSociale : std::string{}) << "\n"
                    << "établissement : " << e->name << ", " << e->address.line1
                    << (e->address.line2.empty() ? "" : ", " + e->address.line2) << ", " << e->address.postcode << " "
                    << e->address.city << "\n";
        }
    if (a.evaluatorId)
        if (const auto ev = store->evaluators().evaluator(*a.evaluatorId)) {
            inv.out << "évaluateur habilité " << ev->registryNumber << " : " << ev->prenom << " " << ev->nom << " <" << ev->email
                    << "> (registre de la CPNE du " << ev->registryDate.french() << ")\n";
            for (const auto& h : ev->habilitations)
                inv.out << "  habilité " << h.certificateCode << " du " << h.validFrom.french()
                        << (h.validUntil ? " au " + h.validUntil->french() : std::string{}) << "\n";
        }
    inv.out << "adresses autorisées : " << addressesOf(a) << "\n"
            << "clé publique : empreinte SHA-256 " << keyFingerprint(a.publicKeyPem) << "\n";
    for (const auto& e : store->accounts().events(a.id))
        inv.out << e.on.french() << "  " << e.event << (e.reason.empty() ? "" : " : " + e.reason) << "\n";
    return ExitDone;
}

}  // namespace

CommandList accountCommands()
{
    return {
        {{"account", "list"},
         "account list [--pending]",
         "list the accounts (only those awaiting approval)",
         {{"pending", "", "only the accounts awaiting approval", ""}},
         cmdAccountList},
        {{"account", "show"},
         "account show ACCOUNT",
         "one account as the secretariat checks it before approval: SIRET and company or registry entry, addresses, key "
         "fingerprint, history",
         {},
         cmdAccountShow},
        {{"account", "approve"},
         "account approve ID",
         "open a pending account and tell its holder",
         {},
         cmdAccountApprove},
        {{"account", "suspend"},
         "account suspend ID --reason TEXT",
         "suspend an account: its documents are refused",
         {{"reason", "TEXT", "why (kept in the store)", ""}},
         cmdAccountSuspend},
        {{"account", "reinstate"},
         "account reinstate ID --reason TEXT",
         "open a suspended account again",
         {{"reason", "TEXT", "why (kept in the store)", ""}},
         cmdAccountReinstate},
        {{"account", "rekey"},
         "account rekey ID --key PEM --reason TEXT",
         "record a new public key for a holder who lost the private one (its addresses are told)",
         {{"key", "FILE", "the holder's new PEM public key", ""}, {"reason", "TEXT", "why (kept in the store)", ""}},
         cmdAccountRekey},
        {{"account", "add"},
         "account add --role secretariat --name NAME --email ADDRESS --key PEM",
         "register the secretariat's signing key (jury decisions)",
         {{"role", "ROLE", "secretariat", ""},
          {"name", "NAME", "the holder's name", ""},
          {"email", "ADDRESS", "the holder's mail address", ""},
          {"key", "FILE", "the holder's PEM public key", ""}},
         cmdAccountAdd},
    };
}

}  // namespace cqp::pipeline::detail
