#pragma once

// Real mail servers for the tests, from Debian's packages, on 127.0.0.1 high ports:
// dovecot (POP3) serving a Maildir the test fills, and aiosmtpd (SMTP) writing what it
// receives to a Maildir the test reads. Both are stopped when the object goes away.

#include "TestSupport.h"

#include <filesystem>
#include <string>
#include <vector>

namespace cqp::test {

int freePort();

class Pop3Server {
public:
    Pop3Server();
    ~Pop3Server();
    int port() const { return port_; }
    static constexpr const char* user = "cqp";
    static constexpr const char* password = "secret-pop3";
    /// Delivers a raw message to the mailbox (as an MDA would).
    void deliver(const std::string& raw);
    /// Messages still in the mailbox (new/ and cur/).
    std::size_t count() const;

private:
    TempDir dir_;
    int port_ = 0;
    int delivered_ = 0;
};

class SmtpServer {
public:
    /// `picky`: refuses recipients containing "refuse" (550) or "later" (451).
    explicit SmtpServer(bool picky = false);
    ~SmtpServer();
    int port() const { return port_; }
    /// Every message received so far, raw.
    std::vector<std::string> messages() const;

private:
    TempDir dir_;
    int port_ = 0;
    int pid_ = 0;
};

}  // namespace cqp::test
