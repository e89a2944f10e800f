#pragma once

#include "cqp/outbox/OutgoingMessage.h"

#include <memory>
#include <string>

namespace cqp::outbox {

struct SmtpSettings {
    std::string host = "127.0.0.1";
    int port = 25;
    bool startTls = false;
    std::string user;      ///< AUTH LOGIN when set
    std::string password;  ///< from a file or the environment
    std::string heloName = "localhost";
    int timeoutSeconds = 30;
};

/// Delivers messages over one SMTP session (Poco SMTPClientSession, STARTTLS and AUTH when
/// configured). Every failure is classified: temporary (4xx, refused or lost connection: try
/// again later) or permanent (5xx: the message will never be accepted).
class SmtpSender {
public:
    enum class Result { Sent, Temporary, Permanent };
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
