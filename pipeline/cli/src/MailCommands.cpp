// What went out: the outbox for the secretariat, and a mail sent again.

#include "CommandSupport.h"

#include "cqp/actions/Labels.h"
#include "cqp/outbox/HeaderText.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"

#include <iomanip>

namespace cqp::pipeline::detail {

namespace {

int cmdMailList(Invocation& inv)
{
    expectWords(inv, 2);
    std::optional<OutboxState> state;
    if (inv.options.count("state")) {
        state = fromCode<OutboxState>(inv.options.at("state"));
        if (!state)
            throw UsageError("--state must be one of " + allCodes<OutboxState>() + ", not '" + inv.options.at("state") + "'");
    }
    const std::string to = inv.options.count("to") ? inv.options.at("to") : "";
    auto store = openStore(inv.settings);
    const auto mails = store->mail().listOutbox(state, to);
    for (const auto& m : mails) {
        inv.out << std::left << std::setw(6) << m.id << m.logicalDate.french() << "  " << padded(outboxStateLabel(m.state), 10) << "  "
                << outbox::singleLine(m.recipient, 120) << "  « " << outbox::singleLine(m.subject, 80) << " »";
        if (m.state == OutboxState::Sent)
            inv.out << "  envoyé le " << m.sentAt.substr(0, 10);
        if (m.state == OutboxState::Failed || (!m.lastError.empty() && m.state == OutboxState::Pending))
            inv.out << "  " << m.attempts << " essai(s) : " << outbox::singleLine(m.lastError, 200);
        inv.out << "\n";
    }
    inv.out << mails.size() << " courriel(s)\n";
    return ExitDone;
}

// A failed mail is tried again from now (after its address or the server was fixed); a sent
// one is sent once more as a copy (its recipient says it never arrived).
int cmdMailResend(Invocation& inv)
{
    const Id id = parseId(operand(inv, 2, "MAIL"), "MAIL");
    expectWords(inv, 3);
    return act(inv, [&](Secretariat& s) { return s.resendMail(id); });
}

}  // namespace

CommandList mailCommands()
{
    return {
        {{"mail", "list"},
         "mail list [--to ADDRESS] [--state pending|sent|failed]",
         "the mails cqp sent or will send, with their state, attempts and last error",
         {{"to", "ADDRESS", "only the mails to this address (or part of it)", ""},
          {"state", "STATE", "only the mails in this state: pending, sent, failed", ""}},
         cmdMailList},
        {{"mail", "resend"},
         "mail resend MAIL",
         "send a mail again: a failed one is tried again, a sent one goes once more as a copy",
         {},
         cmdMailResend},
    };
}

}  // namespace cqp::pipeline::detail
