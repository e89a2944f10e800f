// The secretariat's mail-side commands: quarantine, reviews of scans, accounts.

#include "CommandSupport.h"

#include "cqp/outbox/HeaderText.h"
#include "cqp/outbox/Letters.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/workflow/MailIntake.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/workflow/Workflow.h"

#include <iomanip>
#include <map>

namespace cqp::pipeline::detail {

namespace {

ReceivedMail quarantined(Invocation& inv, Store& store)
{
    const Id id = parseId(operand(inv, 2, "MESSAGE"), "MESSAGE");
    expectWords(inv, 3);
    const auto message = store.mail().received(id);
    if (!message || message->state != "quarantined")
        throw UsageError("no quarantined message " + std::to_string(id));
    return *message;
}

}  // namespace

std::string stateLabel(const std::string& state)
{
    static const std::map<std::string, std::string> labels{
        {"processed", "traité"},       {"ignored", "ignoré"},           {"quarantined", "en quarantaine"},
        {"duplicate", "doublon"},      {"kept_aside", "mis à part"},    {"dropped", "écarté"},
        {"processing", "en cours"}};
    const auto it = labels.find(state);
    return it == labels.end() ? state : it->second;
}

int cmdInboxList(Invocation& inv)
{
    expectWords(inv, 2);
    auto store = openStore(inv.settings);
    const std::string state = inv.options.count("state") ? inv.options.at("state") : "";
    for (const auto& m : store->mail().inbox(state)) {
        inv.out << std::left << (m.duplicateOf ? "c" : "") << std::setw(m.duplicateOf ? 5 : 6) << m.id << m.logicalDate.iso()
                << "  " << padded(stateLabel(m.state), 15) << "  " << (m.sender.empty() ? "?" : outbox::singleLine(m.sender, 60))
                << "  « " << outbox::singleLine(m.subject, 60) << " »";
        if (!m.reason.empty())
            inv.out << "  " << outbox::singleLine(m.reason, 400);
        if (!m.keptFile.empty())
            inv.out << "  (" << outbox::singleLine(m.keptFile, 300) << ")";
        inv.out << "\n";
    }
    return ExitDone;
}

int cmdQuarantineList(Invocation& inv)
{
    expectWords(inv, 2);
    auto store = openStore(inv.settings);
    for (const auto& m : store->mail().receivedInState("quarantined"))
        inv.out << std::left << std::setw(6) << m.id << m.logicalDate.iso() << "  "
                << (m.sender.empty() ? "?" : outbox::singleLine(m.sender, 80)) << "  « " << outbox::singleLine(m.subject, 100)
                << " »  " << outbox::singleLine(m.reason, 300) << "\n";
    return ExitDone;
}

int cmdQuarantineShow(Invocation& inv)
{
    auto store = openStore(inv.settings);
    const auto m = quarantined(inv, *store);
    inv.out << "message " << m.id << " received " << m.receivedAt << " from " << outbox::singleLine(m.sender, 254)
            << "\nsubject: " << outbox::singleLine(m.subject, 998) << "\nreason: " << outbox::singleLine(m.reason, 2000) << "\nsha256: " << m.sha256 << "\n\n"
            << m.raw << (m.raw.empty() || m.raw.back() == '\n' ? "" : "\n");
    return ExitDone;
}

int cmdQuarantineRetry(Invocation& inv)
{
    const auto referential = loadReferential(inv.settings);
    auto store = openStore(inv.settings);
    const auto m = quarantined(inv, *store);
    MailIntake intake{*store, referential, inv.settings.deadlines, inv.today, inv.settings.mail.intake()};
    const auto result = intake.process(m.raw, {}, m.id);
    if (result.kind == IntakeResult::Kind::Quarantined) {
        inv.out << "message " << m.id << " still quarantined: " << result.reason << "\n";
        return ExitRejected;
    }
    inv.out << "message " << m.id << " processed: " << result.accepted << " accepted, " << result.rejected << " rejected\n";
    return result.rejected > 0 ? ExitRejected : ExitDone;
}

int cmdQuarantineDrop(Invocation& inv)
{
    auto store = openStore(inv.settings);
    const auto m = quarantined(inv, *store);
    store->mail().setReceivedState(m.id, "dropped", m.reason + " (écarté par le secrétariat le " + inv.today.french() + ")");
    inv.out << "message " << m.id << " dropped (kept in the store, no longer listed)\n";
    return ExitDone;
}

int cmdAccountList(Invocation& inv)
{
    expectWords(inv, 2);
    auto store = openStore(inv.settings);
    const bool pendingOnly = inv.options.count("pending") > 0;
    for (const auto& a : store->accounts().accounts(pendingOnly ? std::optional{AccountStatus::Pending} : std::nullopt)) {
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

}  // namespace

namespace {

// Suspending and reinstating: the same change of status, kept in the account's history.
int changeAccountStatus(Invocation& inv, AccountStatus from, AccountStatus to, const std::string& event, const std::string& done)
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

}  // namespace

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
            outbox::Letter{"Compte n°" + std::to_string(account.id) + " : nouvelle clé enregistrée",
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

int cmdReviewList(Invocation& inv)
{
    expectWords(inv, 2);
    auto store = openStore(inv.settings);
    for (const auto& r : store->mail().reviews("open"))
        inv.out << std::left << std::setw(5) << r.id << r.createdOn.iso() << "  candidature "
                << (r.candidatureId ? std::to_string(*r.candidatureId) : std::string{"?"}) << "  document " << r.documentId << "  "
                << r.reason << "\n";
    return ExitDone;
}

int cmdReviewShow(Invocation& inv)
{
    const Id id = parseId(operand(inv, 2, "REVIEW"), "REVIEW");
    expectWords(inv, 3);
    auto store = openStore(inv.settings);
    const auto r = store->mail().review(id);
    if (!r)
        throw UsageError("no review " + std::to_string(id));
    const auto document = store->documents().document(r->documentId);
    inv.out << "review " << r->id << " (" << r->state << ") of " << r->createdOn.iso() << "\n" << r->reason << "\nscan: document "
            << r->documentId << " " << (document ? document->fileName + " (" + document->mediaType + ", " +
                                                        std::to_string(document->content.size()) + " bytes)"
                                                  : std::string{})
            << (r->page ? ", page " + std::to_string(r->page) : "") << "\n"
            << (r->cropDocumentId ? "extract: document " + std::to_string(*r->cropDocumentId) + " (PNG of the doubtful part)\n" : "")
            << (r->resolution.empty() ? "" : "resolution: " + r->resolution + "\n");
    return ExitDone;
}

int cmdReviewResolve(Invocation& inv)
{
    const Id id = parseId(operand(inv, 2, "REVIEW"), "REVIEW");
    expectWords(inv, 3);
    const std::string reason = option(inv, "reason");
    auto store = openStore(inv.settings);
    const auto r = store->mail().review(id);
    if (!r || r->state != "open")
        throw UsageError("no open review " + std::to_string(id));
    store->mail().resolveReview(id, reason, inv.today);
    inv.out << "review " << id << " resolved: " << reason << "\n";
    return ExitDone;
}

}  // namespace cqp::pipeline::detail
