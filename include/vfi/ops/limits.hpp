// Weekly limits on what partners on benefits may earn (DWP permitted work for ESA, Carer's
// Allowance, or a partner's own figures): each week's pay and hours against the limit a partner
// declared, so a session that would take them over is caught before it is paid. A limit is
// confidential: the weeks that cross are named to the coordinator and in the partner's own
// statement, never the limit itself in a report for anyone else.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "vfi/base/date.hpp"
#include "vfi/format/settings.hpp"
#include "vfi/model/programme.hpp"

namespace vfi {

// The figures of a partner's limit in force on a day: their own, or their rule's with the
// latest `from` on or before it. None when they declared none, or the rule has no figures yet.
std::optional<LimitFigures> limit_on(const Settings& settings, const PartnerLimit& limit,
                                     const Date& day);

// A rule a partner names that vfi.yaml does not have (`payment.limit.rule`), for `check`.
bool known_limit_rule(const Settings& settings, const std::string& rule);

struct LimitWeek {
    std::string partner;
    Date from, to;  // the week, first and last day
    long pence = 0, minutes = 0, activities = 0;
    LimitFigures figures;  // in force on its first day
    bool pay_over() const { return figures.pay_up_to && pence > *figures.pay_up_to; }
    bool hours_over() const { return figures.minutes_under && minutes >= *figures.minutes_under; }
    bool crossed() const { return pay_over() || hours_over(); }
};

// Every week of each partner with a limit that has paid activity and meets from..to (all of
// the week counted, whichever month its days are in), oldest first; only `partner`'s when
// given. A week's pay is what its activity earns (fees, not expenses); its hours the sessions'
// length when held, paid preparation and involvement.
std::vector<LimitWeek> limit_weeks(const Programme& programme, const Settings& settings,
                                   const Date& from, const Date& to,
                                   const std::string& partner = {});

// The weeks that cross, as lines for "Needs attention" that never state the limit: "P-… (the
// week of 2025-04-07 to 2025-04-13: 250.00 GBP and 5.00 hours) would go over the weekly limit
// they declared — …".
std::vector<std::string> crossing_lines(const Settings& settings,
                                        const std::vector<LimitWeek>& weeks);

// What takes a week over: "its pay", "its hours" or "its pay and its hours".
std::string over_words(const LimitWeek& week);

// What `session log` warns before it commits: the weeks a new session would take a partner
// over their limit in (`added` counted with the rest).
std::vector<LimitWeek> crossed_with(Programme programme, const Settings& settings,
                                    const Session& added);

// The first day of the week `day` is in, for weeks that start on `starts` (0 Monday .. 6
// Sunday).
Date week_start(const Date& day, int starts);

// Minutes as hours to the hundredth (halves up), as statements and limits show them.
long hundredths_of_hour(long minutes);
std::string hours_text(long hundredths);

}  // namespace vfi
