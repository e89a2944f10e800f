#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace cqp::inbox {

struct Pop3Settings {
    /// None: clear text (only for a server on this machine); Stls: STLS on the POP3 port;
    /// Implicit: POP3S, TLS from the first byte (port 995).
    enum class Tls { None, Stls, Implicit };
    std::string host = "127.0.0.1";
    int port = 110;
    Tls tls = Tls::None;
    /// CA certificates (PEM file) the server's certificate must chain to; empty: the system's.
    /// The certificate must also name `host`, or the connection is refused.
    std::string caFile;
    std::string user;
    std::string password;  ///< read from a file or the environment, never from cqp.properties
    bool deleteAfterCommit = true;
    int timeoutSeconds = 30;
};

/// A POP3 mailbox (Poco POP3ClientSession). Messages are identified by their UIDL, which stays
/// the same across sessions, so a message is never taken twice; a message is deleted only
/// after its work is committed, and deletions take effect at `close()` (QUIT).
class Pop3Mailbox {
public:
    struct Entry {
        int number = 0;     ///< position in this session
        std::string uid;    ///< UIDL, stable
        std::size_t size = 0;
    };

    explicit Pop3Mailbox(const Pop3Settings& settings);  ///< connects and logs in; throws on failure
    ~Pop3Mailbox();

    std::vector<Entry> list();
    std::string retrieve(int number);
    /// Copies message `number` to `out` as it arrives (an over-size message never sits in memory).
    void retrieveTo(int number, std::ostream& out);
    /// The header lines of message `number` only (TOP n 0), at most `maxBytes`.
    std::string header(int number, std::size_t maxBytes = 65536);
    void remove(int number);
    void close();  ///< QUIT: the server applies the deletions

private:
    struct Session;
    std::unique_ptr<Session> session_;
};

}  // namespace cqp::inbox
