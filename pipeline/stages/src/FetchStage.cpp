#include "cqp/stages/FetchStage.h"

#include "cqp/inbox/Maildir.h"
#include "cqp/inbox/MimeMessage.h"
#include "cqp/inbox/Pop3Mailbox.h"
#include "cqp/outbox/Letters.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/workflow/MailIntake.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/stages/MailSettings.h"
#include "cqp/repositories/Store.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/workflow/Prefetch.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>

#include <fstream>
#include <sstream>

namespace cqp::pipeline {

namespace fs = std::filesystem;

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

std::string readAll(const fs::path& path, std::size_t limit)
{
    std::ifstream in{path, std::ios::binary};
    if (!in)
        return {};
    std::string out(limit, '\0');
    in.read(out.data(), static_cast<std::streamsize>(limit));
    out.resize(static_cast<std::size_t>(in.gcount()));
    return out;
}

std::string describe(const std::exception& e)
{
    if (const auto* poco = dynamic_cast<const Poco::Exception*>(&e))
        return poco->displayText();
    return e.what();
}

std::string sizeText(std::uintmax_t bytes)
{
    if (bytes < 1024 * 1024)
        return std::to_string((bytes + 512) / 1024) + " Ko";
    return std::to_string((bytes + 512 * 1024) / (1024 * 1024)) + " Mo";
}

}  // namespace

// One received message through MailIntake; an unexpected failure (not a refusal: those are
// results) sets the message aside with its reason, so that it blocks nothing.
void FetchStage::take(StageContext& context, MailIntake& intake, StageReport& report, const MailIntake::Prepared& prepared,
                       const std::string& item, const std::function<void(std::optional<Id>)>& inTransaction)
{
    try {
        count(report, intake.process(prepared, inTransaction));
    } catch (const std::exception& e) {
        ++report.failed;
        const std::string reason = "erreur interne pendant le traitement : " + describe(e);
        Poco::Logger::get("cqp.fetch").error("message %s set aside: %s", item, describe(e));
        context.store.recordFailure(name(), item, reason, context.today.iso());
        count(report, intake.setAside(prepared.raw, reason, inTransaction));
    }
}

// An over-size message is never read into memory nor stored: it waits on disk for the
// secretariat, its sender is told (when it may be answered) from its header alone.
void FetchStage::keepAside(StageContext& context, MailIntake& intake, StageReport& report, const std::string& head,
                            const fs::path& kept, std::uintmax_t size,
                            const std::function<void(std::optional<Id>)>& inTransaction)
{
    const auto& mail = *context.mail;
    const std::string reason = "le message fait " + sizeText(size) + " ; la taille maximale est de " +
                               sizeText(mail.limits.maxMessageBytes) +
                               ". Il est conservé à part par le secrétariat, sans être lu. Envoyez les documents en "
                               "plusieurs messages, ou les scans en 200 ou 300 dpi, noir et blanc.";
    ++report.processed;
    ++report.quarantined;
    const auto result = intake.keptAside(inbox::parseHeaderOnly(head), kept.string(), reason, inTransaction);
    if (result.replied)
        ++report.mailsQueued;
}

StageReport FetchStage::run(StageContext& context)
{
    StageReport report{name()};
    MailIntake intake{context.store, context.referential, context.deadlines, context.today, context.mail->intake()};
    if (context.mail->inbox == MailSettings::Inbox::Maildir)
        fromMaildir(context, intake, report);
    else
        fromPop3(context, intake, report);
    return report;
}

namespace {

// A waiting Maildir message as a worker read it.
struct Waiting {
    enum class Kind { Message, Oversize, Gone } kind = Kind::Gone;
    std::uintmax_t size = 0;
    std::string head;  ///< of an over-size message
    std::optional<MailIntake::Prepared> prepared;
};

}  // namespace

