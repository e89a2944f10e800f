#include "cqp/outbox/SmtpSender.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Timespan.h>

#include <mutex>
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

namespace {

// Certificates are checked against the CAs and the host name — VERIFY_STRICT, since Poco skips
// the host name check for a local server under VERIFY_RELAXED; a certificate that does not pass
// is refused, never asked about on a console (Poco's default handler would read stdin).
Poco::Net::Context::Ptr clientContext(const std::string& caFile)
{
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::Net::initializeSSL();
        Poco::Net::SSLManager::instance().initializeClient(
            nullptr, new Poco::Net::RejectCertificateHandler(false),
            new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_RELAXED, 9, true));
    });
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, caFile, Poco::Net::Context::VERIFY_STRICT, 9, caFile.empty());
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    return context;
}

}  // namespace

void SmtpSender::connect()
{
    auto session = std::make_unique<Session>();
    const Poco::Timespan timeout{settings_.timeoutSeconds, 0};
    const auto port = static_cast<Poco::UInt16>(settings_.port);
    switch (settings_.tls) {
    case SmtpSettings::Tls::StartTls: {
        auto secure = std::make_unique<Poco::Net::SecureSMTPClientSession>(settings_.host, port);
        secure->setTimeout(timeout);
        secure->login(settings_.heloName);
        if (!secure->startTLS(clientContext(settings_.caFile)))
            throw Poco::Net::SMTPException("the SMTP server does not offer STARTTLS");
        session->client = std::move(secure);
        break;
    }
    case SmtpSettings::Tls::Implicit: {
        Poco::Net::SecureStreamSocket socket{Poco::Net::SocketAddress{settings_.host, port}, settings_.host,
                                             clientContext(settings_.caFile)};
        session->client = std::make_unique<Poco::Net::SMTPClientSession>(socket);
        session->client->setTimeout(timeout);
        break;
    }
    case SmtpSettings::Tls::None:
        session->client = std::make_unique<Poco::Net::SMTPClientSession>(settings_.host, port);
        session->client->setTimeout(timeout);
        break;
    }
    if (!settings_.user.empty()) {
        // AUTH PLAIN where offered (Poco's AUTH LOGIN dialogue is not understood by every server),
        // else AUTH LOGIN.
        std::string capabilities;
        session->client->open();  // the server's greeting, when not read yet
        session->client->sendCommand("EHLO", settings_.heloName, capabilities);
        const bool plain = capabilities.find("AUTH") != std::string::npos && capabilities.find("PLAIN") != std::string::npos;
        session->client->login(settings_.heloName,
                               plain ? Poco::Net::SMTPClientSession::AUTH_PLAIN : Poco::Net::SMTPClientSession::AUTH_LOGIN,
                               settings_.user, settings_.password);
    } else if (settings_.tls != SmtpSettings::Tls::StartTls) {
        session->client->login(settings_.heloName);
    }
    session_ = std::move(session);
}

SmtpSender::Delivery SmtpSender::send(const OutgoingMessage& message)
{
    try {
        const std::string text = composeMessage(message);
        if (!session_) {
            try {
                connect();
            } catch (const Poco::Exception& e) {
                session_.reset();
                return {Result::Unreachable, e.displayText()};
            }
        }
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
