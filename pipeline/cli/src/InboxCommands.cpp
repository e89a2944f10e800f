// What came in: every received message and its fate, the quarantine.

#include "CommandSupport.h"

#include "cqp/outbox/HeaderText.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/workflow/MailIntake.h"
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

// What the secretariat reads for each state.
std::string stateLabel(ReceivedState state)
{
    switch (state) {
    case ReceivedState::Processing: return "en cours";
    case ReceivedState::Processed: return "traité";
    case ReceivedState::Quarantined: return "en quarantaine";
    case ReceivedState::Ignored: return "ignoré";
    case ReceivedState::Dropped: return "écarté";
    case ReceivedState::KeptAside: return "mis à part";
    case ReceivedState::Duplicate: return "doublon";
    }
    return {};
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
                << m.logicalDate.iso() << "  " << padded(stateLabel(m.state), 15) << "  "
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
    const auto referential = loadReferential(inv.settings);
    auto store = openStore(inv.settings);
    const auto m = quarantined(inv, *store);
    MailIntake intake{*store, referential, inv.settings.deadlines, inv.today, inv.settings.mail.intake()};
    const auto result = intake.process(m.raw, {}, m.id);
    if (result.kind == IntakeResult::Kind::Quarantined) {
        inv.out << "message n°" << m.id << " toujours en quarantaine : " << result.reason << "\n";
        return ExitRejected;
    }
    inv.out << "message n°" << m.id << " traité : " << result.accepted << " document(s) accepté(s), " << result.rejected
            << " refusé(s)\n";
    return result.rejected > 0 ? ExitRejected : ExitDone;
}

int cmdQuarantineDrop(Invocation& inv)
{
    auto store = openStore(inv.settings);
    const auto m = quarantined(inv, *store);
    store->mail().setReceivedState(m.id, ReceivedState::Dropped,
                                   m.reason + " (écarté par le secrétariat le " + inv.today.french() + ")");
    inv.out << "message n°" << m.id << " écarté (gardé dans la base, il n'est plus listé)\n";
    return ExitDone;
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
