#include "cqp/store/StoreLocation.h"

#include "cqp/store/Clock.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <stdexcept>

namespace cqp::pipeline {

std::string utcTimestamp(int secondsFromNow)
{
    Poco::Timestamp at;
    at += static_cast<Poco::Timestamp::TimeDiff>(secondsFromNow) * Poco::Timestamp::resolution();
    return Poco::DateTimeFormatter::format(at, "%Y-%m-%dT%H:%M:%S.%iZ");
}

StoreLocation StoreLocation::parse(const std::string& text)
{
    const auto colon = text.find(':');
    const std::string scheme = colon == std::string::npos ? "" : text.substr(0, colon);
    const std::string rest = colon == std::string::npos ? "" : text.substr(colon + 1);
    if (scheme == "sqlite" && !rest.empty())
        return {Kind::SQLite, rest};
    if ((scheme == "postgresql" || scheme == "postgres") && !rest.empty())
        return {Kind::PostgreSQL, rest};
    throw std::invalid_argument("store must be sqlite:FILE or postgresql:KEY=VALUE..., not '" + text + "'");
}

std::string StoreLocation::describe() const
{
    if (kind == Kind::SQLite)
        return "sqlite:" + target;
    // Never print a password that someone put in the connection string.
    std::string shown;
    std::size_t at = 0;
    while (at < target.size()) {
        auto end = target.find(' ', at);
        if (end == std::string::npos)
            end = target.size();
        const std::string part = target.substr(at, end - at);
        if (!part.empty())
            shown += (shown.empty() ? "" : " ") + (part.rfind("password=", 0) == 0 ? std::string{"password=***"} : part);
        at = end + 1;
    }
    return "postgresql:" + shown;
}

}  // namespace cqp::pipeline