void FetchStage::fromMaildir(StageContext& context, MailIntake& intake, StageReport& report)
{
    const MailSettings& mail = *context.mail;
    const inbox::Maildir maildir{mail.inboxMaildir};
    const auto waiting = maildir.waiting();
    context.begin(name(), waiting.size());
    const auto keys = context.store.accounts().publicKeys();
    Prefetch<Waiting> items{waiting.size(), [&](std::size_t i) {
                                Waiting w;
                                const fs::path file = mail.inboxMaildir / "new" / waiting[i];
                                std::error_code error;
                                w.size = fs::file_size(file, error);
                                if (error)
                                    return w;  // taken by another process in the meantime
                                if (w.size > mail.limits.maxMessageBytes) {
                                    w.kind = Waiting::Kind::Oversize;
                                    w.head = readAll(file, 65536);
                                } else {
                                    w.kind = Waiting::Kind::Message;
                                    w.prepared = intake.prepare(readAll(file, static_cast<std::size_t>(w.size)), &keys);
                                }
                                return w;
                            },
                            batch};
    for (std::size_t first = 0; first < waiting.size() && !context.stopping(); first += batch) {
        // The files move only once their batch is committed: a kill before leaves them in new/.
        std::vector<std::function<void()>> afterCommit;
        std::size_t done = 0;
        context.store.transaction([&] {
            for (std::size_t i = first; i < std::min(waiting.size(), first + batch) && !context.stopping(); ++i, ++done) {
                const Waiting item = items.take(i);
                const fs::path file = mail.inboxMaildir / "new" / waiting[i];
                if (item.kind == Waiting::Kind::Oversize) {
                    fs::create_directories(mail.asideDir);
                    const fs::path kept = mail.asideDir / waiting[i];
                    // Recorded first (once, by its place aside), then moved: a kill in between
                    // leaves it in new/ and the next run moves it without recording it twice.
                    keepAside(context, intake, report, item.head, kept, item.size, {});
                    afterCommit.push_back([file, kept] { fs::rename(file, kept); });
                } else if (item.kind == Waiting::Kind::Message) {
                    take(context, intake, report, *item.prepared, file.string(), {});
                    afterCommit.push_back([&maildir, name = waiting[i]] { maildir.markProcessed(name); });
                }
            }
        });
        for (const auto& move : afterCommit)
            move();
        for (std::size_t i = 0; i < done; ++i)
            context.step();
    }
}

void FetchStage::fromPop3(StageContext& context, MailIntake& intake, StageReport& report)
{
    const MailSettings& mail = *context.mail;
    try {
        inbox::Pop3Mailbox mailbox{mail.pop3};
        const auto entries = mailbox.list();
        context.begin(name(), entries.size());
        const auto keys = context.store.accounts().publicKeys();
        for (std::size_t first = 0; first < entries.size() && !context.stopping(); first += batch) {
            const std::size_t end = std::min(entries.size(), first + batch);
            // The batch's messages are retrieved first (one connection), prepared on worker
            // threads while they are applied, and deleted from the server after the commit.
            std::vector<std::optional<std::string>> raws(end - first);  // none: seen already, or over-size
            for (std::size_t i = first; i < end; ++i)
                if (entries[i].size <= mail.limits.maxMessageBytes && !context.store.mail().pop3Seen(entries[i].uid))
                    raws[i - first] = mailbox.retrieve(entries[i].number);
            Prefetch<std::optional<MailIntake::Prepared>> prepared{
                raws.size(), [&](std::size_t i) -> std::optional<MailIntake::Prepared> {
                    if (!raws[i])
                        return std::nullopt;
                    return intake.prepare(std::move(*raws[i]), &keys);
                }};
            context.store.transaction([&] {
                for (std::size_t i = first; i < end; ++i) {
                    const auto& entry = entries[i];
                    auto message = prepared.take(i - first);
                    if (context.store.mail().pop3Seen(entry.uid))
                        continue;
                    auto seen = [&](std::optional<Id> id) {
                        if (!context.store.mail().pop3Seen(entry.uid))
                            context.store.mail().markPop3Seen(entry.uid, id, utcTimestamp());
                    };
                    if (entry.size > mail.limits.maxMessageBytes) {
                        fs::create_directories(mail.asideDir);
                        const fs::path kept = mail.asideDir / ("pop3-" + sha256Hex(entry.uid).substr(0, 24) + ".eml");
                        {
                            std::ofstream out{kept, std::ios::binary | std::ios::trunc};
                            mailbox.retrieveTo(entry.number, out);
                            if (!out.flush())
                                throw std::runtime_error("cannot write " + kept.string());
                        }
                        keepAside(context, intake, report, mailbox.header(entry.number), kept, entry.size, seen);
                    } else if (message) {
                        take(context, intake, report, *message, "pop3 " + entry.uid, seen);
                    }
                }
            });
            for (std::size_t i = first; i < end; ++i) {
                if (mail.pop3.deleteAfterCommit)
                    mailbox.remove(entries[i].number);
                context.step();
            }
        }
        mailbox.close();
    } catch (const std::exception& e) {
        // The server is unreachable or broke off: what was committed stays done; the rest waits
        // for the next run — and the run says so in its exit code and in `cqp status`.
        ++report.failed;
        const std::string where = mail.pop3.host + ":" + std::to_string(mail.pop3.port);
        Poco::Logger::get("cqp.fetch").error("POP3 %s: %s", where, describe(e));
        context.store.recordFailure(name(), "POP3 " + where, "boîte POP3 injoignable ou interrompue : " + describe(e),
                                    context.today.iso());
    }
}

}  // namespace cqp::pipeline
