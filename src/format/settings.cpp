#include "vfi/format/settings.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "vfi/base/text.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/format/vocabulary.hpp"

namespace vfi {
namespace {

struct Reader {
    const std::string& file;
    std::vector<Problem>& problems;

    void add_at(const yaml::Mark& at, const std::string& key, std::string message,
                std::string hint) {
        problems.push_back(
            Problem{Location{file, at.line, at.column}, key, std::move(message), std::move(hint)});
    }

    void add(const yaml::Node& at, const std::string& key, std::string message, std::string hint) {
        problems.push_back(Problem{Location{file, at.mark.line, at.mark.column}, key,
                                   std::move(message), std::move(hint)});
    }

    void integer(const yaml::Node* v, const std::string& key, long min, long max, long& out) {
        if (!v || v->is_null()) return;
        auto n = v->is_scalar() ? parse_integer(v->value) : std::nullopt;
        if (!n || *n < min || *n > max) {
            add(*v, key,
                fmt::format("'{}' is not a whole number from {} to {}", v->value, min, max),
                fmt::format("write a number from {} to {}", min, max));
            return;
        }
        out = *n;
    }

    void boolean(const yaml::Node* v, const std::string& key, bool& out) {
        if (!v || v->is_null()) return;
        auto b = v->is_scalar() ? parse_boolean(v->value) : std::nullopt;
        if (!b) {
            add(*v, key, fmt::format("'{}' is not true or false", v->value), "write true or false");
            return;
        }
        out = *b;
    }

