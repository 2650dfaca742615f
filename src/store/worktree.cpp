#include "vfi/store/worktree.hpp"

#include <cstring>

#include <sys/stat.h>

#include <algorithm>
#include <span>
#include <string_view>
#include <unordered_set>

#include "vfi/base/error.hpp"
#include "vfi/base/process.hpp"
#include "vfi/base/text.hpp"
#include "vfi/store/cache.hpp"
#include "vfi/store/folder.hpp"
#include "vfi/store/git.hpp"
#include "vfi/store/git_index.hpp"

namespace fs = std::filesystem;

namespace vfi {

std::optional<GitFacts> git_facts(const fs::path& dir) {
    // One git for all: before the first commit it fails at HEAD, after printing the rest; a
    // data directory HEAD holds nothing of makes it fail at the tree.
    auto r = run_process({"git", "rev-parse", "--is-inside-work-tree", "--absolute-git-dir",
                          "--show-prefix", "HEAD", "HEAD:./"},
                         dir);
    std::vector<std::string> lines;  // every line, the empty prefix of the top included
    for (std::size_t at = 0; at < r.out.size();) {
        auto end = r.out.find('\n', at);
        if (end == std::string::npos) end = r.out.size();
        lines.push_back(r.out.substr(at, end - at));
        at = end + 1;
    }
    if (lines.size() < 3 || lines[0] != "true") return std::nullopt;
    GitFacts facts{lines[1], lines[2], {}, {}, {}};
    if (lines.size() >= 4 && lines[3].size() == 40 &&
        lines[3].find_first_not_of("0123456789abcdef") == std::string::npos)
        facts.head = lines[3];
    if (r.status == 0 && !facts.head.empty() && lines.size() >= 5 && lines[4].size() == 40)
        facts.tree = lines[4];
    return facts;
}

namespace {

// vfi's own folder and scratch files, never part of the data (as git_has_changes leaves them).
bool vfi_own(std::string_view relative) {
    if (relative == ".vfi" || starts_with(relative, ".vfi/")) return true;
    for (std::size_t at = 0; at < relative.size();) {
        auto slash = relative.find('/', at);
        auto name = relative.substr(at, slash == std::string_view::npos ? slash : slash - at);
        if (starts_with(name, ".vfi-")) return true;
        if (slash == std::string_view::npos) break;
        at = slash + 1;
    }
    return false;
}

// The index entry's stat data is the file's: git would call it unchanged without reading it,
// and it is not "racily clean" (changed in the same tick as the index was written).
bool same_stat(const GitIndexEntry& e, const IndexStamp& s, unsigned mode, const ReadIndex& index) {
    if (e.mode != mode || e.size != s.size || e.ino != s.inode || e.mtime_s != s.mtime_s ||
        e.mtime_ns != s.mtime_ns || e.ctime_s != s.ctime_s || e.ctime_ns != s.ctime_ns)
        return false;
    return e.mtime_s < index.mtime_s || (e.mtime_s == index.mtime_s && e.mtime_ns < index.mtime_ns);
}

// The mode git keeps for a file of this st_mode (a regular file's executable bit, a link).
unsigned git_mode(unsigned st_mode) {
    if (S_ISLNK(st_mode)) return 0120000;
    if (S_ISREG(st_mode)) return (st_mode & 0100) ? 0100755 : 0100644;
    return st_mode;
}

struct Walk {
    const fs::path& root;
    const ReadIndex& index;
    const SeenFiles& seen;
    // The index's entries under the data directory, in its order (by path), and how many
    // paths they name (a path unmerged has several entries), vfi's own left out.
    std::span<const GitIndexEntry> under;
    std::size_t prefix = 0;  // the data directory's path in the repository, its length
    std::size_t tracked = 0;
    std::size_t found = 0;                     // tracked files met (each path is met once)
    std::vector<std::string> tracked_folders;  // every folder holding a tracked file
    std::vector<std::string> ask;              // paths only git can judge
    std::vector<std::string> untracked_data;   // record files git does not track

