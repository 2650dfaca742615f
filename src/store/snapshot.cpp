#include "vfi/store/snapshot.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "vfi/base/error.hpp"
#include "vfi/base/process.hpp"
#include "vfi/base/text.hpp"
#include "vfi/format/settings.hpp"
#include "vfi/store/git.hpp"
#include "vfi/yaml/yaml.hpp"

namespace fs = std::filesystem;

namespace vfi {
namespace {

const std::string give_instead =
    "give a commit from a report's footer or from `git log --oneline`, or a date (YYYY-MM-DD)";

// Where the data directory sits in its repository, from one run of git.
struct Place {
    fs::path top;
    std::string prefix;  // `programme/` inside a larger repository, "" at its top
    bool shallow = false;
};

Place place_of(const fs::path& root) {
    if (!looks_like_git_work_tree(root))
        throw Error(ExitCode::usage,
                    "--as-of reads the records from git's history, and this data directory is "
                    "not in git",
                    "leave out --as-of to read the records as they are now");
    auto r = run_process(
        {"git", "rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository"}, root);
    std::vector<std::string> lines;  // the prefix's line is empty at the top
    for (std::size_t at = 0, end; (end = r.out.find('\n', at)) != std::string::npos; at = end + 1)
        lines.push_back(r.out.substr(at, end - at));
    if (r.status != 0 || lines.size() < 3) {
        std::string said = trim(r.err.empty() ? r.out : r.err);
        if (said.size() > 400) said = said.substr(0, 400) + "…";
        throw Error(ExitCode::git, "git could not be run to read the records' history: " + said,
                    "fix what git says (install git, or trust the repository with `git config "
                    "--global --add safe.directory DIR`), then run the command again");
    }
    return Place{lines[0], lines[1], lines[2] == "true"};
}

std::string shallow_hint(const Place& place) {
    return place.shallow ? "this is a shallow clone, which holds only the latest part of the "
                           "history: fetch the rest with `git fetch --unshallow`, or "
                         : "";
}

// The last commit on HEAD's main line made on or before the end of `day` in `zone`, found by
// its place on the line: walking from the first commit, the one before the first made after
// the day. (A commit dated in the past by a wrong clock, or on purpose, after later ones,
// does not stand in for the records of that past day.)
std::pair<std::string, long long> find_commit_on(const fs::path& root, const Place& place,
                                                 const Date& day, const std::string& zone) {
    auto r = run_process({"git", "rev-list", "--first-parent", "--reverse", "--timestamp", "HEAD"},
                         root);
    if (r.status != 0)
        throw Error(ExitCode::not_found, "there are no commits yet, so there is no history to read",
                    "leave out --as-of to read the records as they are now");
    std::pair<std::string, long long> found;
    std::string first;
    for (const auto& line : split(r.out, '\n')) {
        auto space = line.find(' ');
        if (space == std::string::npos) continue;
        long long when = std::atoll(line.substr(0, space).c_str());
        if (first.empty()) first = date_in_zone(when, zone).str();
        if (day < date_in_zone(when, zone)) break;
        found = {line.substr(space + 1), when};
    }
    if (!found.first.empty()) return found;
    std::string hint = shallow_hint(place);
    throw Error(
        ExitCode::not_found,
        fmt::format("no commit was made on or before {}: the first {}was made on {}", day.str(),
                    place.shallow ? "commit in this shallow clone " : "commit ", first),
        hint + fmt::format("give {} or a later date", first));
}

// The commit `text` names, as git takes it.
// The one commit whose id starts with `typed` (hex, as a report's footer shows it), whatever
// branch or tag has the same name; "" when no commit's does. Throws for a start several have.
std::string commit_by_id(const fs::path& root, const std::string& typed) {
    if (typed.size() < 4 || typed.size() >= 40 ||
        typed.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
        return {};
    auto objects = run_process({"git", "rev-parse", "--disambiguate=" + lower(typed)}, root);
    if (objects.status != 0 || trim(objects.out).empty()) return {};
    auto kinds = run_process({"git", "cat-file", "--batch-check"}, root, objects.out);
    std::vector<std::string> commits;
    for (const auto& line : split(kinds.out, '\n')) {
        auto parts = split(line, ' ');
        if (parts.size() >= 2 && parts[1] == "commit") commits.push_back(parts[0]);
    }
    if (commits.size() > 1)
        throw Error(ExitCode::usage, {}, "--as-of",
                    fmt::format("'{}' is the start of {} commits' ids", typed, commits.size()),
                    "give more of the id: `git log --oneline` shows it");
    return commits.empty() ? std::string() : commits.front();
}

std::pair<std::string, long long> commit_named(const fs::path& root, const Place& place,
                                               std::string_view text) {
    std::string typed = trim(text);
    // `82fe056~2`, `82fe056^`: the id's start names the commit the steps count from.
    std::size_t steps = typed.find_first_of("~^");
    std::string hash = commit_by_id(root, typed.substr(0, steps));
    if (!hash.empty() && steps != std::string::npos) {
        typed = hash + typed.substr(steps);
        hash.clear();
    }
    auto r = !hash.empty() ? ProcessResult{0, hash, {}}
             : typed.empty() || typed.front() == '-'
                 ? ProcessResult{}
                 : run_process({"git", "rev-parse", "--verify", "--quiet", "--end-of-options",
                                typed + "^{commit}"},
                               root);
    hash = trim(r.out);
    if (r.status != 0 || hash.empty())
        throw Error(ExitCode::not_found,
                    fmt::format("no commit '{}' in this repository{}", typed,
                                place.shallow ? " (it may be in the part of the history this "
                                                "shallow clone left out)"
                                              : ""),
                    shallow_hint(place) + give_instead);
    auto t = run_process({"git", "rev-list", "-1", "--timestamp", hash}, root);
    long long when = std::atoll(t.out.c_str());
    return {hash, when};
}

// `mode type id<TAB>path` NUL, for every file under the data directory at git's commit: each
// folder's entries, sorted by name. Read in place from git's output, each entry held with no
// allocation of its own past its name: a national programme lists 41,000 files.
void list_files(const fs::path& top, const Place& place, const std::string& commit,
                std::map<std::string, std::vector<SnapshotEntry>, std::less<>>& folders) {
    std::vector<std::string> args = {"git", "ls-tree", "-r", "-z", "--full-tree", commit};
    if (!place.prefix.empty()) args.insert(args.end(), {"--", place.prefix});
    auto r = run_process(args, top);
    if (r.status != 0)
        throw Error(
            ExitCode::git,
            fmt::format("git could not list the files of commit {}: {}", commit, trim(r.err)),
            "fix what git says, then run the command again");
    std::vector<SnapshotEntry>* list = nullptr;  // the folder's list the last name went to
    std::string_view listed = "/";               // and that folder (no folder is named so)
    auto add = [&](std::string_view folder, SnapshotEntry entry) {
        if (!list || folder != listed) list = &folders[std::string(folder)], listed = folder;
        list->push_back(std::move(entry));
    };
    std::string_view out = r.out, top_folder = "/";  // the last folder named at the top
    for (std::size_t at = 0; at < out.size();) {
        std::size_t end = std::min(out.find('\0', at), out.size());
        std::string_view item = out.substr(at, end - at);
        at = end + 1;
        std::size_t tab = item.find('\t'), space = item.find(' ');
        std::size_t space2 = space == std::string_view::npos ? space : item.find(' ', space + 1);
        if (tab == std::string_view::npos || space2 == std::string_view::npos || space2 > tab ||
            item.find(' ', space2 + 1) < tab)
            continue;  // not `mode type id`
        std::string_view mode = item.substr(0, space),
                         type = item.substr(space + 1, space2 - space - 1);
        std::string_view id = item.substr(space2 + 1, tab - space2 - 1),
                         path = item.substr(tab + 1);
        if (!path.starts_with(place.prefix)) continue;
        path.remove_prefix(place.prefix.size());
        // A name at the top or in a folder of it; anything deeper shows as its folder.
        auto slash = path.find('/');
        std::string_view folder = slash == std::string_view::npos ? "" : path.substr(0, slash);
        std::string_view rest = slash == std::string_view::npos ? path : path.substr(slash + 1);
        auto inner = rest.find('/');
        SnapshotEntry entry{std::string(rest.substr(0, inner)), EntryType::file, BlobId(id)};
        if (inner != std::string_view::npos || type != "blob")
            entry.type = EntryType::folder, entry.blob = {};  // a folder, or a submodule
        else if (mode == "120000")
            entry.type = EntryType::link;
        if (!folder.empty() && folder != top_folder) {
            add("", SnapshotEntry{std::string(folder), EntryType::folder, {}});
            top_folder = folder;
        }
        add(folder, std::move(entry));
    }
    // Sorted by name, and of a name given twice (a folder, once for each file in it) the first.
    for (auto& [folder, entries] : folders) {
        std::stable_sort(entries.begin(), entries.end(),
                         [](const auto& a, const auto& b) { return a.name < b.name; });
        entries.erase(std::unique(entries.begin(), entries.end(),
                                  [](const auto& a, const auto& b) { return a.name == b.name; }),
                      entries.end());
        entries.shrink_to_fit();
    }
}

}  // namespace

std::optional<std::string> Snapshot::commit_on(const fs::path& root, const Date& day,
                                               const std::string& zone) {
    try {
        return find_commit_on(root, Place{}, day, zone).first;
    } catch (const Error&) {
        return std::nullopt;
    }
}

Snapshot Snapshot::at(const fs::path& root, std::string_view text, const std::string& zone) {
    Place place = place_of(root);
    Snapshot s;
    s.root_ = root;
    s.prefix_ = place.prefix;
    std::string typed = trim(text);
    long long when = 0;
    if (looks_like_date(typed)) {
        auto day = parse_date(typed);
        if (!day)
            throw Error(ExitCode::usage, {}, "--as-of", date_problem(typed),
                        "give a real day as YYYY-MM-DD, or a commit");
        std::tie(s.commit_, when) = find_commit_on(root, place, *day, zone);
    } else {
        std::tie(s.commit_, when) = commit_named(root, place, typed);
    }
    s.day_ = date_in_zone(when, zone);
    bool typed_start = typed.size() >= 4 && typed.size() < s.commit_.size() &&
                       starts_with(s.commit_, lower(typed)) &&
                       typed.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
    s.shown_ = typed_start
                   ? lower(typed)
                   : trim(run_process({"git", "rev-parse", "--short", s.commit_}, root).out);
    list_files(place.top, place, s.commit_, s.folders_);
    if (!s.entry(settings_file)) {
        auto made = run_process(
            {"git", "log", "--diff-filter=A", "--format=%h %cs", "--", std::string(settings_file)},
            root);
        auto lines = split(made.out, '\n');
        throw Error(ExitCode::not_found,
                    fmt::format("at commit {} ({}) this data directory did not exist yet: it has "
                                "no {}",
                                s.shown_, s.day_.str(), settings_file),
                    lines.empty() ? "give a later commit or date"
                                  : fmt::format("it was made by commit {}: give that commit or a "
                                                "later one, or a date from {} on",
                                                lines.back().substr(0, lines.back().find(' ')),
                                                lines.back().substr(lines.back().find(' ') + 1)));
    }
    return s;
}

Snapshot Snapshot::of_repository(const fs::path& git_dir, const std::string& commit,
                                 const std::string& prefix, const std::string& label,
                                 const std::string& zone) {
    Snapshot s;
    s.root_ = git_dir;
    s.commit_ = commit;
    auto r = run_process({"git", "log", "-1", "--no-walk", "--format=%h %ct", "--end-of-options",
                          commit + "^{commit}", "--"},
                         git_dir);
    auto space = r.out.find(' ');
    if (r.status != 0 || space == std::string::npos)
        throw Error(
            ExitCode::not_found,
            fmt::format("the copy of region {} has no commit {}", label, commit.substr(0, 7)),
            "run `vfi fetch` if a colleague fetched it since you did; if the region's "
            "history was rewritten since (the purge steps of `forget`), figures read at "
            "that commit cannot be made again");
    s.shown_ = label + ":" + r.out.substr(0, space);
    s.day_ = date_in_zone(std::atoll(r.out.c_str() + space + 1), zone);
    Place place{git_dir, prefix.empty() ? "" : prefix + "/", false};
    s.prefix_ = place.prefix;
    list_files(git_dir, place, commit, s.folders_);
    if (!s.entry(settings_file))
        throw Error(ExitCode::bad_data, Location{s.shown_ + ":" + place.prefix + "vfi.yaml", 0, 0},
                    {},
                    "is not there: the region's repository has no data directory " +
                        (prefix.empty() ? "at its top" : "in " + prefix),
                    "check the region's `git` and `path` under `regions:` in vfi.yaml");
    return s;
}

const std::vector<SnapshotEntry>& Snapshot::entries(std::string_view folder) const {
    static const std::vector<SnapshotEntry> none;
    auto it = folders_.find(folder);
    return it == folders_.end() ? none : it->second;
}

const SnapshotEntry* Snapshot::entry(std::string_view relative) const {
    auto slash = relative.rfind('/');
    std::string_view folder = slash == std::string_view::npos ? "" : relative.substr(0, slash);
    std::string_view name = slash == std::string_view::npos ? relative : relative.substr(slash + 1);
    const auto& list = entries(folder);
    auto it =
        std::lower_bound(list.begin(), list.end(), name,
                         [](const SnapshotEntry& e, std::string_view n) { return e.name < n; });
    return it != list.end() && it->name == name ? &*it : nullptr;
}

void Snapshot::read(const std::vector<std::string>& ids,
                    const std::function<void(const std::string&, std::string_view)>& take) const {
    // A record is at most Limits::max_bytes: one byte more is enough to say it is too large.
    git_read_blobs(root_, ids, take, yaml::Limits{}.max_bytes + 1);
}

std::optional<std::string> Snapshot::read(std::string_view relative) const {
    const SnapshotEntry* e = entry(relative);
    if (!e || e->type != EntryType::file) return std::nullopt;
    std::optional<std::string> content;
    read({e->blob.hex()},
         [&](const std::string&, std::string_view bytes) { content = std::string(bytes); });
    return content;
}

}  // namespace vfi