    // Money as pence: `50`, `12.5`, `12.50`, up to max_rate_pounds.
    static constexpr long max_rate_pounds = 10000;
    void money(const yaml::Node* v, const std::string& key, long& out) {
        if (!v || v->is_null()) return;
        std::string t = v->is_scalar() ? v->value : "";
        auto dot = t.find('.');
        std::optional<long> whole = parse_integer(t.substr(0, dot));
        std::string frac = dot == std::string::npos ? "" : t.substr(dot + 1);
        // A sign is refused: `-0.90` would otherwise read as 0 pounds and 90 pence.
        bool ok = whole && *whole >= 0 && !t.empty() && t[0] != '-' && t[0] != '+' &&
                  frac.size() <= 2 && frac.find_first_not_of("0123456789") == std::string::npos;
        if (!ok) {
            add(*v, key, fmt::format("'{}' is not an amount of money", t),
                "write e.g. 50 or 12.50");
            return;
        }
        // A rate beyond any real one is a typo, and could overflow a year's totals.
        if (*whole > max_rate_pounds) {
            add(*v, key, fmt::format("'{}' is more than £{} a session or hour", t, max_rate_pounds),
                "check the amount: write it in pounds, e.g. 50 or 12.50");
            return;
        }
        while (frac.size() < 2)
            frac += '0';
        out = *whole * 100 + std::stol(frac);
    }
};

}  // namespace

namespace {

// `payments.mileage`: each item a rate per mile from a date.
void read_mileage(Reader& r, const yaml::Node& mileage, Settings& s) {
    for (const auto& item : mileage.items) {
        const yaml::Node* from = item.is_map() ? item.find("from") : nullptr;
        auto date = from && from->is_scalar() ? parse_date(from->value) : std::nullopt;
        if (!date) {
            r.add(from ? *from : item, "payments.mileage.from",
                  "each rate per mile needs the date it starts from",
                  "write `- from: 2021-04-01` and `per_mile: 0.45` under it");
            continue;
        }
        for (const auto& e : item.entries)
            if (e.key != "from" && e.key != "per_mile")
                r.add(e.value, "payments.mileage." + e.key,
                      fmt::format("'{}' is not a setting of a rate per mile", e.key),
                      "use from and per_mile");
        if (std::any_of(s.mileage.begin(), s.mileage.end(),
                        [&](const MileageRate& other) { return other.from == *date; })) {
            r.add(*from, "payments.mileage.from",
                  fmt::format("another rate per mile also starts on {}", date->str()),
                  "keep one rate for each date: correct the one you meant, and delete the other");
            continue;
        }
        const yaml::Node* per_mile = item.find("per_mile");
        if (!per_mile) {
            r.add(item, "payments.mileage.per_mile",
                  fmt::format("the rate per mile from {} has no amount", date->str()),
                  "write e.g. `per_mile: 0.45` under it");
            continue;
        }
        MileageRate rate{.from = *date};
        r.money(per_mile, "payments.mileage.per_mile", rate.per_mile_pence);
        s.mileage.push_back(rate);
    }
}

// `payments.limits`: each item a rule's figures from a date.
void read_limits(Reader& r, const yaml::Node& limits, Settings& s) {
    static const std::vector<std::string> keys = {"rule", "from", "weekly_pay_up_to",
                                                  "weekly_hours_under", "week_starts"};
    for (const auto& item : limits.items) {
        if (!item.is_map()) {
            r.add(item, "payments.limits", "each limit is a rule's figures from a date",
                  "write `- rule: esa-permitted-work`, then `from:`, `weekly_pay_up_to:` and "
                  "`weekly_hours_under:` under it");
            continue;
        }
        for (const auto& e : item.entries)
            if (std::find(keys.begin(), keys.end(), e.key) == keys.end())
                r.add(e.value, "payments.limits." + e.key,
                      fmt::format("'{}' is not a setting of a limit", e.key),
                      "use rule, from, weekly_pay_up_to, weekly_hours_under or week_starts");
        LimitFigures l;
        const yaml::Node* rule = item.find("rule");
        if (!rule || !rule->is_scalar() || !valid_tag(rule->value)) {
            r.add(rule ? *rule : item, "payments.limits.rule",
                  "each limit needs the name of its rule, in lower case with hyphens",
                  "write e.g. `- rule: esa-permitted-work`");
            continue;
        }
        l.rule = rule->value;
        const yaml::Node* from = item.find("from");
        auto date = from && from->is_scalar() ? parse_date(from->value) : std::nullopt;
        if (!date) {
            r.add(from ? *from : item, "payments.limits.from",
                  fmt::format("the limit {} needs the date its figures start from", l.rule),
                  "write e.g. `from: 2025-04-07` (YYYY-MM-DD)");
            continue;
        }
        l.from = *date;
        if (std::any_of(s.limits.begin(), s.limits.end(), [&](const LimitFigures& other) {
                return other.rule == l.rule && other.from == l.from;
            })) {
            r.add(*from, "payments.limits.from",
                  fmt::format("the limit {} has two sets of figures from {}", l.rule, date->str()),
                  "keep one for each date: correct the one you meant, and delete the other");
            continue;
        }
        if (const yaml::Node* pay = item.find("weekly_pay_up_to"); pay && !pay->is_null()) {
            long pence = 0;
            std::size_t before = r.problems.size();
            r.money(pay, "payments.limits.weekly_pay_up_to", pence);
            if (r.problems.size() != before) continue;
            l.pay_up_to = pence;
        }
        if (const yaml::Node* hours = item.find("weekly_hours_under"); hours && !hours->is_null()) {
            long whole = -1;
            std::size_t before = r.problems.size();
            r.integer(hours, "payments.limits.weekly_hours_under", 1, 168, whole);
            if (r.problems.size() != before) continue;
            l.minutes_under = whole * 60;
        }
        if (!l.pay_up_to && !l.minutes_under) {
            r.add(item, "payments.limits",
                  fmt::format("the limit {} from {} has no figures", l.rule, date->str()),
                  "give weekly_pay_up_to (e.g. 195.50), weekly_hours_under (e.g. 16), or both");
            continue;
        }
        if (const yaml::Node* start = item.find("week_starts"); start && !start->is_null()) {
            static const std::vector<std::string> days = {
                "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
            auto it =
                start->is_scalar() ? std::find(days.begin(), days.end(), start->value) : days.end();
            if (it == days.end()) {
                r.add(*start, "payments.limits.week_starts",
                      fmt::format("'{}' is not a day of the week", start->value),
                      "write monday (the default), tuesday, ... or sunday");
                continue;
            }
            l.week_starts = static_cast<int>(it - days.begin());
        }
        s.limits.push_back(l);
    }
}

}  // namespace

const std::vector<std::pair<std::string, std::vector<std::string>>>& settings_keys() {
    static const std::vector<std::pair<std::string, std::vector<std::string>>> keys = {
        {"",
         {"vfi", "programme", "organisation", "time_zone", "git", "vocabularies", "matching",
          "sessions", "payments", "reports", "regions"}},
        {"git", {"autocommit"}},
        {"matching", {"weights"}},
        {"matching.weights", {"focus", "lived_experience", "region", "balance"}},
        {"sessions", {"due_after_weeks"}},
        {"payments",
         {"currency", "late_cancellations", "leader_no_shows", "rates", "limits", "mileage"}},
        {"reports", {"disclosure_control", "disclosure_key"}},
    };
    return keys;
}

namespace {

void find_typos(const yaml::Node& map, const std::string& section, const std::string& file,
                std::vector<Problem>& problems) {
    for (const auto& [name, keys] : settings_keys()) {
        if (name != section) continue;
        for (const auto& e : map.entries) {
            std::string here = section.empty() ? e.key : section + "." + e.key;
            if (std::find(keys.begin(), keys.end(), e.key) != keys.end()) {
                if (e.value.is_map()) find_typos(e.value, here, file, problems);
                continue;
            }
            std::string near = nearest(e.key, keys);
            if (near.empty()) continue;  // a key of the user's own: kept, not ours to judge
            problems.push_back(Problem{Location{file, e.key_mark.line, e.key_mark.column}, here,
                                       "vfi does not know this setting, so it has no effect",
                                       fmt::format("did you mean '{}'?", near)});
        }
    }
}

void read_reports(Reader& r, const yaml::Node& reports, Settings& s) {
    if (const auto* dc = reports.find("disclosure_control"); dc && dc->is_scalar()) {
        if (dc->value == "nhs" || dc->value == "none")
            s.disclosure_control = dc->value;
        else
            r.add(*dc, "reports.disclosure_control",
                  fmt::format("'{}' is not nhs or none", dc->value),
                  "write nhs (small counts hidden, for anything published) or none (internal "
                  "use only)");
    }
    // The key is a secret: never repeated in a message.
    if (const auto* key = reports.find("disclosure_key"); key && !key->is_null()) {
        std::string text = key->is_scalar() ? key->value : "";
        bool ok = text.size() == 32 &&
                  text.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
        if (ok)
            s.disclosure_key = text;
        else
            r.add(*key, "reports.disclosure_key",
                  "the key is not 32 hexadecimal digits (0-9 and a-f)",
                  "put back the key every copy of the data shares (see git log -p vfi.yaml), or "
                  "remove the line before any report is published");
    }
}

// `regions:` of a national data directory: each a name and where git fetches it from.
// Two regions' `git` naming one repository: the same but for `file://`, a trailing `/` or `.git`.
bool same_repository(std::string a, std::string b) {
    for (std::string* g : {&a, &b}) {
        if (g->rfind("file://", 0) == 0) g->erase(0, 7);
        while (!g->empty() && g->back() == '/')
            g->pop_back();
        if (g->size() > 4 && g->compare(g->size() - 4, 4, ".git") == 0) g->resize(g->size() - 4);
    }
    return a == b;
}

// One item of `regions:`: a name, a git repository and where in it the data directory is.
void read_region(Reader& r, const yaml::Node& item, Settings& s) {
    const std::string how =
        "write each region as `- name: west-midlands` with `git: URL-or-path` "
        "under it";
    const yaml::Node* name = item.is_map() ? item.find("name") : nullptr;
    const yaml::Node* git = item.is_map() ? item.find("git") : nullptr;
    const yaml::Node* path = item.is_map() ? item.find("path") : nullptr;
    if (!name || !git || !name->is_scalar() || !git->is_scalar()) {
        r.add(item, "regions", "a region needs a name and a git repository", how);
        return;
    }
    const std::string& n = name->value;
    bool kebab = !n.empty() && n.size() <= 40 && n.front() != '-' && n.back() != '-' &&
                 n.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos;
    if (!kebab) {
        r.add(*name, "regions.name",
              fmt::format("'{}' is not a region name of lowercase letters, digits and "
                          "hyphens",
                          n),
              "write e.g. west-midlands (at most 40 characters)");
        return;
    }
    if (std::any_of(s.regions.begin(), s.regions.end(),
                    [&](const RegionSetting& x) { return x.name == n; })) {
        r.add(*name, "regions.name", fmt::format("region '{}' is listed twice", n),
              "give each region its own name, or remove the second");
        return;
    }
    // A repository named like an option would be read by git as one.
    if (git->value.empty() || git->value.front() == '-' ||
        git->value.find_first_of("\n\r") != std::string::npos) {
        r.add(*git, "regions.git", fmt::format("'{}' is not a git repository", git->value),
              "write the URL the region's team pushes to, or a path to their repository");
        return;
    }
    // A key vfi does not read would be ignored, and the region read from the wrong place.
    bool unknown = false;
    for (const auto& e : item.entries) {
        static const std::vector<std::string> keys = {"name", "git", "path"};
        if (std::find(keys.begin(), keys.end(), e.key) != keys.end()) continue;
        std::string near = nearest(lower(e.key), keys);
        r.add_at(e.key_mark, "regions." + e.key, "vfi does not know this setting of a region",
                 near.empty() ? "a region has only name, git and path"
                              : fmt::format("did you mean '{}'?", near));
        unknown = true;
    }
    if (path && !path->is_scalar()) {
        r.add(*path, "regions.path", "the path is not a folder's name",
              "write the data directory's folder from the repository's top, e.g. programme");
        return;
    }
    if (unknown) return;
    // `./programme/`, `programme` and `.` (the top) each as git names it.
    std::string inside = path && path->is_scalar() ? path->value : "";
    while (!inside.empty() && inside.back() == '/')
        inside.pop_back();
    while (inside.starts_with("./"))
        inside.erase(0, 2);
    if (inside == ".") inside.clear();
    if (inside.find("..") != std::string::npos || (!inside.empty() && inside.front() == '/')) {
        r.add(*path, "regions.path",
              fmt::format("'{}' is not a folder inside the repository", inside),
              "write the data directory's folder from the repository's top, e.g. programme");
        return;
    }
    // The same repository twice would count its records twice.
    if (auto it = std::find_if(s.regions.begin(), s.regions.end(),
                               [&](const RegionSetting& x) {
                                   return same_repository(x.git, git->value) && x.path == inside;
                               });
        it != s.regions.end()) {
        r.add(*git, "regions.git",
              fmt::format("region '{}' is the same repository as region '{}', so its records "
                          "would be counted twice",
                          n, it->name),
              "list each repository once");
        return;
    }
    s.regions.push_back(RegionSetting{n, git->value, inside, item.mark.line});
}

void read_regions(Reader& r, const yaml::Node& regions, Settings& s) {
    if (!regions.is_sequence()) {
        if (!regions.is_null())
            r.add(regions, "regions", "the regions are a list",
                  "write each region as `- name: west-midlands` with `git: URL-or-path` under it");
        return;
    }
    for (const auto& item : regions.items)
        read_region(r, item, s);
}

}  // namespace

Settings read_settings(const yaml::Node& root, const std::string& file,
                       std::vector<Problem>& problems) {
    Settings s;
    Reader r{file, problems};
    if (!root.is_map()) {
        r.add(root, "", "vfi.yaml must be a list of `key: value` lines",
              "run `vfi init` in an empty folder to see a fresh vfi.yaml");
        return s;
    }
    find_typos(root, "", file, problems);
    const yaml::Node* version = root.find("vfi");
    if (!version || version->is_null()) {
        problems.push_back(Problem{Location{file, 1, 0}, "vfi", "required field is missing",
                                   "add `vfi: 1` as the first line"});
    } else {
        auto n = version->is_scalar() ? parse_integer(version->value) : std::nullopt;
        if (!n || *n < 1) {
            r.add(*version, "vfi", fmt::format("'{}' is not a format version", version->value),
                  "write `vfi: 1`");
        } else if (*n > format_version) {
            throw Error(ExitCode::bad_data,
                        Location{file, version->mark.line, version->mark.column}, "vfi",
                        fmt::format("this data is in format {}, newer than this vfi reads ({})", *n,
                                    format_version),
                        "upgrade vfi to a release that reads it; nothing was changed");
        } else {
            s.version = *n;
        }
    }
    const yaml::Node* programme = root.find("programme");
    if (!programme || !programme->is_scalar() || trim(programme->value).empty())
        problems.push_back(
            Problem{Location{file, programme ? programme->mark.line : 1, 0}, "programme",
                    "required field is missing",
                    "add the programme's name, e.g. `programme: Voices for Improvement`"});
    else
        s.programme = programme->value;
    if (const auto* org = root.find("organisation"); org && org->is_scalar())
        s.organisation = org->value;
    if (const auto* zone = root.find("time_zone"); zone && !zone->is_null()) {
        if (zone->is_scalar() && known_time_zone(zone->value))
            s.time_zone = zone->value;
        else
            r.add(*zone, "time_zone",
                  fmt::format("'{}' is not a time zone vfi knows",
                              zone->is_scalar() ? zone->value : ""),
                  "write a zone such as Europe/London or Europe/Dublin (the names in "
                  "/usr/share/zoneinfo, from Debian's tzdata package)");
    }

    if (const auto* git = root.find("git"); git && git->is_map())
        r.boolean(git->find("autocommit"), "git.autocommit", s.autocommit);

    if (const auto* vocab = root.find("vocabularies"); vocab && vocab->is_map()) {
        for (const auto& e : vocab->entries) {
            std::string key = "vocabularies." + e.key;
            bool extend = Vocabularies::extendable(e.key);
            bool replace = Vocabularies::replaceable(e.key);
            if (!extend && !replace) {
                std::vector<std::string> allowed = {
                    "regions",    "themes",         "roles",
                    "sectors",    "end_categories", "cancel_categories",
                    "age_band",   "ethnicity",      "gender",
                    "disability", "carer"};
                problems.push_back(
                    Problem{Location{file, e.key_mark.line, e.key_mark.column}, key,
                            fmt::format("'{}' is not a list vfi.yaml can change", e.key),
                            "the lists are " + join(allowed, ", ")});
                continue;
            }
            if (!e.value.is_sequence()) {
                r.add(e.value, key, "expected a list of tags",
                      "write e.g. [isle-of-man, channel-islands]");
                continue;
            }
            std::vector<std::string> values;
            for (const auto& item : e.value.items) {
                if (!item.is_scalar() || !valid_tag(item.value)) {
                    r.add(item, key, fmt::format("'{}' is not a tag", item.value),
                          "use lower-case words joined by dashes");
                    continue;
                }
                values.push_back(item.value);
            }
            if (replace) {
                s.vocabularies.replace(e.key, values);
            } else {
                for (const auto& v : values)
                    s.vocabularies.add(e.key, v);
            }
        }
    }

    if (const auto* matching = root.find("matching"); matching && matching->is_map())
        if (const auto* w = matching->find("weights"); w && w->is_map()) {
            r.integer(w->find("focus"), "matching.weights.focus", 0, 100, s.weights.focus);
            r.integer(w->find("lived_experience"), "matching.weights.lived_experience", 0, 100,
                      s.weights.lived_experience);
            r.integer(w->find("region"), "matching.weights.region", 0, 100, s.weights.region);
            r.integer(w->find("balance"), "matching.weights.balance", 0, 100, s.weights.balance);
        }

    if (const auto* sessions = root.find("sessions"); sessions && sessions->is_map())
        r.integer(sessions->find("due_after_weeks"), "sessions.due_after_weeks", 1, 104,
                  s.due_after_weeks);

    if (const auto* pay = root.find("payments"); pay && pay->is_map()) {
        if (const auto* c = pay->find("currency"); c && c->is_scalar()) s.currency = c->value;
        r.boolean(pay->find("late_cancellations"), "payments.late_cancellations",
                  s.pay_late_cancellations);
        r.boolean(pay->find("leader_no_shows"), "payments.leader_no_shows", s.pay_leader_no_shows);
        if (const auto* rates = pay->find("rates"); rates && rates->is_sequence()) {
            for (const auto& item : rates->items) {
                PaymentRate rate;
                const yaml::Node* from = item.is_map() ? item.find("from") : nullptr;
                auto date = from && from->is_scalar() ? parse_date(from->value) : std::nullopt;
                if (!date) {
                    r.add(from ? *from : item, "payments.rates.from",
                          "each rate needs the date it starts from",
                          "write `- from: 2021-04-01` and the rates under it");
                    continue;
                }
                rate.from = *date;
                // Two rates from one day: which is in force? Never a silent choice of money.
                if (std::any_of(s.rates.begin(), s.rates.end(),
                                [&](const PaymentRate& other) { return other.from == *date; })) {
                    r.add(*from, "payments.rates.from",
                          fmt::format("another rate also starts on {}", date->str()),
                          "keep one rate for each date: correct the one you meant, and delete "
                          "the other");
                    continue;
                }
                r.money(item.find("session"), "payments.rates.session", rate.session_pence);
                r.integer(item.find("prep_minutes"), "payments.rates.prep_minutes", 0, 600,
                          rate.prep_minutes);
                r.money(item.find("hourly"), "payments.rates.hourly", rate.hourly_pence);
                s.rates.push_back(rate);
            }
        }
        if (const auto* limits = pay->find("limits"); limits && limits->is_sequence())
            read_limits(r, *limits, s);
        else if (limits && !limits->is_null())
            r.add(*limits, "payments.limits",
                  "the limits are a list, each rule's figures from a date",
                  "write `- rule: esa-permitted-work` and its figures under it, each a `-`");
        if (const auto* mileage = pay->find("mileage"); mileage && mileage->is_sequence())
            read_mileage(r, *mileage, s);
        else if (mileage && !mileage->is_null())
            r.add(*mileage, "payments.mileage", "the rates per mile are a list, one per date",
                  "write `- from: 2021-04-01` and `per_mile: 0.45` under it, each rate a `-`");
    }

    if (const auto* reports = root.find("reports"); reports && reports->is_map())
        read_reports(r, *reports, s);
    if (const auto* regions = root.find("regions")) read_regions(r, *regions, s);
    return s;
}

std::string settings_template(const std::string& programme, const std::string& organisation,
                              const std::string& disclosure_key) {
    return fmt::format(
        R"(# vfi programme settings. Records live in partners/, leaders/, matches/,
# sessions/ and reflections/, one file each. See docs/format.md for every field.
vfi: 1
programme: {}
organisation:{}
# "Today" is the date here, whatever the zone of the computer vfi runs on.
time_zone: Europe/London
git:
  autocommit: true
vocabularies:
  regions: []
  themes: []
matching:
  weights: {{focus: 3, lived_experience: 2, region: 1, balance: 1}}
sessions:
  due_after_weeks: 6
payments:
  currency: GBP
  late_cancellations: false
  leader_no_shows: false
  rates:
    - from: 2021-04-01
      session: 50
      prep_minutes: 30
      hourly: 25
  # Mileage is reimbursed at the rate per mile in force on the day (HMRC's approved rate for a
  # car is 45p a mile).
  mileage:
    - from: 2021-04-01
      per_mile: 0.45
  # Weekly limits on earnings a partner on benefits may declare (payment.limit.rule in their
  # record): the DWP's figures from each April. Check them each year at gov.uk.
  limits:
    - rule: esa-permitted-work
      from: 2024-04-08
      weekly_pay_up_to: 183.50
      weekly_hours_under: 16
    - rule: esa-permitted-work
      from: 2025-04-07
      weekly_pay_up_to: 195.50
      weekly_hours_under: 16
    - rule: carers-allowance
      from: 2024-04-08
      weekly_pay_up_to: 151.00
    - rule: carers-allowance
      from: 2025-04-07
      weekly_pay_up_to: 196.00
reports:
  disclosure_control: nhs
  # The secret behind the small random adjustments of published counts: keep it the same in
  # every copy of this folder, never change it, and never share it with report readers.
  disclosure_key: {}
)",
        yaml::text_scalar(programme),
        organisation.empty() ? std::string() : fmt::format(" {}", yaml::text_scalar(organisation)),
        disclosure_key);
}

}  // namespace vfi
