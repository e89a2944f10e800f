#include "cqp/outbox/SmtpSender.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Timespan.h>

#include <sstream>
#include <stdexcept>

namespace cqp::outbox {

struct SmtpSender::Session {
    std::unique_ptr<Poco::Net::SMTPClientSession> client;
};

SmtpSender::SmtpSender(SmtpSettings settings) : settings_{std::move(settings)} {}

SmtpSender::~SmtpSender()
{
    try {
        close();
    } catch (...) {
        // Destructors never throw.
    }
}

void SmtpSender::connect()
{
    auto session = std::make_unique<Session>();
    if (settings_.startTls) {
        auto secure = std::make_unique<Poco::Net::SecureSMTPClientSession>(settings_.host, static_cast<Poco::UInt16>(settings_.port));
        secure->setTimeout(Poco::Timespan{settings_.timeoutSeconds, 0});
        secure->login(settings_.heloName);
        Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                                                 Poco::Net::Context::VERIFY_RELAXED);
        secure->startTLS(context);
        session->client = std::move(secure);
    } else {
        session->client = std::make_unique<Poco::Net::SMTPClientSession>(settings_.host, static_cast<Poco::UInt16>(settings_.port));
        session->client->setTimeout(Poco::Timespan{settings_.timeoutSeconds, 0});
    }
    if (!settings_.user.empty())
        session->client->login(Poco::Net::SMTPClientSession::AUTH_LOGIN, settings_.user, settings_.password);
    else if (!settings_.startTls)
        session->client->login(settings_.heloName);
    session_ = std::move(session);
}

SmtpSender::Delivery SmtpSender::send(const OutgoingMessage& message)
{
    try {
        const std::string text = composeMessage(message);
        if (!session_)
            connect();
        // The text sent is exactly composeMessage's (the spool writes the same); Poco does the
        // envelope (MAIL FROM, RCPT TO, DATA) and the dot-stuffing.
        Poco::Net::SMTPClientSession::Recipients recipients{message.to.begin(), message.to.end()};
        std::string sender = message.from;
        if (const auto open = sender.rfind('<'); open != std::string::npos)
            sender = sender.substr(open + 1, sender.rfind('>') - open - 1);
        session_->client->sendAddresses(sender, recipients);
        std::string response;
        const int status = session_->client->sendCommand("DATA", response);
        if (status / 100 != 3)
            throw Poco::Net::SMTPException("Cannot send message data", response, status);
        std::istringstream content{text};
        session_->client->sendMessage(content);
        return {Result::Sent, "250"};
    } catch (const Poco::Net::SMTPException& e) {
        session_.reset();
        const int code = e.code();
        return {code >= 500 && code < 600 ? Result::Permanent : Result::Temporary, e.displayText()};
    } catch (const std::invalid_argument& e) {
        // Not a message any server could take (a recipient that is not one address): never sent.
        return {Result::Permanent, e.what()};
    } catch (const Poco::Exception& e) {
        session_.reset();  // refused, timed out, or lost: try again later on a fresh connection
        return {Result::Temporary, e.displayText()};
    }
}

void SmtpSender::close()
{
    if (session_) {
        try {
            session_->client->close();
        } catch (const Poco::Exception&) {
        }
        session_.reset();
    }
}

}  // namespace cqp::outbox
