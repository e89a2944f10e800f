// The accounts: requests approved, holders suspended, reinstated or given a new key.

#include "CommandSupport.h"

#include "cqp/outbox/HeaderText.h"
#include "cqp/outbox/Letters.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/workflow/Workflow.h"
#include <iomanip>

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

// Suspending and reinstating: the same change of status, kept in the account's history.
int changeAccountStatus(Invocation& inv, AccountStatus from, AccountStatus to, const std::string& event,
                        const std::string& done)
{
    const std::string reason = option(inv, "reason");
    auto store = openStore(inv.settings);
    const auto account = accountOperand(inv, *store);
    if (account.status != from) {
        inv.out << "account " << account.id << " is " << accountStatusCode(account.status) << ": nothing to do\n";
        return ExitRejected;
    }
    store->transaction([&] {
        store->accounts().setStatus(account.id, to, account.approvedOn);
        store->accounts().addEvent(account.id, inv.today, event, reason);
    });
    inv.out << "account " << account.id << " (" << account.displayName << ") " << done << "\n";
    return ExitDone;
}

int cmdAccountList(Invocation& inv)
{
    expectWords(inv, 2);
    auto store = openStore(inv.settings);
    const bool pendingOnly = inv.options.count("pending") > 0;
    for (const auto& a :
         store->accounts().accounts(pendingOnly ? std::optional{AccountStatus::Pending} : std::nullopt)) {
        inv.out << std::left << std::setw(6) << a.id << std::setw(12) << roleCode(a.role) << std::setw(11)
                << accountStatusCode(a.status) << outbox::singleLine(a.displayName, 120);
        for (const auto& address : a.addresses)
            inv.out << " <" << outbox::singleLine(address, 254) << ">";
        inv.out << "  requested " << a.createdOn.iso();
        // An evaluator's account: what the request gave beside what the CPNE's registry says.
        if (a.evaluatorId)
            if (const auto evaluator = store->evaluators().evaluator(*a.evaluatorId))
                inv.out << "  registry <" << evaluator->email << ">";
        inv.out << "\n";
    }
    return ExitDone;
}

int cmdAccountSuspend(Invocation& inv)
{
    return changeAccountStatus(inv, AccountStatus::Active, AccountStatus::Suspended, "suspended",
                               "suspended: its documents are refused");
}

int cmdAccountReinstate(Invocation& inv)
{
    return changeAccountStatus(inv, AccountStatus::Suspended, AccountStatus::Active, "reinstated", "open again");
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
    inv.out << "account " << account.id << " (" << account.displayName << "): new key recorded, its holder told\n";
    return ExitDone;
}

int cmdAccountApprove(Invocation& inv)
{
    const Id id = parseId(operand(inv, 2, "ACCOUNT"), "ACCOUNT");
    expectWords(inv, 3);
    const auto referential = loadReferential(inv.settings);
    auto store = openStore(inv.settings);
    const auto account = store->accounts().account(id);
    if (!account)
        throw UsageError("no account " + std::to_string(id));
    if (account->status != AccountStatus::Pending) {
        inv.out << "account " << id << " is " << accountStatusCode(account->status) << ": nothing to approve\n";
        return ExitRejected;
    }
    store->transaction([&] {
        store->accounts().setStatus(id, AccountStatus::Active, inv.today);
        std::string recipients;
        for (const auto& address : account->addresses)
            recipients += (recipients.empty() ? "" : ", ") + address;
        Workflow{*store, referential, inv.settings.deadlines, inv.today}.queue(
            "account_approved", std::nullopt, recipients, outbox::accountApproved(id, account->displayName));
    });
    inv.out << "account " << id << " (" << account->displayName << ") approved\n";
    return ExitDone;
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
    inv.out << "account " << id << " (" << roleCode(*role) << ", " << account.displayName << ") created\n";
    return ExitDone;
}

} // namespace

CommandList accountCommands()
{
    return {
        {{"account", "list"},
         "account list [--pending]",
         "list the accounts (only those awaiting approval)",
         {{"pending", "", "only the accounts awaiting approval", ""}},
         cmdAccountList},
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

} // namespace cqp::pipeline::detail
