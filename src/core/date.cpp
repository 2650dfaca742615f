#include "vfi/date.hpp"

#include <cstdlib>
#include <ctime>

#include <fmt/format.h>

namespace vfi {
namespace {

bool leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

bool digits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

int number(std::string_view s) {
    int n = 0;
    for (char c : s)
        n = n * 10 + (c - '0');
    return n;
}

}  // namespace

bool looks_like_date(std::string_view t) {
    return t.size() == 10 && t[4] == '-' && t[7] == '-' && digits(t.substr(0, 4)) &&
           digits(t.substr(5, 2)) && digits(t.substr(8, 2));
}

std::optional<Date> parse_date(std::string_view t) {
    if (!looks_like_date(t)) return std::nullopt;
    Date d{number(t.substr(0, 4)), number(t.substr(5, 2)), number(t.substr(8, 2))};
    if (d.year < 1900 || d.month < 1 || d.month > 12 || d.day < 1 ||
        d.day > days_in_month(d.year, d.month))
        return std::nullopt;
    return d;
}

std::string date_problem(std::string_view t) {
    if (!looks_like_date(t)) return fmt::format("'{}' is not a date", t);
    int year = number(t.substr(0, 4));
    int month = number(t.substr(5, 2));
    if (year < 1900) return fmt::format("'{}' is before 1900", t);
    if (month < 1 || month > 12) return fmt::format("'{}' has no month {}", t, month);
    return fmt::format("'{}' does not exist ({}-{:02} has {} days)", t, year, month,
                       days_in_month(year, month));
}

std::string Date::str() const {
    return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

// Howard Hinnant's days_from_civil.
long Date::days() const {
    int y = year - (month <= 2 ? 1 : 0);
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = static_cast<unsigned>(y - era * 400);
    unsigned mp = static_cast<unsigned>(month > 2 ? month - 3 : month + 9);
    unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(day) - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long>(doe) - 719468;
}

Date Date::from_days(long z) {
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = static_cast<unsigned>(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = static_cast<long>(yoe) + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return Date{static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m), static_cast<int>(d)};
}

Date Date::today() {
    if (const char* fixed = std::getenv("VFI_TODAY"))
        if (auto d = parse_date(fixed)) return *d;
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return Date{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

long days_between(const Date& from, const Date& to) {
    return to.days() - from.days();
}

}  // namespace vfi