    bool holds_tracked(const std::string& folder) const {
        return std::binary_search(tracked_folders.begin(), tracked_folders.end(), folder);
    }

    // Where the entry after the last one found is: a folder is walked in order of name, as the
    // index is, so the next file asked for is most often there.
    std::size_t next = 0;
    SeenFiles::Place seen_at = {};  // likewise, in the files read

    // The index's (first) entry for `relative`: the one after the last found, else found by
    // halves. No table of them is made.
    const GitIndexEntry* entry(std::string_view relative) {
        auto path = [&](std::size_t i) { return under[i].path.substr(prefix); };
        if (next < under.size() && path(next) == relative &&
            (next == 0 || under[next - 1].path != under[next].path))  // its first entry
            return &under[next++];
        auto it = std::lower_bound(
            under.begin(), under.end(), relative,
            [&](const GitIndexEntry& e, std::string_view r) { return e.path.substr(prefix) < r; });
        if (it == under.end() || it->path.substr(prefix) != relative) return nullptr;
        next = static_cast<std::size_t>(it - under.begin()) + 1;
        return &*it;
    }

    void file(const Folder& folder, const std::string& relative, const std::string& name) {
        const GitIndexEntry* found_entry = entry(relative);
        if (!found_entry) {
            ask.push_back(relative);
            if (names_data_file(relative)) untracked_data.push_back(relative);
            return;
        }
        const GitIndexEntry& e = *found_entry;
        ++found;
        if (e.special) return ask.push_back(relative);
        // A file this command read: its content's blob id, or the stat it had then.
        const SeenFile* known = seen.find(relative, seen_at);
        if (known && git_mode(known->mode) == e.mode &&
            (known->blob.is(e.blob.data(), e.blob.size()) ||
             same_stat(e, known->stamp, e.mode, index)))
            return;
        struct stat st {};
        if (!known && folder.type_of(name, &st) != EntryType::missing &&
            same_stat(e, IndexStamp::of(FileStamp::of(st)), git_mode(st.st_mode), index))
            return;
        ask.push_back(relative);
    }

