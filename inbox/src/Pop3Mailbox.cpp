#include "cqp/inbox/Pop3Mailbox.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/DialogSocket.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/POP3ClientSession.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Timespan.h>

#include <mutex>
#include <ostream>
#include <sstream>
#include <stdexcept>

namespace cqp::inbox {

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

// One "+OK" line on a connection not yet handed to POP3ClientSession (greeting, STLS).
void expectOk(Poco::Net::DialogSocket& dialog, const char* what)
{
    std::string line;
    dialog.receiveMessage(line);
    if (line.rfind("+OK", 0) != 0)
        throw Poco::Net::POP3Exception(what, line);
}

std::unique_ptr<Poco::Net::POP3ClientSession> connectPop3(const Pop3Settings& s)
{
    const Poco::Net::SocketAddress address{s.host, static_cast<Poco::UInt16>(s.port)};
    const Poco::Timespan timeout{s.timeoutSeconds, 0};
    if (s.tls == Pop3Settings::Tls::Implicit) {
        Poco::Net::SecureStreamSocket socket{address, s.host, clientContext(s.caFile)};
        socket.setReceiveTimeout(timeout);
        Poco::Net::DialogSocket dialog{socket};
        expectOk(dialog, "the POP3 server did not greet");
        auto client = std::make_unique<Poco::Net::POP3ClientSession>(socket);
        client->setTimeout(timeout);
        return client;
    }
    if (s.tls == Pop3Settings::Tls::Stls) {
        // Greeting and STLS in clear text, then the same connection under TLS (RFC 2595).
        Poco::Net::StreamSocket plain;
        plain.connect(address, timeout);
        plain.setReceiveTimeout(timeout);
        Poco::Net::DialogSocket dialog{plain};
        expectOk(dialog, "the POP3 server did not greet");
        dialog.sendMessage("STLS");
        expectOk(dialog, "the POP3 server refused STLS");
        Poco::Net::SecureStreamSocket secure = Poco::Net::SecureStreamSocket::attach(plain, s.host, clientContext(s.caFile));
        auto client = std::make_unique<Poco::Net::POP3ClientSession>(secure);
        client->setTimeout(timeout);
        return client;
    }
    auto client = std::make_unique<Poco::Net::POP3ClientSession>(s.host, static_cast<Poco::UInt16>(s.port));
    client->setTimeout(timeout);
    return client;
}

}  // namespace

struct Pop3Mailbox::Session {
    std::unique_ptr<Poco::Net::POP3ClientSession> client;
    bool open = true;
};

Pop3Mailbox::Pop3Mailbox(const Pop3Settings& settings) : session_{std::make_unique<Session>()}
{
    session_->client = connectPop3(settings);
    if (settings.tls == Pop3Settings::Tls::None) {
        session_->client->login(settings.user, settings.password);
        return;
    }
    // Under TLS the greeting was read when connecting: the login is USER and PASS.
    std::string response;
    if (!session_->client->sendCommand("USER", settings.user, response))
        throw Poco::Net::POP3Exception("the POP3 server refused the user", response);
    if (!session_->client->sendCommand("PASS", settings.password, response))
        throw Poco::Net::POP3Exception("the POP3 server refused the password", response);
}

Pop3Mailbox::~Pop3Mailbox()
{
    try {
        close();
    } catch (...) {
        // Destructors never throw; unapplied deletions are retried next time (UIDL seen).
    }
}

std::vector<Pop3Mailbox::Entry> Pop3Mailbox::list()
{
    Poco::Net::POP3ClientSession::MessageInfoVec messages;
    session_->client->listMessages(messages);
    std::vector<Entry> entries;
    for (const auto& m : messages) {
        std::string response;
        if (!session_->client->sendCommand("UIDL", std::to_string(m.id), response))
            throw std::runtime_error("the POP3 server refused UIDL: " + response);
        std::istringstream words{response};
        std::string ok, number, uid;
        words >> ok >> number >> uid;
        if (uid.empty())
            throw std::runtime_error("unexpected UIDL answer: " + response);
        entries.push_back({m.id, uid, static_cast<std::size_t>(m.size)});
    }
    return entries;
}

std::string Pop3Mailbox::retrieve(int number)
{
    std::ostringstream raw;
    session_->client->retrieveMessage(number, raw);
    return raw.str();
}

void Pop3Mailbox::retrieveTo(int number, std::ostream& out) { session_->client->retrieveMessage(number, out); }

std::string Pop3Mailbox::header(int number, std::size_t maxBytes)
{
    Poco::Net::MessageHeader header;
    session_->client->retrieveHeader(number, header);
    std::ostringstream out;
    header.write(out);
    std::string text = out.str();
    if (text.size() > maxBytes)
        text.resize(maxBytes);
    return text + "\r\n";
}

void Pop3Mailbox::remove(int number) { session_->client->deleteMessage(number); }

void Pop3Mailbox::close()
{
    if (session_ && session_->open) {
        session_->open = false;
        session_->client->close();
    }
}

}  // namespace cqp::inbox
