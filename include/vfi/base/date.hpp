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
    // Its month as `YYYY-MM`.
    std::string month_str() const { return str().substr(0, 7); }
    // Days since 1970-01-01 (negative before it).
    long days() const;
    static Date from_days(long days);
    // Today where the programme is (its time zone, set_time_zone), whatever the machine's own
    // zone; or VFI_TODAY (YYYY-MM-DD) when set, so tests are repeatable.
    static Date today();
};

// Exactly `YYYY-MM-DD`, a day that exists. nullopt otherwise.
std::optional<Date> parse_date(std::string_view text);
// True when the text has the shape of a date, real or not (`2023-02-30` does).
bool looks_like_date(std::string_view text);
// Why a date-shaped or other text is not a date, for messages.
std::string date_problem(std::string_view text);
// A date written day first, as a UK spreadsheet shows it: `18/03/2024`, `18/3/2024`,
// `18-03-2024` or `18.03.2024`, the year in four digits. The parts as written, whether or not
// that day exists (`31/02/2024` gives 2024-02-31: check it with parse_date(d.str())); nullopt
// for any other shape, `2024-03-18` included.
std::optional<Date> day_first_parts(std::string_view text);

long days_between(const Date& from, const Date& to);
// The last day of the month `date` is in: a month's end, for a period of whole months.
Date last_of_month(const Date& date);

// The programme's time zone, from vfi.yaml `time_zone` (default Europe/London): every "today"
// is the date there, so a partner added on a laptop set to Kiritimati is not "in the future"
// for everyone else. Call before any thread asks for today (the store does, reading vfi.yaml).
inline constexpr const char* default_time_zone = "Europe/London";
void set_time_zone(const std::string& zone);
// A zone name vfi can use: one in the system's time zone database (Debian's tzdata), UTC, or
// Europe/London (whose rules vfi knows without the database).
bool known_time_zone(std::string_view zone);
// The date in `zone` at a moment (seconds since 1970), for tests.
Date date_in_zone(long long seconds, const std::string& zone);

}  // namespace vfi
