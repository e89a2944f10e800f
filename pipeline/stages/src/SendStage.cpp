#include "cqp/stages/SendStage.h"

#include "cqp/rules/FillableForms.h"

#include "cqp/outbox/OutgoingMessage.h"
#include "cqp/store/CrashPoints.h"
#include "cqp/outbox/SmtpSender.h"
#include "cqp/outbox/Spool.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/stages/MailSettings.h"
#include "cqp/repositories/Store.h"
#include "cqp/workflow/FormDocuments.h"

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

namespace {

// Delivers outbox rows one at a time, to the SMTP server or the spool folder.
class Delivery {
public:
    Delivery(StageContext& context, StageReport& report)
        : context_{context}, report_{report}, mail_{*context.mail}, repository_{context.store.mail()}, spool_{mail_.outboxSpool}
    {
        if (mail_.outbox == MailSettings::Outbox::Smtp)
            smtp_ = std::make_unique<outbox::SmtpSender>(mail_.smtp);
        else
            spool_.create();
    }

    // One row; true when the server is unwell and the other rows must wait for the next run.
    bool deliver(const OutboxMail& row)
    {
        renderForms(row);
        auto message = outgoingMessage(row, mail_);
        for (const Id documentId : repository_.attachments(row.id))
            if (const auto document = context_.store.documents().document(documentId))
                message.attachments.push_back({document->fileName, document->mediaType, document->content});
        if (message.to.empty()) {
            repository_.markFailed(row.id, "no recipient");
            ++report_.rejected;
            return false;
        }
        if (!smtp_) {
            toSpool(row, message);
            return false;
        }
        return toSmtp(row, message);
    }

    // A row that makes the sending fail (a file not written, a bad attachment): tried again
    // later like a temporary failure, failed for good after the last attempt; the others still go.
    void failed(const OutboxMail& row, const std::string& why)
    {
        ++report_.failed;
        log_.error("mail %?d not sent: %s", row.id, why);
        retryOrFail(row, why);
        context_.store.recordFailure("send", "outbox " + std::to_string(row.id), "envoi impossible : " + why, context_.today.iso());
    }

private:
    // The pre-filled forms the mail carries, rendered now from the committed dossier and stored
    // as its attachments in one transaction (a kill before the mail goes renders nothing twice).
    void renderForms(const OutboxMail& row)
    {
        const auto forms = repository_.formsToRender(row.id);
        const auto fillable = repository_.fillableFormsToRender(row.id);
        std::vector<rules::fillable::FormKind> mailed;  // chosen by the mail's kind, not yet rendered
        if (row.candidatureId)
            for (const auto kind : rules::fillable::formsMailedWith(row.kind))
                if (!repository_.hasAttachmentNamed(row.id, fillableFileName(std::string{rules::fillable::kindName(kind)}, *row.candidatureId)))
                    mailed.push_back(kind);
        if (forms.empty() && fillable.empty() && mailed.empty())
            return;
        context_.store.transaction([&] {
            for (const auto kind : mailed)
                if (const auto pdf = renderMailedForm(context_.store, context_.referential, kind, *row.candidatureId, context_.today,
                                                      context_.deadlines))
                    repository_.attach(row.id, context_.store.documents().store(
                                                   *pdf, "application/pdf",
                                                   fillableFileName(std::string{rules::fillable::kindName(kind)}, *row.candidatureId),
                                                   context_.today));
            for (const auto& form : fillable) {
                const Id document = context_.store.documents().store(
                    renderFillable(context_.store, context_.referential, form.form, form.dossier, form.token, context_.today,
                                   context_.deadlines),
                    "application/pdf",
                    fillableFileName(form.form, form.dossier), context_.today);
                repository_.fillableFormRendered(row.id, form.form, document);
            }
            for (const auto& form : forms) {
                const Id document = context_.store.documents().store(
                    renderForm(context_.store, context_.referential, form.candidatureId, form.outil), "application/pdf",
                    "outil" + std::to_string(form.outil) + "-candidature-" + std::to_string(form.candidatureId) + ".pdf",
                    context_.today);
                repository_.formRendered(row.id, form.outil, document);
            }
        });
    }

    void toSpool(const OutboxMail& row, const outbox::OutgoingMessage& message)
    {
        std::string text;
        try {
            text = outbox::composeMessage(message);
        } catch (const std::invalid_argument& e) {
            repository_.markFailed(row.id, e.what());
            ++report_.rejected;
            log_.error("mail %?d cannot be written: %s", row.id, std::string{e.what()});
            return;
        }
        // The file name comes from the row: writing it twice is impossible.
        spool_.deliver(std::to_string(row.id) + "-" + rowKey(row), text);
        crashPoint("mail written");
        repository_.markSent(row.id, utcTimestamp());
        ++report_.mailsSent;
    }

    bool toSmtp(const OutboxMail& row, const outbox::OutgoingMessage& message)
    {
        const auto delivery = smtp_->send(message);
        switch (delivery.result) {
        case outbox::SmtpSender::Result::Sent:
            // Between the server's acceptance and this commit is the only window in which a
            // crash makes the mail go twice.
            crashPoint("mail accepted");
            repository_.markSent(row.id, utcTimestamp());
            ++report_.mailsSent;
            return false;
        case outbox::SmtpSender::Result::Permanent:
            repository_.markFailed(row.id, delivery.detail);
            ++report_.rejected;
            log_.error("mail %?d to %s refused for good: %s", row.id, row.recipient, delivery.detail);
            return false;
        case outbox::SmtpSender::Result::Unreachable:
            // No session (connection, TLS certificate, password): every mail waits, and the run says why.
            repository_.markRetry(row.id, delivery.detail, laterBy(backOffMinutes(row)));
            ++report_.failed;
            log_.error("SMTP %s:%d: %s", mail_.smtp.host, mail_.smtp.port, delivery.detail);
            context_.store.recordFailure("send", "SMTP " + mail_.smtp.host + ":" + std::to_string(mail_.smtp.port),
                                         "serveur d'envoi injoignable ou refusé : " + delivery.detail, context_.today.iso());
            return true;
        case outbox::SmtpSender::Result::Temporary:
            retryOrFail(row, delivery.detail);
            log_.warning("mail %?d to %s: %s (attempt %d)", row.id, row.recipient, delivery.detail, row.attempts + 1);
            return true;
        }
        return false;
    }

    void retryOrFail(const OutboxMail& row, const std::string& why)
    {
        if (row.attempts + 1 >= maxAttempts)
            repository_.markFailed(row.id, why);
        else
            repository_.markRetry(row.id, why, laterBy(backOffMinutes(row)));
    }

    static int backOffMinutes(const OutboxMail& row) { return std::min(360, 1 << std::min(row.attempts, 9)); }

    StageContext& context_;
    StageReport& report_;
    const MailSettings& mail_;
    MailRepository& repository_;
    const outbox::Spool spool_;
    std::unique_ptr<outbox::SmtpSender> smtp_;
    Poco::Logger& log_ = Poco::Logger::get("cqp.send");
};

}  // namespace

StageReport SendStage::run(StageContext& context)
{
    StageReport report{name()};
    Delivery delivery{context, report};
    auto& repository = context.store.mail();
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
            try {
                crashPoint("send item");
                if (delivery.deliver(row))
                    return report;
            } catch (const std::exception& e) {
                const auto* poco = dynamic_cast<const Poco::Exception*>(&e);
                delivery.failed(row, poco ? poco->displayText() : e.what());
            }
        }
    }
    return report;
}

}  // namespace cqp::pipeline
