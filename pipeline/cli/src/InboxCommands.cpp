// What came in: every received message and its fate, the quarantine.

#include "CommandSupport.h"

#include "cqp/outbox/HeaderText.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/actions/Labels.h"
#include <iomanip>
#include <map>

namespace cqp::pipeline::detail {

namespace {

ReceivedMail quarantined(Invocation& inv, Store& store)
{
    const Id id = parseId(operand(inv, 2, "MESSAGE"), "MESSAGE");
    expectWords(inv, 3);
    const auto message = store.mail().received(id);
    if (!message || message->state != ReceivedState::Quarantined)
        throw UsageError("no quarantined message " + std::to_string(id));
    return *message;
}

int cmdInboxList(Invocation& inv)
{
    expectWords(inv, 2);
    auto store = openStore(inv.settings);
    std::optional<ReceivedState> state;
    if (inv.options.count("state")) {
        state = fromCode<ReceivedState>(inv.options.at("state"));
        if (!state)
            throw UsageError("--state must be one of " + allCodes<ReceivedState>() + ", not '" + inv.options.at("state") + "'");
    }
    for (const auto& m : store->mail().inbox(state)) {
        inv.out << std::left << (m.duplicateOf ? "c" : "") << std::setw(m.duplicateOf ? 5 : 6) << m.id
                << m.logicalDate.iso() << "  " << padded(receivedStateLabel(m.state), 15) << "  "
                << (m.sender.empty() ? "?" : outbox::singleLine(m.sender, 60)) << "  « "
                << outbox::singleLine(m.subject, 60) << " »";
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
    for (const auto& m : store->mail().receivedInState(ReceivedState::Quarantined))
        inv.out << std::left << std::setw(6) << m.id << m.logicalDate.iso() << "  "
                << (m.sender.empty() ? "?" : outbox::singleLine(m.sender, 80)) << "  « "
                << outbox::singleLine(m.subject, 100) << " »  " << outbox::singleLine(m.reason, 300) << "\n";
    return ExitDone;
}

int cmdQuarantineShow(Invocation& inv)
{
    auto store = openStore(inv.settings);
    const auto m = quarantined(inv, *store);
    inv.out << "message n°" << m.id << " reçu le " << m.receivedAt << " de " << outbox::singleLine(m.sender, 254)
            << "\nobjet : " << outbox::singleLine(m.subject, 998) << "\nmotif : " << outbox::singleLine(m.reason, 2000)
            << "\nsha256: " << m.sha256 << "\n\n"
            << m.raw << (m.raw.empty() || m.raw.back() == '\n' ? "" : "\n");
    return ExitDone;
}

int cmdQuarantineRetry(Invocation& inv)
{
    const Id id = parseId(operand(inv, 2, "MESSAGE"), "MESSAGE");
    expectWords(inv, 3);
    return act(inv, [&](Secretariat& s) { return s.retryQuarantined(id, inv.settings.mail.intake()); });
}

int cmdQuarantineDrop(Invocation& inv)
{
    const Id id = parseId(operand(inv, 2, "MESSAGE"), "MESSAGE");
    expectWords(inv, 3);
    return act(inv, [&](Secretariat& s) { return s.dropQuarantined(id); });
}

}  // namespace

CommandList inboxCommands()
{
    return {
        {{"inbox", "list"},
         "inbox list [--state STATE]",
         "every received message and its fate: processed, ignored and why, duplicate of which, kept aside",
         {{"state", "STATE",
           "only the messages in this state (processed, ignored, quarantined, duplicate, kept_aside…)", ""}},
         cmdInboxList},
        {{"quarantine", "list"},
         "quarantine list",
         "messages that could not be processed, with the reason",
         {},
         cmdQuarantineList},
        {{"quarantine", "show"}, "quarantine show ID", "one quarantined message, whole", {}, cmdQuarantineShow},
        {{"quarantine", "retry"}, "quarantine retry ID", "process a quarantined message again", {}, cmdQuarantineRetry},
        {{"quarantine", "drop"},
         "quarantine drop ID",
         "set a quarantined message aside (it stays in the store)",
         {},
         cmdQuarantineDrop},
    };
}

}  // namespace cqp::pipeline::detail
