#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cqp::rules {

/// A calendar date (no time, no zone): the unit of every deadline of the process.
/// Rules never read the clock: callers pass the logical date of the run.
class Date {
public:
    constexpr Date() = default;

    /// Builds a date; throws std::invalid_argument when it does not exist.
    static Date fromYmd(int year, unsigned month, unsigned day);

    /// Parses exactly `YYYY-MM-DD`; nothing on a malformed or impossible date.
    static std::optional<Date> parseIso(std::string_view text);

    /// `YYYY-MM-DD`, for storage and logs.
    std::string iso() const;
    /// `JJ/MM/AAAA`, for French text.
    std::string french() const;

    int year() const;
    unsigned month() const;
    unsigned day() const;

    Date plusDays(std::int64_t days) const { return Date{days_ + days}; }
    /// Same day and month `years` later; 29 February becomes 28 February.
    Date plusYears(int years) const;
    /// Days from `other` to this date (positive when this date is later).
    std::int64_t daysSince(Date other) const { return days_ - other.days_; }

    friend constexpr auto operator<=>(Date, Date) = default;

private:
    constexpr explicit Date(std::int64_t days) : days_{days} {}
    std::int64_t days_ = 0;  // days since 1970-01-01
};

}  // namespace cqp::rules
