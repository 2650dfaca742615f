#include "context.hpp"

#include "vfi/ops/check.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include <fmt/format.h>

#include "vfi/base/text.hpp"
#include "vfi/model/records.hpp"
#include "vfi/ops/listing.hpp"
#include "vfi/ops/national.hpp"
#include "vfi/store/regions.hpp"

namespace vfi::cli {

std::string command_words(const Globals& globals) {
    std::string words;
    for (const CLI::App* a = globals.app; a;) {
        auto subs = a->get_subcommands();
        if (subs.empty()) break;
        a = subs.front();
        words += (words.empty() ? "" : " ") + a->get_name();
    }
    return words.empty() ? std::string("this command") : words;
}

RecordStore open_here(const Globals& globals) {
    if (!globals.as_of.empty())
        return RecordStore(find_data_directory(globals.data), globals.as_of);
    return RecordStore(find_data_directory(globals.data));
}

RecordStore open_store(const Globals& globals) {
    std::string command = command_words(globals);
    if (globals.national)
        throw Error(ExitCode::usage, {}, "--national",
                    fmt::format("reads every region of a national programme, which the reports, "
                                "`vfi check`, the listings and `show` do; `vfi {}` works on one "
                                "data directory's own records",
                                command),
                    "leave out --national, or run this command in a region's own data directory");
    RecordStore store = open_here(globals);
    if (!store.settings().regions.empty())
        throw Error(ExitCode::usage, {}, "",
                    fmt::format("this is a national data directory (vfi.yaml lists regions): it "
                                "keeps no records of its own, so `vfi {}` has nothing to work on "
                                "here",
                                command),
                    "run it in a region's own data directory (its team's clone); here, the "
                    "reports, listings, `show` and `vfi check` read every region as the last `vfi "
                    "fetch` left it");
    return store;
}

ChangeOptions change_options(const Globals& globals) {
    ChangeOptions options;
    options.commit = !globals.no_commit;
    return options;
}

RecordStore read_store(const Globals& globals, const std::vector<Kind>& kinds) {
    RecordStore store = open_store(globals);
    store.load(kinds);
    return store;
}

namespace {

// A command that changes records works on them as they are now: the past is only read.
}  // namespace

const Globals& now_only(const Globals& globals) {
    if (!globals.as_of.empty())
        throw Error(ExitCode::usage, {}, "--as-of",
                    "only reads the records as they were at a commit, and this command changes "
                    "them",
                    "leave out --as-of: a change is made to the records as they are now; "
                    "nothing was changed");
    return globals;
}

Writing::Writing(const Globals& globals, const std::vector<Kind>& kinds)
    : store(open_store(now_only(globals))), change(store, change_options(globals), Date::today()) {
    store.load(kinds);
}

Format chosen_format(const Globals& globals, Format fallback, const std::vector<Format>& allowed) {
    if (globals.format.empty()) return fallback;
    auto format = format_from_name(globals.format);
    bool ok = format && (allowed.empty() ||
                         std::find(allowed.begin(), allowed.end(), *format) != allowed.end());
    if (!ok) {
        std::vector<std::string> names;
        if (allowed.empty()) {
            names = format_names();
        } else {
            for (Format f : allowed)
                for (const auto& n : format_names())
                    if (format_from_name(n) == f) names.push_back(n);
        }
        throw Error(ExitCode::usage,
                    fmt::format("--format {} is not available here", globals.format),
                    "use " + one_of(names));
    }
    return *format;
}

void no_format(const Globals& globals) {
    if (!globals.format.empty())
        throw Error(ExitCode::usage, {}, "--format", "this command prints no table to format",
                    "leave --format out; it is for list, show, check and reports");
}

CLI::Option* list_option(CLI::Option* option) {
    return option->delimiter(',')->multi_option_policy(CLI::MultiOptionPolicy::Join);
}

void add_shaping(CLI::App& cmd, Shaping& shaping, bool sorts) {
    list_option(cmd.add_option("--fields", shaping.fields,
                               "Only these columns, in this order (comma-separated); names of "
                               "people are shown on screen, and in an export only when named"));
    if (sorts)
        cmd.add_option("--sort", shaping.sort,
                       "Sort by this column; -COLUMN sorts the other way round (e.g. -started)")
            ->allow_extra_args(false);
}

Table shaped(const Table& t, const Shaping& shaping, Format format) {
    Table out = choose_columns(t, split(shaping.fields, ','), format == Format::table);
    sort_rows(out, shaping.sort);
    return out;
}

Colour use_colour(const Globals& globals) {
    if (globals.no_color) return Colour::off;
    if (const char* no = std::getenv("NO_COLOR"); no && *no) return Colour::off;
    return isatty(STDOUT_FILENO) == 1 ? Colour::on : Colour::off;
}

Date date_option(const std::string& text, const std::string& option) {
    if (text.empty()) return Date::today();
    if (auto d = parse_date(text)) return *d;
    throw Error(ExitCode::bad_data, {}, option, date_problem(text),
                "write the date as YYYY-MM-DD, e.g. 2024-03-18");
}

std::pair<Date, Date> month_option(const std::string& text) {
    auto first = parse_date(text + "-01");
    if (text.size() != 7 || !first)
        throw Error(ExitCode::usage, {}, "--month", fmt::format("'{}' is not a month", text),
                    "give it as YYYY-MM, e.g. --month 2024-03");
    return {*first, last_of_month(*first)};
}

void refuse_problems(const std::vector<Problem>& problems, std::string_view what,
                     std::string_view again) {
    if (problems.empty()) return;
    for (const auto& p : problems)
        std::cerr << p.describe() << "\n";
    throw Error(ExitCode::bad_data, {}, "",
                fmt::format("{} above: {} runs only on data `vfi check` passes, or its figures "
                            "would leave records out",
                            counted(problems.size(), "problem"), what),
                fmt::format("fix them, then run {} again", again));
}

void commit_and_print_id(Transaction& change, const std::string& message, const std::string& id) {
    // A commit that fails takes the files back with it, so no id is printed for a record
    // that is not there.
    change.commit(message);
    std::cout << id << '\n';
}

void say(const Globals& globals, const std::string& text) {
    if (!globals.quiet) std::cout << text << '\n';
}

std::vector<const CLI::App*> visible_subcommands(const CLI::App& app) {
    std::vector<const CLI::App*> out;
    for (const CLI::App* sub : app.get_subcommands({}))
        if (!sub->get_group().empty()) out.push_back(sub);  // a hidden command has no group
    return out;
}

std::vector<std::string> visible_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::App* sub : visible_subcommands(app))
        names.push_back(sub->get_name());
    return names;
}

}  // namespace vfi::cli

