#include "cqp/rules/Date.h"

#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace cqp::rules {

namespace {

std::chrono::year_month_day ymd(std::int64_t days)
{
    return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{days}}};
}

}  // namespace

Date Date::fromYmd(int year, unsigned month, unsigned day)
{
    const std::chrono::year_month_day value{std::chrono::year{year}, std::chrono::month{month},
                                            std::chrono::day{day}};
    if (!value.ok() || year < 1000 || year > 9999)
        throw std::invalid_argument("no such date");
    return Date{std::chrono::sys_days{value}.time_since_epoch().count()};
}

std::optional<Date> Date::parseIso(std::string_view text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    auto number = [&](std::size_t from, std::size_t length) -> std::optional<int> {
        int value = 0;
        for (std::size_t i = from; i < from + length; ++i) {
            if (text[i] < '0' || text[i] > '9')
                return std::nullopt;
            value = value * 10 + (text[i] - '0');
        }
        return value;
    };
    const auto year = number(0, 4);
    const auto month = number(5, 2);
    const auto day = number(8, 2);
    if (!year || !month || !day || *month < 1 || *day < 1)
        return std::nullopt;
    try {
        return fromYmd(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
    } catch (const std::invalid_argument&) {
        return std::nullopt;
    }
}

int Date::year() const { return static_cast<int>(ymd(days_).year()); }
unsigned Date::month() const { return static_cast<unsigned>(ymd(days_).month()); }
unsigned Date::day() const { return static_cast<unsigned>(ymd(days_).day()); }

std::string Date::iso() const
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", year(), month(), day());
    return buffer;
}

std::string Date::french() const
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%02u/%02u/%04d", day(), month(), year());
    return buffer;
}

Date Date::plusYears(int years) const
{
    const int y = year() + years;
    const unsigned m = month();
    unsigned d = day();
    if (m == 2 && d == 29 && !std::chrono::year{y}.is_leap())
        d = 28;
    return fromYmd(y, m, d);
}

}  // namespace cqp::rules
