#include "vfi/ops/limits.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "vfi/base/checked.hpp"
#include "vfi/base/money.hpp"
#include "vfi/ops/pay.hpp"

namespace vfi {

long hundredths_of_hour(long minutes) {
    return (checked_mul(minutes, 100) + 30) / 60;
}

std::string hours_text(long h) {
    return fmt::format("{}.{:02}", h / 100, h % 100);
}

namespace {

std::optional<LimitFigures> figures_on(const Settings& settings, const PartnerLimit& limit,
                                       const Date& day) {
    if (limit.rule.empty()) {
        if (!limit.pay_up_to && !limit.minutes_under) return std::nullopt;
        LimitFigures own;
        own.pay_up_to = limit.pay_up_to;
        own.minutes_under = limit.minutes_under;
        return own;
    }
    const LimitFigures* found = nullptr;
    for (const auto& l : settings.limits)
        if (l.rule == limit.rule && !(day < l.from) && (!found || found->from < l.from)) found = &l;
    if (!found) return std::nullopt;
    return *found;
}

}  // namespace

std::optional<LimitFigures> limit_on(const Settings& settings, const PartnerLimit& limit,
                                     const Date& day) {
    auto figures = figures_on(settings, limit, day);
    // Declared on a day: from the week that holds it (a week is judged whole), never before.
    if (figures && limit.from && day < week_start(*limit.from, figures->week_starts))
        return std::nullopt;
    return figures;
}

bool known_limit_rule(const Settings& settings, const std::string& rule) {
    return std::any_of(settings.limits.begin(), settings.limits.end(),
                       [&](const LimitFigures& l) { return l.rule == rule; });
}

Date week_start(const Date& day, int starts) {
    long days = day.days();
    long weekday = ((days + 3) % 7 + 7) % 7;  // 1970-01-01 was a Thursday: Monday is 0
    return Date::from_days(days - (weekday - starts + 7) % 7);
}

std::vector<LimitWeek> limit_weeks(const Programme& p, const Settings& settings, const Date& from,
                                   const Date& to, const std::string& partner) {
    // The partners asked about who declared a limit (the first of an id given twice, as
    // everywhere a record is found by its id).
    auto limited = [&](const std::string& id) -> const Partner* {
        if (!partner.empty() && id != partner) return nullptr;
        const Partner* x = p.partner(id);
        return x && x->limit.declared() ? x : nullptr;
    };
    // A week may begin six days before the period and end six days after it. Only their
    // sessions are worked out: a session's pay lines are its own.
    Date first_day = Date::from_days(from.days() - 6), last_day = Date::from_days(to.days() + 6);
    std::vector<const Session*> theirs;
    for (const auto& s : p.sessions) {
        if (s.date < first_day || last_day < s.date) continue;
        auto who = p.partners_of(s);
        if (std::any_of(who.begin(), who.end(), [&](const auto& id) { return limited(id); }))
            theirs.push_back(&s);
    }
    if (theirs.empty()) return {};
    Ledger ledger = work_out_pay_among(p, settings, std::move(theirs), first_day, last_day);
    std::map<std::tuple<std::string, Date>, LimitWeek> weeks;
    std::map<std::tuple<std::string, Date>, std::set<std::string>> activities;
    for (const auto& l : ledger.lines) {
        const Partner* who = limited(l.partner);
        // Expenses reimbursed are not earnings: benefit rules count only the fees.
        if (!who || l.item == PayItem::expenses) continue;
        auto on_day = limit_on(settings, who->limit, l.date);
        if (!on_day) continue;
        Date first = week_start(l.date, on_day->week_starts);
        Date last = Date::from_days(first.days() + 6);
        if (last < from || to < first) continue;
        LimitWeek& w = weeks[{l.partner, first}];
        if (w.partner.empty()) {
            w.partner = l.partner;
            w.from = first;
            w.to = last;
            w.figures = limit_on(settings, who->limit, first).value_or(*on_day);
        }
        // A session held counts its own length; preparation and involvement their minutes.
        w.minutes =
            checked_add(w.minutes, l.item == PayItem::session ? l.session_minutes : l.minutes);
        w.pence = checked_add(w.pence, l.pence);
        activities[{l.partner, first}].insert(l.session);
    }
    std::vector<LimitWeek> out;
    for (auto& [key, w] : weeks) {
        w.activities = static_cast<long>(activities[key].size());
        out.push_back(w);
    }
    std::sort(out.begin(), out.end(), [](const LimitWeek& a, const LimitWeek& b) {
        return std::tie(a.from, a.partner) < std::tie(b.from, b.partner);
    });
    return out;
}

std::string over_words(const LimitWeek& w) {
    return w.pay_over() && w.hours_over() ? "its pay and its hours"
           : w.pay_over()                 ? "its pay"
                                          : "its hours";
}

std::vector<std::string> crossing_lines(const Settings& settings,
                                        const std::vector<LimitWeek>& weeks) {
    std::vector<std::string> out;
    for (const auto& w : weeks) {
        if (!w.crossed()) continue;
        out.push_back(fmt::format(
            "{}'s week of {} to {} ({} {} and {} hours) would go over the weekly limit on "
            "earnings they declared ({}) — talk with them before it is paid: see their weeks with "
            "`vfi report statement {}`; if they choose not to take the fee, record it with "
            "`vfi partner set {} payment.preference=expenses-only` (or declined).",
            w.partner, w.from.str(), w.to.str(), money_text(w.pence), settings.currency,
            hours_text(hundredths_of_hour(w.minutes)), over_words(w), w.partner, w.partner));
    }
    return out;
}

std::vector<LimitWeek> crossed_with(Programme programme, const Settings& settings,
                                    const Session& added) {
    programme.sessions.push_back(added);
    std::vector<LimitWeek> out;
    for (const auto& id : programme.partners_of(added)) {
        for (auto& w : limit_weeks(programme, settings, added.date, added.date, id))
            if (w.crossed()) out.push_back(w);
    }
    return out;
}

}  // namespace vfi
