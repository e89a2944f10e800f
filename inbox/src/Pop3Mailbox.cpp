#include "cqp/inbox/Pop3Mailbox.h"

#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/POP3ClientSession.h>
#include <Poco/Timespan.h>

#include <ostream>
#include <sstream>
#include <stdexcept>

namespace cqp::inbox {

struct Pop3Mailbox::Session {
    Poco::Net::POP3ClientSession client;
    bool open = true;
    Session(const Pop3Settings& s) : client{s.host, static_cast<Poco::UInt16>(s.port)} {}
};

Pop3Mailbox::Pop3Mailbox(const Pop3Settings& settings) : session_{std::make_unique<Session>(settings)}
{
    session_->client.setTimeout(Poco::Timespan{settings.timeoutSeconds, 0});
    session_->client.login(settings.user, settings.password);
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
    session_->client.listMessages(messages);
    std::vector<Entry> entries;
    for (const auto& m : messages) {
        std::string response;
        if (!session_->client.sendCommand("UIDL", std::to_string(m.id), response))
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
    session_->client.retrieveMessage(number, raw);
    return raw.str();
}

void Pop3Mailbox::retrieveTo(int number, std::ostream& out) { session_->client.retrieveMessage(number, out); }

std::string Pop3Mailbox::header(int number, std::size_t maxBytes)
{
    Poco::Net::MessageHeader header;
    session_->client.retrieveHeader(number, header);
    std::ostringstream out;
    header.write(out);
    std::string text = out.str();
    if (text.size() > maxBytes)
        text.resize(maxBytes);
    return text + "\r\n";
}

void Pop3Mailbox::remove(int number) { session_->client.deleteMessage(number); }

void Pop3Mailbox::close()
{
    if (session_ && session_->open) {
        session_->open = false;
        session_->client.close();
    }
}

}  // namespace cqp::inbox