namespace vfi::cli {

namespace {

// The store of region `r` at the commit `vfi fetch` recorded; a stale one warned of (true).
// Throws Error(not_found) for a region never fetched.
RecordStore region_store(const RecordStore& national, const NationalRegion& r, bool& stale) {
    const std::string& name = r.setting.name;
    if (r.pin.commit.empty()) {
        Unfetched u = never_fetched(r);
        throw Error(ExitCode::not_found, "it " + u.why, u.fix);
    }
    if (!r.pin.failed.empty()) {
        std::cerr << "vfi: warning: region " << name << " is stale: read as at commit "
                  << r.pin.commit.substr(0, 7) << ", and fetching it has failed since "
                  << r.pin.failed.substr(0, 10) << " — run `vfi fetch " << name << "` to see why\n";
        stale = true;
    }
    return RecordStore(national.root(), RecordStore::Region{name, r.pin.commit, r.setting.path,
                                                            region_copy(national.root(), name)});
}

bool reads_regions(const Globals& globals, const RecordStore& store) {
    return globals.national || !store.settings().regions.empty();
}

// The region that ids typed for a national programme name (`london:P-7KQ2MD`), each left as
// the region's own id (`P-7KQ2MD`); nullptr when none is given. Words that are no id
// (`programme`) are kept as they are. An id without a region is refused (the same id may be
// another person in another region), and so are ids of different regions, and a region
// vfi.yaml does not list.
const NationalRegion* region_named_by(const std::vector<NationalRegion>& regions,
                                      const std::vector<std::string*>& ids) {
    std::vector<std::string> names;
    for (const auto& r : regions)
        names.push_back(r.setting.name);
    std::string name, first;
    for (std::string* id : ids) {
        if (id->empty() || *id == "programme" || *id == "learning-partner") continue;
        std::size_t colon = id->find(':');
        if (colon == std::string::npos)
            throw Error(ExitCode::usage, {}, "",
                        fmt::format("'{}' names no region, and this reads a national programme, "
                                    "whose regions' ids may be the same",
                                    *id),
                        fmt::format("name the region as REGION:ID, e.g. {}:{} (the regions: {})",
                                    names.front(), *id, join(names, ", ")));
        if (!name.empty() && id->substr(0, colon) != name)
            throw Error(ExitCode::usage, {}, "",
                        fmt::format("'{}' and '{}' are of different regions", first, *id),
                        "give ids of one region at a time");
        name = id->substr(0, colon), first = *id;
        *id = id->substr(colon + 1);
        if (id->empty())
            throw Error(ExitCode::usage, {}, "",
                        fmt::format("'{}' names a region and no record", first),
                        fmt::format("give the id after the region, e.g. {}P-7KQ2MD", first));
    }
    if (name.empty()) return nullptr;
    auto r = std::find_if(regions.begin(), regions.end(),
                          [&](const NationalRegion& x) { return x.setting.name == name; });
    if (r != regions.end()) return &*r;
    std::string near = nearest(name, names);
    throw Error(ExitCode::not_found, {}, "",
                fmt::format("no region is named '{}' in vfi.yaml", name),
                fmt::format("{}the regions are {}",
                            near.empty() ? "" : fmt::format("did you mean '{}'? ", near),
                            join(names, ", ")));
}

// The same for one id, which must name a region.
const NationalRegion& region_of_ids(const std::vector<NationalRegion>& regions,
                                    const std::vector<std::string*>& ids) {
    const NationalRegion* r = region_named_by(regions, ids);
    if (!r)  // only a word (`programme`) was given
        throw Error(
            ExitCode::usage, {}, "",
            fmt::format("'{}' names no region, and this reads a national programme", *ids.front()),
            "name the region as REGION:ID");
    return *r;
}

}  // namespace

Table listing(const Globals& globals, const std::vector<Kind>& kinds,
              const std::function<Table(RecordStore&)>& list, bool& unread, bool checks_itself,
              const std::vector<std::string*>& ids, bool* left_out) {
    RecordStore store = open_here(globals);  // a national directory's own first
    if (!reads_regions(globals, store)) {
        store.load(kinds);
        if (!checks_itself) unread = tell_unread(store);
        return list(store);
    }
    Table all;
    std::vector<NationalRegion> regions = national_regions(store);
    const NationalRegion* only = region_named_by(regions, ids);  // a filter's id names it
    // A filter no region can take (`--status activ`) is the user's mistake, said once; one
    // that only some regions' words allow lists the others.
    std::optional<Error> bad_filter;
    std::size_t tried = 0, refused = 0;
    for (const auto& r : regions) {
        const std::string& name = r.setting.name;
        if (only && only != &r) continue;
        ++tried;
        try {
            RecordStore region = region_store(store, r, unread);
            region.load(kinds);
            if (!checks_itself) unread = tell_unread(region) || unread;
            Table part = list(region);
            if (all.columns.empty() || !part.rows.empty()) add_region_rows(all, part, name);
        } catch (const Error& e) {
            if (e.code() == ExitCode::usage) {
                ++refused;
                if (!bad_filter) bad_filter = e;
                continue;
            }
            std::cerr << "vfi: warning: region " << name << " is not listed: " << e.describe()
                      << "\n";
            unread = true;
            if (left_out) *left_out = true;
        }
    }
    if (bad_filter && refused == tried) throw *bad_filter;
    return all;
}

void same_currency(std::string& first, const RecordStore& store) {
    const std::string& currency = store.settings().currency;
    // A run paid in another currency than vfi.yaml now says (`vfi check` names it): its
    // amounts, and every claim's, would be shown as the new one.
    for (const auto& r : store.records(Kind::payment))
        if (std::string paid = field_text(r.doc, "currency"); !paid.empty() && paid != currency)
            throw Error(ExitCode::bad_data,
                        fmt::format("its payment run {} was paid in {}, and its vfi.yaml now says "
                                    "{}, so its amounts cannot be listed in either",
                                    r.id, paid, currency),
                        "put payments.currency in its vfi.yaml back (`vfi check` there names the "
                        "run)");
    if (first.empty()) first = currency;
    if (currency != first)
        throw Error(ExitCode::refused,
                    fmt::format("it pays in {}, and the regions listed before it in {}: one "
                                "column of amounts holds one currency",
                                currency, first),
                    "list that region in its own team's data directory");
}

RecordStore show_store(const Globals& globals, std::string& id, const std::vector<Kind>& kinds) {
    RecordStore store = open_here(globals);  // a national directory's own first
    if (!reads_regions(globals, store)) {
        store.load(kinds);
        return store;
    }
    std::vector<NationalRegion> regions = national_regions(store);
    const NationalRegion& r = region_of_ids(regions, {&id});
    bool stale = false;
    RecordStore region = [&] {
        try {
            return region_store(store, r, stale);
        } catch (const Error& e) {
            throw Error(e.code(), e.where(), e.field(),
                        fmt::format("region {} cannot be read: {}", r.setting.name, e.message()),
                        e.hint());
        }
    }();
    region.load(kinds);
    return region;
}

bool tell_unread(const RecordStore& store) {
    std::vector<Problem> problems = load_problems(store);
    if (problems.empty()) return false;
    for (const auto& p : problems)
        std::cerr << p.describe() << "\n";
    std::cerr << fmt::format(
        "vfi: {} not listed — fix {}, then list again (`vfi check` shows "
        "every problem)\n",
        problems.size() == 1 ? "a record with this problem is" : "records with these problems are",
        problems.size() == 1 ? "it" : "them");
    return true;
}

}  // namespace vfi::cli
