// Calendar dates (ISO YYYY-MM-DD), parsed by us: never by yaml-cpp.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace vfi {

struct Date {
    int year = 0;
    int month = 0;
    int day = 0;

    auto operator<=>(const Date&) const = default;

    // The date as `YYYY-MM-DD`.
    std::string str() const;
    // Days since 1970-01-01 (negative before it).
    long days() const;
    static Date from_days(long days);
    // Today in local time, or VFI_TODAY (YYYY-MM-DD) when set, so tests are repeatable.
    static Date today();
};

// Exactly `YYYY-MM-DD`, a day that exists. nullopt otherwise.
std::optional<Date> parse_date(std::string_view text);
// True when the text has the shape of a date, real or not (`2023-02-30` does).
bool looks_like_date(std::string_view text);
// Why a date-shaped or other text is not a date, for messages.
std::string date_problem(std::string_view text);

long days_between(const Date& from, const Date& to);

}  // namespace vfi