    void folder(const std::string& relative, int depth) {
        std::optional<Folder> f;
        try {
            f = Folder::open(root, relative);
        } catch (const Error&) {
            f.reset();
        }
        if (!f || depth > 64) return ask.push_back(relative.empty() ? "." : relative);
        // A folder the command read was listed then: what was read is what is judged.
        const SeenFiles::Listing* kept = seen.listing(relative);
        SeenFiles::Listing listed;
        if (!kept) listed = f->entries();
        for (const auto& [name, type] : kept ? *kept : listed) {
            std::string path = relative.empty() ? name : relative + "/" + name;
            if (vfi_own(path) || (relative.empty() && name == ".git")) continue;
            if (type != EntryType::folder)
                file(*f, path, name);
            else if (holds_tracked(path) && f->type_of(name + "/.git") == EntryType::missing)
                folder(path, depth + 1);
            else if (entry(path))  // a submodule
                ++found, ask.push_back(path);
            else  // untracked as a whole: git says what of it is ignored
                ask.push_back(path + "/"), untracked_data.push_back(path + "/");
        }
    }
};

// Runs git on `paths` (literal, from `root`) a few hundred at a time.
void ask_git(const fs::path& root, const std::vector<std::string>& args,
             const std::vector<std::string>& paths, const std::function<void(std::string&)>& take) {
    constexpr std::size_t chunk = 400;
    for (std::size_t first = 0; first < paths.size(); first += chunk) {
        std::vector<std::string> argv = {"git", "--literal-pathspecs"};
        argv.insert(argv.end(), args.begin(), args.end());
        argv.push_back("--");
        std::size_t last = std::min(paths.size(), first + chunk);
        argv.insert(argv.end(), paths.begin() + static_cast<std::ptrdiff_t>(first),
                    paths.begin() + static_cast<std::ptrdiff_t>(last));
        auto r = run_process(argv, root);
        if (r.status == 0) take(r.out);
    }
}

// What git says of the paths the index could not vouch for.
void judge(const fs::path& root, const Walk& walk, WorkTreeStatus& status) {
    ask_git(root, {"status", "--porcelain", "-z", "--untracked-files=all", "--ignored=matching"},
            walk.ask, [&](std::string& out) {
                // Entries `XY path`; an ignored one (`!!`) matters only when it is a record.
                for (const auto& entry : split_exact(out, '\0'))
                    if (entry.size() < 4 || entry.substr(0, 3) != "!! " ||
                        names_data_file(entry.substr(3)))
                        status.uncommitted = true;
            });
    ask_git(root, {"ls-files", "-z", "--others", "--ignored", "--exclude-standard"},
            walk.untracked_data, [&](std::string& out) {
                for (auto& path : split_exact(out, '\0'))
                    if (names_data_file(path) && std::count(path.begin(), path.end(), '/') < 2)
                        status.ignored_records.push_back(std::move(path));
            });
    std::sort(status.ignored_records.begin(), status.ignored_records.end());
    status.ignored_records.erase(
        std::unique(status.ignored_records.begin(), status.ignored_records.end()),
        status.ignored_records.end());
}

// Staged and not committed: the tree the index would commit is not HEAD's. When the index
// does not know that tree, git compares them, and the answer is kept for this index file.
bool staged(const fs::path& root, const GitFacts& facts, const ReadIndex& index, CommitMemo& memo) {
    if (!facts.tree.empty() && index.index.tree_of(facts.prefix) == facts.tree) return false;
    auto kept = memo.get("staged");
    if (kept && kept->size() > 2 && kept->substr(2) == index.stamp) return (*kept)[0] == '1';
    bool differs = run_process({"git", "diff-index", "--cached", "--quiet", "HEAD", "--", ".",
                                ":(exclude).vfi", ":(exclude,glob)**/.vfi-*"},
                               root)
                       .status != 0;
    // Kept only when git answered of the index read: not rewritten meanwhile.
    if (git_index_stamp(facts.git_dir) == index.stamp)
        memo.put("staged", std::string(differs ? "1 " : "0 ") + index.stamp);
    return differs;
}

WorkTreeStatus asked_of_git(const fs::path& root) {
    return {git_has_changes(root), git_ignored_records(root)};
}

}  // namespace

IndexStamp IndexStamp::of(const FileStamp& s) {
    auto low = [](long long v) { return static_cast<std::uint32_t>(v); };
    return {low(s.size),     low(s.inode),   low(s.mtime_s),
            low(s.mtime_ns), low(s.ctime_s), low(s.ctime_ns)};
}

const SeenFiles::Listing& SeenFiles::start(std::string folder, Listing listing, std::size_t count) {
    auto& list = lists_.emplace_back();
    list.folder = std::move(folder);
    list.listing = std::move(listing);
    list.files.reserve(count);
    sorted_ = false;
    return list.listing;
}

void SeenFiles::sort() {
    if (sorted_) return;
    // A listing is in order of name, so the order of places is the order of names.
    auto before = [](const auto& a, const auto& b) { return a.first < b.first; };
    for (auto& list : lists_) {
        auto& files = list.files;
        // A folder is read in order of name, so its list is most often sorted already, with no
        // file twice: a pass tells, and spares a sort.
        if (std::adjacent_find(files.begin(), files.end(), [&](const auto& a, const auto& b) {
                return !before(a, b);
            }) == files.end())
            continue;
        std::stable_sort(files.begin(), files.end(), before);
        // Of each run of one file, the last added stays (it is the later reading).
        auto kept = files.begin();
        for (auto it = files.begin(); it != files.end(); ++it) {
            auto next = std::next(it);
            if (next != files.end() && next->first == it->first) continue;
            if (kept != it) *kept = *it;
            ++kept;
        }
        files.erase(kept, files.end());
    }
    sorted_ = true;
}

const SeenFile* SeenFiles::find(std::string_view path) const {
    Place place;
    return find(path, place);
}

const SeenFile* SeenFiles::find(std::string_view path, Place& place) const {
    auto slash = path.rfind('/');
    if (slash == std::string_view::npos) return nullptr;  // record files are in a folder
    std::string_view folder = path.substr(0, slash), name = path.substr(slash + 1);
    if (sorted_ && place.latest && place.list < lists_.size()) {  // the file after the last found
        const auto& list = lists_[place.list];
        if (list.folder == folder && place.at < list.files.size() &&
            list.name(list.files[place.at]) == name)
            return &list.files[place.at++].second;
    }
    // The later lists first: a folder read again was read later.
    bool later = false;  // a later list of this folder did not hold the file
    for (auto list = lists_.rbegin(); list != lists_.rend(); ++list) {
        if (list->folder != folder) continue;
        const auto& files = list->files;
        if (!sorted_) {  // not sorted yet: the last reading, looked for one by one
            auto it = std::find_if(files.rbegin(), files.rend(),
                                   [&](const auto& f) { return list->name(f) == name; });
            if (it != files.rend()) return &it->second;
            continue;
        }
        auto it =
            std::lower_bound(files.begin(), files.end(), name,
                             [&](const auto& f, std::string_view n) { return list->name(f) < n; });
        if (it != files.end() && list->name(*it) == name) {
            place = {static_cast<std::size_t>(lists_.rend() - list - 1),
                     static_cast<std::size_t>(it - files.begin()) + 1, !later};
            return &it->second;
        }
        later = true;
    }
    return nullptr;
}

const SeenFiles::Listing* SeenFiles::listing(std::string_view folder) const {
    for (auto list = lists_.rbegin(); list != lists_.rend(); ++list)
        if (list->folder == folder) return &list->listing;
    return nullptr;
}

WorkTreeStatus work_tree_status(const fs::path& root, const GitFacts& facts, const ReadIndex* index,
                                const SeenFiles& seen, CommitMemo& memo) {
    if (!index || facts.head.empty()) return asked_of_git(root);
    WorkTreeStatus status;
    status.uncommitted = staged(root, facts, *index, memo);
    const auto& entries = index->index.entries;
    auto first =
        std::lower_bound(entries.begin(), entries.end(), facts.prefix,
                         [](const GitIndexEntry& e, const std::string& p) { return e.path < p; });
    auto last = first;
    std::unordered_set<std::string> folders;
    std::size_t tracked = 0;
    for (std::string_view before; last != entries.end() && starts_with(last->path, facts.prefix);
         ++last) {
        std::string_view relative = last->path.substr(facts.prefix.size());
        if (vfi_own(relative)) continue;
        if (last->stage != 0) status.uncommitted = true;  // a merge not yet resolved
        if (relative == before) continue;                 // the same path unmerged: met once
        before = relative;
        ++tracked;
        for (auto slash = relative.rfind('/'); slash != std::string_view::npos && slash > 0;
             slash = relative.rfind('/', slash - 1))
            if (!folders.insert(std::string(relative.substr(0, slash))).second) break;
    }
    Walk walk{root, *index, seen, {first, last}, facts.prefix.size(), tracked, 0, {}, {}, {}};
    walk.tracked_folders.assign(folders.begin(), folders.end());
    std::sort(walk.tracked_folders.begin(), walk.tracked_folders.end());
    walk.folder("", 0);
    if (walk.found != walk.tracked) status.uncommitted = true;  // one deleted
    judge(root, walk, status);
    return status;
}

}  // namespace vfi
