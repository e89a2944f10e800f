#include "Sessions.h"

#include "cqp/actions/Passwords.h"

#include <algorithm>

namespace cqp::pipeline::web {

Session Sessions::open(Id userId, const std::string& userName, ConsoleRole role)
{
    Session s{randomToken(32), randomToken(32), userId, userName, role, {}, std::chrono::steady_clock::now()};
    std::lock_guard lock{mutex_};
    // Forget the sessions gone idle, so that the table never grows with abandoned logins.
    const auto now = s.lastSeen;
    std::erase_if(sessions_, [&](const auto& entry) { return now - entry.second.lastSeen > idle_; });
    sessions_[s.id] = s;
    return s;
}

std::optional<Session> Sessions::find(const std::string& id)
{
    if (id.empty())
        return std::nullopt;
    std::lock_guard lock{mutex_};
    const auto it = sessions_.find(id);
    if (it == sessions_.end())
        return std::nullopt;
    const auto now = std::chrono::steady_clock::now();
    if (now - it->second.lastSeen > idle_) {
        sessions_.erase(it);
        return std::nullopt;
    }
    it->second.lastSeen = now;
    return it->second;
}

void Sessions::close(const std::string& id)
{
    std::lock_guard lock{mutex_};
    sessions_.erase(id);
}

void Sessions::setFlash(const std::string& id, const std::string& message)
{
    std::lock_guard lock{mutex_};
    if (const auto it = sessions_.find(id); it != sessions_.end())
        it->second.flash = message;
}

std::string Sessions::takeFlash(const std::string& id)
{
    std::lock_guard lock{mutex_};
    const auto it = sessions_.find(id);
    if (it == sessions_.end())
        return {};
    return std::exchange(it->second.flash, std::string{});
}

int RateLimiter::admit(const std::string& client)
{
    using namespace std::chrono;
    const auto now = duration_cast<seconds>(steady_clock::now().time_since_epoch()).count();
    const std::int64_t minute = now / 60;
    std::lock_guard lock{mutex_};
    if (clients_.size() > 100000)  // a flood of addresses: start again rather than grow
        clients_.clear();
    auto& w = clients_[client];
    if (w.minute != minute) {
        w.previous = w.minute == minute - 1 ? w.current : 0;
        w.current = 0;
        w.minute = minute;
    }
    // The previous minute counts for the part of it still inside the last 60 seconds.
    const double elapsed = static_cast<double>(now % 60) / 60.0;
    const double recent = w.previous * (1.0 - elapsed) + w.current;
    if (recent >= perMinute_)
        return static_cast<int>(std::max<std::int64_t>(1, 60 - now % 60));
    ++w.current;
    return 0;
}

}  // namespace cqp::pipeline::web
