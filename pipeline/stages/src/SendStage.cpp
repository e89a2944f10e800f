#include "cqp/stages/SendStage.h"

#include "cqp/outbox/OutgoingMessage.h"
#include "cqp/store/CrashPoints.h"
#include "cqp/outbox/SmtpSender.h"
#include "cqp/outbox/Spool.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/stages/StageSettings.h"
#include "cqp/repositories/Store.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/Timespan.h>

#include <algorithm>
#include <stdexcept>

namespace cqp::pipeline {

namespace {

std::string laterBy(int minutes)
{
    Poco::DateTime when;
    when += Poco::Timespan{0, 0, minutes, 0, 0};
    return Poco::DateTimeFormatter::format(when, "%Y-%m-%dT%H:%M:%S.%iZ");
}

std::string rowKey(const OutboxMail& row)
{
    return sha256Hex(row.createdAt + "\n" + row.recipient + "\n" + row.subject).substr(0, 16);
}

constexpr int maxAttempts = 20;

}  // namespace

outbox::OutgoingMessage outgoingMessage(const OutboxMail& row, const MailSettings& mail)
{
    outbox::OutgoingMessage m;
    m.messageId = "cqp." + std::to_string(row.id) + "." + rowKey(row) + "@" + mail.domain;
    m.from = mail.from;
    m.to = outbox::splitAddresses(row.recipient);
    m.subject = row.subject;
    m.body = row.body;
    m.inReplyTo = row.inReplyTo;
    m.reply = row.reply;
    m.dateIso = row.createdAt;
    return m;
}

StageReport SendStage::run(StageContext& context)
{
    auto& log = Poco::Logger::get("cqp.send");
    StageReport report{name()};
    const MailSettings& mail = *context.mail;
    auto& repository = context.store.mail();
    std::unique_ptr<outbox::SmtpSender> smtp;
    if (mail.outbox == MailSettings::Outbox::Smtp)
        smtp = std::make_unique<outbox::SmtpSender>(mail.smtp);
    const outbox::Spool spool{mail.outboxSpool};
    if (!smtp)
        spool.create();
    std::int64_t lastId = 0;
    context.begin(name(), static_cast<std::size_t>(repository.countDue(utcTimestamp())));
    while (!context.stopping()) {
        auto due = repository.due(utcTimestamp(), 500);
        due.erase(std::remove_if(due.begin(), due.end(), [&](const OutboxMail& m) { return m.id <= lastId; }), due.end());
        if (due.empty())
            break;
        for (const auto& row : due) {
            if (context.stopping())
                break;
            lastId = std::max(lastId, row.id);
            ++report.processed;
            context.step();
            // One row; true when the server is unwell and the other rows must wait for the next run.
            auto deliver = [&]() -> bool {
                auto message = outgoingMessage(row, mail);
                for (const Id documentId : repository.attachments(row.id))
                    if (const auto document = context.store.documents().document(documentId))
                        message.attachments.push_back({document->fileName, document->mediaType, document->content});
                if (message.to.empty()) {
                    repository.markFailed(row.id, "no recipient");
                    ++report.rejected;
                    return false;
                }
                if (!smtp) {
                    std::string text;
                    try {
                        text = outbox::composeMessage(message);
                    } catch (const std::invalid_argument& e) {
                        repository.markFailed(row.id, e.what());
                        ++report.rejected;
                        log.error("mail %?d cannot be written: %s", row.id, std::string{e.what()});
                        return false;
                    }
                    // The file name comes from the row: writing it twice is impossible.
                    spool.deliver(std::to_string(row.id) + "-" + rowKey(row), text);
                    crashPoint("mail written");
                    repository.markSent(row.id, utcTimestamp());
                    ++report.mailsSent;
                    return false;
                }
                const auto delivery = smtp->send(message);
                switch (delivery.result) {
                case outbox::SmtpSender::Result::Sent:
                    // Between the server's acceptance and this commit is the only window in which a
                    // crash makes the mail go twice.
                    crashPoint("mail accepted");
                    repository.markSent(row.id, utcTimestamp());
                    ++report.mailsSent;
                    break;
                case outbox::SmtpSender::Result::Permanent:
                    repository.markFailed(row.id, delivery.detail);
                    ++report.rejected;
                    log.error("mail %?d to %s refused for good: %s", row.id, row.recipient, delivery.detail);
                    break;
                case outbox::SmtpSender::Result::Unreachable:
                    // No session (connection, TLS certificate, password): every mail waits, and
                    // the run says why.
                    repository.markRetry(row.id, delivery.detail, laterBy(std::min(360, 1 << std::min(row.attempts, 9))));
                    ++report.failed;
                    log.error("SMTP %s:%d: %s", mail.smtp.host, mail.smtp.port, delivery.detail);
                    context.store.recordFailure(name(), "SMTP " + mail.smtp.host + ":" + std::to_string(mail.smtp.port),
                                                "serveur d'envoi injoignable ou refusé : " + delivery.detail, context.today.iso());
                    return true;
                case outbox::SmtpSender::Result::Temporary:
                    if (row.attempts + 1 >= maxAttempts)
                        repository.markFailed(row.id, delivery.detail);
                    else
                        repository.markRetry(row.id, delivery.detail, laterBy(std::min(360, 1 << std::min(row.attempts, 9))));
                    log.warning("mail %?d to %s: %s (attempt %d)", row.id, row.recipient, delivery.detail, row.attempts + 1);
                    return true;
                }
                return false;
            };
            try {
                crashPoint("send item");
                if (deliver())
                    return report;
            } catch (const std::exception& e) {
                // A row that makes the sending fail (a file not written, a bad attachment): tried
                // again later like a temporary failure, failed for good after the last attempt;
                // the others still go.
                ++report.failed;
                const auto* poco = dynamic_cast<const Poco::Exception*>(&e);
                const std::string why = poco ? poco->displayText() : e.what();
                log.error("mail %?d not sent: %s", row.id, why);
                if (row.attempts + 1 >= maxAttempts)
                    repository.markFailed(row.id, why);
                else
                    repository.markRetry(row.id, why, laterBy(std::min(360, 1 << std::min(row.attempts, 9))));
                context.store.recordFailure(name(), "outbox " + std::to_string(row.id), "envoi impossible : " + why,
                                            context.today.iso());
            }
        }
    }
    return report;
}

}  // namespace cqp::pipeline
