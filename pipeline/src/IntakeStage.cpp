#include "cqp/pipeline/MailStages.h"

#include "cqp/inbox/Maildir.h"
#include "cqp/inbox/Pop3Mailbox.h"
#include "cqp/pipeline/MailIntake.h"
#include "cqp/pipeline/MailRepository.h"
#include "cqp/pipeline/Settings.h"
#include "cqp/pipeline/Store.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>

#include <fstream>
#include <sstream>

namespace cqp::pipeline {

namespace {

void count(StageReport& report, const IntakeResult& result)
{
    ++report.processed;
    report.accepted += result.accepted;
    report.rejected += result.rejected;
    if (result.kind == IntakeResult::Kind::Quarantined)
        ++report.quarantined;
    if (result.replied)
        ++report.mailsQueued;
}

}  // namespace

StageReport IntakeStage::run(StageContext& context)
{
    auto& log = Poco::Logger::get("cqp.fetch");
    StageReport report{name()};
    const MailSettings& mail = *context.mail;
    MailIntake intake{context.store, context.referential, context.deadlines, context.today, mail};
    if (mail.inbox == MailSettings::Inbox::Maildir) {
        const inbox::Maildir maildir{mail.inboxMaildir};
        const auto waiting = maildir.waiting();
        context.begin(name(), waiting.size());
        for (std::size_t i = 0; i < waiting.size() && !context.stopping(); ++i) {
            std::ifstream in{mail.inboxMaildir / "new" / waiting[i], std::ios::binary};
            if (!in)
                continue;  // taken by another process in the meantime
            std::ostringstream raw;
            raw << in.rdbuf();
            count(report, intake.process(raw.str()));
            maildir.markProcessed(waiting[i]);
            context.step();
        }
        return report;
    }
    try {
        inbox::Pop3Mailbox mailbox{mail.pop3};
        const auto entries = mailbox.list();
        context.begin(name(), entries.size());
        for (const auto& entry : entries) {
            if (context.stopping())
                break;
            if (!context.store.mail().pop3Seen(entry.uid)) {
                const std::string raw = mailbox.retrieve(entry.number);
                count(report, intake.process(raw, [&](std::optional<Id> id) {
                    if (!context.store.mail().pop3Seen(entry.uid))
                        context.store.mail().markPop3Seen(entry.uid, id, utcTimestamp());
                }));
            }
            if (mail.pop3.deleteAfterCommit)
                mailbox.remove(entry.number);
            context.step();
        }
        mailbox.close();
    } catch (const Poco::Exception& e) {
        // The server is unreachable or broke off: what was committed stays done; the rest waits
        // for the next run.
        log.error("POP3 %s:%d: %s", mail.pop3.host, mail.pop3.port, e.displayText());
    }
    return report;
}

}  // namespace cqp::pipeline
