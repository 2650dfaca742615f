#include "vfi/base/date.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <ctime>
#include <mutex>
#include <optional>

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

std::optional<Date> day_first_parts(std::string_view t) {
    auto first = t.find_first_of("/-.");
    if (first == std::string_view::npos) return std::nullopt;
    char sep = t[first];
    auto second = t.find(sep, first + 1);
    if (second == std::string_view::npos) return std::nullopt;
    auto day = t.substr(0, first);
    auto month = t.substr(first + 1, second - first - 1);
    auto year = t.substr(second + 1);
    if (day.empty() || day.size() > 2 || month.empty() || month.size() > 2 || year.size() != 4 ||
        !digits(day) || !digits(month) || !digits(year))
        return std::nullopt;
    return Date{number(year), number(month), number(day)};
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

namespace {

std::string zoneinfo_dir() {
    const char* dir = std::getenv("TZDIR");
    return dir && *dir ? dir : "/usr/share/zoneinfo";
}

bool in_database(std::string_view zone) {
    struct stat st {};
    return ::stat((zoneinfo_dir() + "/" + std::string(zone)).c_str(), &st) == 0 &&
           S_ISREG(st.st_mode);
}

// The last Sunday of a month, as days since 1970.
long last_sunday(int year, int month) {
    Date last{year, month, days_in_month(year, month)};
    long days = last.days();
    long weekday = ((days % 7) + 11) % 7;  // 0 = Sunday (1970-01-01 was a Thursday)
    return days - weekday;
}

// UK time without the database: GMT, and BST (+1 hour) from 01:00 GMT on the last Sunday of
// March to 01:00 GMT on the last Sunday of October.
Date london_date(long long seconds) {
    Date utc = Date::from_days(
        static_cast<long>(seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400));
    long long start = last_sunday(utc.year, 3) * 86400LL + 3600;
    long long end = last_sunday(utc.year, 10) * 86400LL + 3600;
    long long local = seconds + (seconds >= start && seconds < end ? 3600 : 0);
    return Date::from_days(static_cast<long>(local >= 0 ? local / 86400 : (local - 86399) / 86400));
}

std::mutex zone_guard;
std::string zone_now = default_time_zone;
std::optional<Date> today_cached;

}  // namespace

bool known_time_zone(std::string_view zone) {
    if (zone.empty() || zone.size() > 64 || zone.front() == '/' ||
        zone.find("..") != std::string_view::npos ||
        zone.find_first_not_of(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_+-") !=
            std::string_view::npos)
        return false;
    return zone == "UTC" || zone == default_time_zone || in_database(zone);
}

Date date_in_zone(long long seconds, const std::string& zone) {
    if (zone == "UTC")
        return Date::from_days(
            static_cast<long>(seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400));
    if (!in_database(zone)) return london_date(seconds);  // Europe/London, known by its rules
    // The C library knows other zones only through TZ: set it, ask, and put it back.
    const char* old = std::getenv("TZ");
    std::string saved = old ? old : "";
    ::setenv("TZ", (":" + zone).c_str(), 1);
    ::tzset();
    std::time_t t = static_cast<std::time_t>(seconds);
    std::tm local{};
    localtime_r(&t, &local);
    if (old)
        ::setenv("TZ", saved.c_str(), 1);
    else
        ::unsetenv("TZ");
    ::tzset();
    return Date{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

void set_time_zone(const std::string& zone) {
    std::lock_guard<std::mutex> lock(zone_guard);
    if (zone == zone_now && today_cached) return;
    zone_now = known_time_zone(zone) ? zone : default_time_zone;
    today_cached = date_in_zone(static_cast<long long>(std::time(nullptr)), zone_now);
}

Date Date::today() {
    if (const char* fixed = std::getenv("VFI_TODAY"))
        if (auto d = parse_date(fixed)) return *d;
    std::lock_guard<std::mutex> lock(zone_guard);
    if (!today_cached)
        today_cached = date_in_zone(static_cast<long long>(std::time(nullptr)), zone_now);
    return *today_cached;
}

Date last_of_month(const Date& date) {
    return Date{date.year, date.month, days_in_month(date.year, date.month)};
}

long days_between(const Date& from, const Date& to) {
    return to.days() - from.days();
}

}  // namespace vfi
