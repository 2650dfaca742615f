#include "context.hpp"

#include "vfi/ops/check.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include <fmt/format.h>

#include "vfi/base/text.hpp"
#include "vfi/ops/national.hpp"

namespace vfi::cli {

RecordStore open_store(const Globals& globals) {
    if (globals.national)
        throw Error(ExitCode::usage, {}, "--national",
                    "reads every region of a national programme, and only listings, `vfi check` "
                    "and the reports do that so far",
                    "leave out --national, or run this command in a region's own data directory");
    if (!globals.as_of.empty())
        return RecordStore(find_data_directory(globals.data), globals.as_of);
    return RecordStore(find_data_directory(globals.data));
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

Table listing(const Globals& globals, const std::vector<Kind>& kinds,
              const std::function<Table(RecordStore&)>& list, bool& unread) {
    Globals here = globals;
    here.national = false;  // the national directory's own store first
    RecordStore store = open_store(here);
    if (!globals.national && store.settings().regions.empty()) {
        store.load(kinds);
        unread = tell_unread(store);
        return list(store);
    }
    Table all;
    for (const auto& r : national_regions(store)) {
        const std::string& name = r.setting.name;
        try {
            if (r.pin.commit.empty())
                throw Error(ExitCode::not_found, "it has never been fetched", "run `vfi fetch`");
            if (!r.pin.failed.empty()) {
                std::cerr << "vfi: warning: region " << name << " is stale: listed as at commit "
                          << r.pin.commit.substr(0, 7) << ", and fetching it has failed since "
                          << r.pin.failed.substr(0, 10) << " — run `vfi fetch " << name
                          << "` to see why\n";
                unread = true;
            }
            RecordStore region(store.root(), RecordStore::Region{name, r.pin.commit, r.setting.path,
                                                                 region_copy(store.root(), name)});
            region.load(kinds);
            unread = tell_unread(region) || unread;
            Table part = list(region);
            if (all.columns.empty() || !part.rows.empty()) add_region_rows(all, part, name);
        } catch (const Error& e) {
            std::cerr << "vfi: warning: region " << name << " is not listed: " << e.describe()
                      << "\n";
            unread = true;
        }
    }
    return all;
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
