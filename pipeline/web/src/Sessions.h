#pragma once

// Private: the console's sessions (in memory: a restart logs everyone out) and the rate
// limits of `cqp serve`, both safe to use from the server's threads.

#include "cqp/repositories/ConsoleRecords.h"

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace cqp::pipeline::web {

struct Session {
    std::string id;    ///< the cookie's value: 256 random bits
    std::string csrf;  ///< the token every POST form carries
    Id userId = 0;
    std::string userName;
    ConsoleRole role = ConsoleRole::Lecture;
    std::string flash;  ///< a message shown once on the next page
    std::chrono::steady_clock::time_point lastSeen;
};

class Sessions {
public:
    explicit Sessions(std::chrono::seconds idle) : idle_{idle} {}
    Session open(Id userId, const std::string& userName, ConsoleRole role);
    /// The session of this cookie value, touched; nothing when unknown or idle too long.
    std::optional<Session> find(const std::string& id);
    void close(const std::string& id);
    void setFlash(const std::string& id, const std::string& message);
    /// The flash message, removed.
    std::string takeFlash(const std::string& id);

private:
    std::chrono::seconds idle_;
    std::mutex mutex_;
    std::unordered_map<std::string, Session> sessions_;
};

/// At most `perMinute` requests per client address in any minute (a sliding pair of windows).
class RateLimiter {
public:
    explicit RateLimiter(int perMinute) : perMinute_{perMinute} {}
    /// 0 when the request may go on, else the seconds to wait (Retry-After).
    int admit(const std::string& client);

private:
    struct Window {
        std::int64_t minute = 0;
        int current = 0;
        int previous = 0;
    };
    int perMinute_;
    std::mutex mutex_;
    std::unordered_map<std::string, Window> clients_;
};

}  // namespace cqp::pipeline::web
