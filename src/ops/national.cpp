#include "vfi/ops/national.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "vfi/base/parallel.hpp"
#include "vfi/base/text.hpp"
#include "vfi/ops/check.hpp"
#include "vfi/ops/transaction.hpp"
#include "vfi/store/cache.hpp"
#include "vfi/store/folder.hpp"
#include "vfi/store/git.hpp"

namespace vfi {
namespace {

std::vector<RegionPin> pins_of(const RecordStore& store) {
    std::vector<Problem> problems;
    auto text = store.read_other(std::string(fetched_file));
    if (!text) return {};
    // Only vfi writes it, from the regions: a hand edit or a merge is undone by a fetch.
    const char* again =
        "run `vfi fetch`, which writes it afresh from the regions (it is never edited by hand)";
    std::vector<RegionPin> pins;
    try {
        pins = read_pins(*text, std::string(fetched_file), problems);
    } catch (const Error& e) {
        throw Error(ExitCode::bad_data, e.where(), e.field(), e.message(), again);
    }
    if (!problems.empty()) {
        const Problem& p = problems.front();
        throw Error(ExitCode::bad_data, p.where, p.field, p.message, again);
    }
    return pins;
}

const RegionPin* pin_of(const std::vector<RegionPin>& pins, const std::string& name) {
    for (const auto& p : pins)
        if (p.name == name) return &p;
    return nullptr;
}

// What a national directory must be before any region is fetched or read: regions listed,
// each as vfi.yaml can say it, and no `.vfi` in git (a copy someone committed is theirs).
void require_regions(const RecordStore& store) {
    const Settings& settings = store.settings();
    for (const auto& p : store.settings_problems())
        if (p.field == "regions" || p.field.rfind("regions.", 0) == 0)
            throw Error(ExitCode::bad_data, p.where, p.field, p.message,
                        p.hint + "; every region must be listed right before any is read");
    if (git_tracks_any(store.root(), ".vfi"))
        throw Error(ExitCode::bad_data, Location{".vfi", 0, 0}, {},
                    "holds files git tracks: vfi's own files were committed, and a copy of a "
                    "region that came through git is not one vfi made",
                    "take them out of git and off the disk with `git rm -r -q --cached .vfi && "
                    "rm -rf .vfi/regions`, commit, then run `vfi fetch`");
    if (settings.regions.empty())
        throw Error(ExitCode::usage, {}, "regions",
                    "vfi.yaml lists no regions, so there is no national programme to read",
                    "list each regional team's repository under `regions:` in vfi.yaml (see "
                    "\"Running a national programme across regions\" in the guide)");
}

std::string short_id(const std::string& commit) {
    return commit.substr(0, 7);
}

}  // namespace

FetchOutcome fetch_regions(RecordStore& store, ChangeOptions options, const Date& today,
                           const std::vector<std::string>& only) {
    const Settings& settings = store.settings();
    require_regions(store);
    for (const auto& name : only)
        if (std::none_of(settings.regions.begin(), settings.regions.end(),
                         [&](const RegionSetting& r) { return r.name == name; })) {
            std::vector<std::string> names;
            for (const auto& r : settings.regions)
                names.push_back(r.name);
            std::string near = nearest(name, names);
            throw Error(
                ExitCode::usage, {}, "REGION", fmt::format("vfi.yaml lists no region '{}'", name),
                near.empty() ? "give a name from `regions:` in vfi.yaml: " + join(names, ", ")
                             : fmt::format("did you mean {}?", near));
        }
    // Alone from here to the commit: two fetches at once (cron and a person) would each remake
    // a copy the other is reading, and the last to commit would record what it read before.
    Transaction change(store, options, today);
    FetchOutcome out;
    std::vector<RegionPin> before, after;
    try {
        before = pins_of(store);
    } catch (const Error& e) {
        // A merge that left fetched.yaml unreadable (conflict markers committed): each copy
        // still knows what it last fetched, so the file is written afresh from what is fetched.
        if (e.code() != ExitCode::bad_data) throw;
        out.unreadable = Error(e.code(), e.where(), e.field(), e.message()).describe();
    }
    for (const auto& region : settings.regions) {
        const RegionPin* was = pin_of(before, region.name);
        RegionPin pin = was ? *was : RegionPin{region.name, {}, {}, {}};
        // With fetched.yaml unreadable, every region is fetched, or the others' would be lost.
        bool asked = only.empty() || !out.unreadable.empty() ||
                     std::find(only.begin(), only.end(), region.name) != only.end();
        if (asked) {
            FetchedRegion got = fetch_region(store.root(), region, pin.commit);
            RegionFetch line{region.name,   {},          short_id(pin.commit),
                             got.error,     pin.fetched, got.rewritten,
                             got.moved_back};
            // Nothing of a rewritten history stays here, in the copy or in vfi's caches.
            if (got.rewritten) forget_region_caches(store.root(), region.name);
            if (got.error.empty()) {
                if (got.commit != pin.commit || !pin.failed.empty()) pin.fetched = utc_now();
                pin.commit = got.commit;
                pin.failed.clear();
            } else {
                // fetched.yaml lost it (a merge, badly): the copy still knows what it holds.
                if (pin.commit.empty()) pin.commit = got.held;
                if (pin.failed.empty()) pin.failed = utc_now();
            }
            line.commit = short_id(pin.commit);
            out.regions.push_back(std::move(line));
        }
        after.push_back(std::move(pin));
    }
    out.forgotten = forget_unlisted_regions(store);
    std::string text = pins_text(after);
    if (text != store.read_other(std::string(fetched_file)).value_or("")) {
        change.put_file(std::string(fetched_file), text, Write::replace);
        change.commit("fetch: the regions' commits");
        out.changed = true;
    }
    return out;
}

namespace {

// A data directory's place in its repository, as one: "", ".", "./" and "x/" as "x".
std::string place_of(std::string path) {
    while (path.starts_with("./"))
        path.erase(0, 2);
    while (!path.empty() && path.back() == '/')
        path.pop_back();
    return path == "." ? std::string() : path;
}

// Whether regions `g` and `h` (g's copy holds h's commit) are one data directory: the same
// folder of one history (the same first commits). Two folders of one repository are two
// regions, and so is a region that merged another's history into its own.
bool same_data(const RecordStore& store, const NationalRegion& g, const NationalRegion& h) {
    if (place_of(g.setting.path) != place_of(h.setting.path)) return false;
    return root_commits(store.root(), g.setting.name, g.pin.commit) ==
           root_commits(store.root(), g.setting.name, h.pin.commit);
}

}  // namespace

std::vector<Problem> shared_histories(const RecordStore& store,
                                      const std::vector<NationalRegion>& listed) {
    std::vector<Problem> out;
    std::set<std::pair<std::string, std::string>> told;
    std::vector<std::string> pins;
    for (const auto& r : listed)
        pins.push_back(r.pin.commit);
    for (const auto& g : listed) {
        if (g.pin.commit.empty() || !region_copy_made(store.root(), g.setting.name)) continue;
        for (const auto& held : commits_held(store.root(), g.setting.name, pins))
            for (const auto& h : listed)
                if (h.pin.commit == held && h.setting.name != g.setting.name &&
                    same_data(store, g, h) &&
                    told.insert(std::minmax(g.setting.name, h.setting.name)).second)
                    out.push_back(Problem{
                        Location{std::string(settings_file), static_cast<int>(g.setting.line), 0},
                        "regions",
                        fmt::format("regions {} and {} are one repository listed twice (the copy "
                                    "of {} holds the commit read for {}), so its records would "
                                    "be counted twice",
                                    g.setting.name, h.setting.name, g.setting.name, h.setting.name),
                        "list it once under `regions:`, then run `vfi fetch`"});
    }
    return out;
}

std::vector<std::string> forget_unlisted_regions(const RecordStore& store) {
    std::vector<std::string> gone;
    auto folder = Folder::open(store.root(), ".vfi/regions");
    if (!folder) return gone;
    for (const auto& [entry, type] : folder->entries()) {
        if (entry.size() <= 4 || entry.compare(entry.size() - 4, 4, ".git") != 0) continue;
        std::string name = entry.substr(0, entry.size() - 4);
        const auto& listed = store.settings().regions;
        if (std::any_of(listed.begin(), listed.end(),
                        [&](const RegionSetting& r) { return r.name == name; }))
            continue;
        if (!region_copy_made(store.root(), name)) continue;  // throws for one vfi did not make
        std::error_code ec;
        std::filesystem::remove_all(region_copy(store.root(), name), ec);
        forget_region_caches(store.root(), name);
        gone.push_back(name);
    }
    return gone;
}

namespace {

// What `vfi check` finds in region `r` at its pin; a copy that cannot be read is a problem.
std::vector<Problem> region_problems(const RecordStore& store, const NationalRegion& r,
                                     const Date& today) {
    try {
        RecordStore region(store.root(),
                           RecordStore::Region{r.setting.name, r.pin.commit, r.setting.path,
                                               region_copy(store.root(), r.setting.name)});
        return check_data(region, today);
    } catch (const Error& e) {
        return {Problem{e.where(), e.field(), e.message(), e.hint()}};
    }
}

}  // namespace

std::vector<std::vector<Problem>> check_regions(const RecordStore& store,
                                                const std::vector<std::string>& names,
                                                const Date& today) {
    std::vector<NationalRegion> listed = national_regions(store);
    std::vector<std::vector<Problem>> found(names.size());
    for_each_index(names.size(), 2, [&](std::size_t i) {
        for (const auto& r : listed)
            if (r.setting.name == names[i] && !r.pin.commit.empty())
                found[i] = region_problems(store, r, today);
    });
    return found;
}

std::vector<Problem> check_national(RecordStore& store, const Date& today) {
    std::vector<Problem> problems = check_programme(store, today);
    // Nothing here is counted or listed, and a record may hold a person's details in a
    // repository shared more widely than the region's: each one is named.
    for (Kind kind : all_kinds)
        for (const auto& id : store.ids(kind))
            problems.push_back(Problem{
                Location{record_path(kind, id), 0, 0},
                {},
                "a record in a national data directory, which keeps none: no report or listing "
                "here counts it, and it may hold a person's details",
                "keep it in its region's own data directory, and remove it here with `git rm`"});
    std::vector<NationalRegion> listed;
    try {
        listed = national_regions(store);
    } catch (const Error& e) {
        // A region vfi.yaml cannot name is among the problems already; anything else is one.
        if (problems.empty()) problems.push_back({e.where(), e.field(), e.message(), e.hint()});
        return problems;
    }
    std::vector<std::vector<Problem>> found(listed.size());
    for_each_index(listed.size(), 2, [&](std::size_t i) {
        const NationalRegion& r = listed[i];
        Location at{std::string(fetched_file), 0, 0};
        if (r.pin.commit.empty()) {
            Unfetched u = never_fetched(r);
            found[i].push_back(Problem{at, r.setting.name, "the region " + u.why, u.fix});
            return;
        }
        if (!r.pin.failed.empty())
            found[i].push_back(
                Problem{at, r.setting.name,
                        fmt::format("the region is stale: fetching it has failed "
                                    "since {}",
                                    r.pin.failed.substr(0, 10)),
                        fmt::format("run `vfi fetch {}` to see why", r.setting.name)});
        auto more = region_problems(store, r, today);
        found[i].insert(found[i].end(), more.begin(), more.end());
    });
    for (auto& f : found)
        problems.insert(problems.end(), f.begin(), f.end());
    auto twice = shared_histories(store, listed);
    problems.insert(problems.end(), twice.begin(), twice.end());
    return problems;
}

bool is_record_id(std::string_view text) {
    if (text.size() < 8 || text[1] != '-' ||
        std::string_view("PLMSRY").find(text[0]) == std::string_view::npos)
        return false;
    return text.substr(2).find_first_not_of("0123456789ABCDEFGHJKMNPQRSTVWXYZ") ==
           std::string_view::npos;
}

void add_region_rows(Table& into, const Table& part, const std::string& region,
                     std::vector<std::vector<std::string>>* totals) {
    if (into.columns.empty()) {
        // A table with a region of its own (a partner's) names the region's team instead.
        bool taken =
            std::find(part.columns.begin(), part.columns.end(), "region") != part.columns.end();
        into.add_column(taken ? "team" : "region");
        for (std::size_t c = 0; c < part.columns.size(); ++c)
            into.add_column(part.columns[c], part.types[c]);
    }
    // Only a column of ids gets the region: a name or a note that looks like an id is text.
    static const std::set<std::string, std::less<>> id_columns = {
        "id", "partner", "partners", "leader", "leaders", "match", "session", "by", "about", "run"};
    for (const auto& row : part.rows) {
        if (totals && !row.empty() && row[0] == "total") {
            totals->push_back(row);
            continue;
        }
        std::vector<std::string> cells = {region};
        for (std::size_t c = 0; c < row.size(); ++c) {
            const std::string& cell = row[c];
            bool ids = c < part.columns.size() &&
                       (id_columns.count(part.columns[c]) != 0 || part.columns[c].ends_with("_id"));
            if (!ids) {
                cells.push_back(cell);
                continue;
            }
            if (c < part.types.size() && part.types[c] == ColumnType::list) {
                std::vector<std::string> items = Table::list_items(cell);
                for (auto& item : items)
                    if (is_record_id(item)) item = region + ":" + item;
                cells.push_back(Table::list_cell(items));
            } else if (auto items = split(cell, ','); items.size() > 1) {
                // `P-GWA03E, P-WH2MVG`: each id named, when every item is one.
                bool ids = std::all_of(items.begin(), items.end(),
                                       [](const std::string& i) { return is_record_id(trim(i)); });
                std::vector<std::string> named;
                for (const auto& i : items)
                    named.push_back(ids ? region + ":" + trim(i) : i);
                cells.push_back(ids ? join(named, ", ") : cell);
            } else {
                cells.push_back(is_record_id(cell) ? region + ":" + cell : cell);
            }
        }
        cells.resize(into.columns.size());
        into.add_row(std::move(cells));
    }
}

Unfetched never_fetched(const NationalRegion& region) {
    const std::string& name = region.setting.name;
    if (region.pin.failed.empty())
        return {"has never been fetched", fmt::format("run `vfi fetch {}`", name)};
    return {fmt::format("has never been fetched: fetching it has failed since {}",
                        region.pin.failed.substr(0, 10)),
            fmt::format("run `vfi fetch {}` to see why", name)};
}

std::vector<NationalRegion> national_regions(const RecordStore& store) {
    require_regions(store);
    std::vector<RegionPin> pins = pins_of(store);
    std::vector<NationalRegion> out;
    for (const auto& region : store.settings().regions) {
        const RegionPin* pin = pin_of(pins, region.name);
        out.push_back({region, pin ? *pin : RegionPin{region.name, {}, {}, {}}});
    }
    return out;
}

}  // namespace vfi
