#pragma once

#include "cqp/outbox/OutgoingMessage.h"

#include <memory>
#include <string>

namespace cqp::outbox {

struct SmtpSettings {
    /// None: clear text (only for a relay on this machine); StartTls: STARTTLS on the
    /// submission port (587); Implicit: TLS from the first byte (SMTPS, port 465).
    enum class Tls { None, StartTls, Implicit };
    std::string host = "127.0.0.1";
    int port = 25;
    Tls tls = Tls::None;
    /// CA certificates (PEM file) the server's certificate must chain to; empty: the system's.
    /// The certificate must also name `host`, or nothing is sent.
    std::string caFile;
    std::string user;      ///< AUTH LOGIN when set (only over TLS, or to a relay on this machine)
    std::string password;  ///< from a file or the environment
    std::string heloName = "localhost";
    int timeoutSeconds = 30;
};

/// Delivers messages over one SMTP session (Poco SMTPClientSession, STARTTLS and AUTH when
/// configured). Every failure is classified: temporary (4xx, refused or lost connection: try
/// again later) or permanent (5xx: the message will never be accepted).
class SmtpSender {
public:
    /// Unreachable: no session could be opened (connection, TLS, certificate, authentication):
    /// nothing was sent, the message is to be tried again, and the operator must know.
    enum class Result { Sent, Temporary, Permanent, Unreachable };
    struct Delivery {
        Result result = Result::Sent;
        std::string detail;  ///< the server's answer or the error
    };

    explicit SmtpSender(SmtpSettings settings);
    ~SmtpSender();

    Delivery send(const OutgoingMessage& message);
    void close();

private:
    struct Session;
    void connect();
    SmtpSettings settings_;
    std::unique_ptr<Session> session_;
};

}  // namespace cqp::outbox
