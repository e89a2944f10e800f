#pragma once

// Real mail servers for the tests, from Debian's packages, on 127.0.0.1 high ports:
// dovecot (POP3) serving a Maildir the test fills, and aiosmtpd (SMTP) writing what it
// receives to a Maildir the test reads. Both are stopped when the object goes away.

#include "TestSupport.h"

#include <filesystem>
#include <string>
#include <vector>

namespace cqp::test {

/// A TCP port on 127.0.0.1 held for this test process, outside the kernel's ephemeral range:
/// a lock (flock) on a file of the build tree's port folder that every test process respects,
/// released when the object goes or the process dies. Two tests running in parallel can never
/// be given the same port, nor talk to each other's server.
class ReservedPort {
public:
    ReservedPort();
    ~ReservedPort();
    ReservedPort(ReservedPort&& other) noexcept;
    ReservedPort& operator=(ReservedPort&&) = delete;
    ReservedPort(const ReservedPort&) = delete;
    ReservedPort& operator=(const ReservedPort&) = delete;
    int port() const { return port_; }

private:
    int port_ = 0;
    int fd_ = -1;
};

/// A certificate authority and two server certificates made by `openssl` for a test: one for
/// 127.0.0.1 and localhost, signed by the CA; one for another name (wrong.example), also signed.
struct TlsFiles {
    std::filesystem::path ca, cert, key, wrongCert, wrongKey;
};
TlsFiles makeTlsFiles(const std::filesystem::path& dir);

class Pop3Server {
public:
    Pop3Server();
    /// Under TLS with `cert` and `key`: STLS required on port(), POP3S on tlsPort().
    Pop3Server(const std::filesystem::path& cert, const std::filesystem::path& key);
    int tlsPort() const { return tlsPort_; }
    /// Also serving the same mailbox over IMAP (dovecot-imapd), on imapPort().
    struct WithImap {};
    explicit Pop3Server(WithImap);
    int imapPort() const { return imapPort_; }
    ~Pop3Server();
    int port() const { return port_; }
    static constexpr const char* user = "cqp";
    static constexpr const char* password = "secret-pop3";
    /// Delivers a raw message to the mailbox (as an MDA would).
    void deliver(const std::string& raw);
    /// Messages still in the mailbox (new/ and cur/).
    std::size_t count() const;

private:
    void start(const std::string& ssl);
    int reserve();
    std::vector<ReservedPort> reserved_;
    TempDir dir_;
    int port_ = 0;
    int tlsPort_ = 0;
    int imapPort_ = 0;
    int delivered_ = 0;
};

class SmtpServer {
public:
    /// `picky`: refuses recipients containing "refuse" (550) or "later" (451).
    explicit SmtpServer(bool picky = false);
    /// Under TLS ("starttls" or "implicit") with `cert` and `key`, AUTH with user "cqp" and
    /// password "secret-smtp" required.
    SmtpServer(const std::string& mode, const std::filesystem::path& cert, const std::filesystem::path& key);
    static constexpr const char* user = "cqp";
    static constexpr const char* password = "secret-smtp";
    ~SmtpServer();
    int port() const { return port_; }
    /// Every message received so far, raw.
    std::vector<std::string> messages() const;

private:
    void run(const std::vector<std::string>& arguments);
    ReservedPort reserved_;
    TempDir dir_;
    int port_ = 0;
    int pid_ = 0;
};

}  // namespace cqp::test
