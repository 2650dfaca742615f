// Whether the data directory's files are exactly as its commit has them, learnt the way git
// learns it but sharing vfi's own pass over the files: git's index (store/git_index) says what
// each tracked file was when git last looked, and a file vfi has just read, or whose stat is
// as the index has it, needs no second look. Only paths that still differ are handed to git.
// `git status` would stat every file again (41,000 for a national programme).
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vfi/store/blob_id.hpp"
#include "vfi/store/cache.hpp"
#include "vfi/store/folder.hpp"

namespace vfi {

// What git says of a data directory, from one run of git.
struct GitFacts {
    std::filesystem::path git_dir;  // absolute
    std::string prefix;             // the data directory from the top: "programme/", or ""
    std::string head;               // HEAD in full; "" before the first commit
    std::string head_short;
    std::string tree;  // HEAD's tree of the data directory; "" when HEAD holds none of it
};
// Nothing when `dir` is not in a git work tree (or git cannot run there).
std::optional<GitFacts> git_facts(const std::filesystem::path& dir);

// A record file (or vfi.yaml) as this command found it: its stamp when it was read and the git
// blob id of what was read. Keyed by its path from the data directory (`partners/P-….yaml`).
struct SeenFile {
    FileStamp stamp;
    unsigned mode = 0;  // st_mode
    BlobId blob;
};
// The files a command read, by path: a list for each folder read, keyed by name and sorted
// once, when the walk of the work tree needs them, with the folder's whole listing as it was
// read, so the walk need not list it again. A hash table of every path (400,000 at ten times
// the national set) cost more to build than the walk's own search, and one list for every
// folder was moved whole each time it grew.
class SeenFiles {
  public:
    using Listing = std::vector<std::pair<std::string, EntryType>>;
    // The files of `folder` (`sessions`) are to come next (`count` of them, at most).
    void start(std::string folder, std::size_t count) {
        lists_.emplace_back().folder = std::move(folder);
        lists_.back().files.reserve(count);
        sorted_ = false;
    }
    // A file of the folder started last, by its name there (`S-7KQ2MD.yaml`).
    void add(std::string name, const SeenFile& file) {
        if (lists_.empty()) start({}, 1);  // a file with no folder started: kept all the same
        lists_.back().files.emplace_back(std::move(name), file);
        sorted_ = false;
    }
    // The names in the folder started last, as Folder::entries gave them when it was read.
    void listed(Listing listing) {
        if (lists_.empty()) start({}, 0);
        lists_.back().listing = std::move(listing);
    }
    // Each list in order of name; of a file read twice, the last reading is the one kept.
    void sort();
    // The file read at `path` (`sessions/S-7KQ2MD.yaml`), the latest reading; nullptr when
    // none was. Searched by halves once sorted.
    const SeenFile* find(std::string_view path) const;
    // Where the file after the one found last is, in the latest list of its folder: a caller
    // asking for files in order of name finds most at once there, not by halves.
    struct Place {
        std::size_t list = 0, at = 0;
        bool latest = false;  // no list of that folder is later (a later one is searched first)
    };
    // As find(path), trying `place` first, and leaving it after the file found.
    const SeenFile* find(std::string_view path, Place& place) const;
    // The latest listing of `folder` kept; nullptr when none was.
    const Listing* listing(std::string_view folder) const;
    // Lets go of every file and the memory they took.
    void clear() { std::vector<List>().swap(lists_); }

  private:
    struct List {
        std::string folder;
        std::vector<std::pair<std::string, SeenFile>> files;
        std::optional<Listing> listing;
    };
    std::vector<List> lists_;
    bool sorted_ = true;
};

struct WorkTreeStatus {
    // A file changed, added, deleted or staged and not committed, or a record git ignores:
    // what `git status` would show (vfi's own `.vfi` and scratch files apart).
    bool uncommitted = false;
    // Records (and vfi.yaml) git ignores, never committed; paths from the data directory.
    std::vector<std::string> ignored_records;
};
// `index`: git's index, read by the caller (store/git_index); without it git is asked.
// `memo`: where the answer to "does the index hold a change not committed" is kept for this
// index file and HEAD, for when the index does not say which tree it would commit (after a
// `git reset` or a pull) and git must be asked (0.2 s for 40,000 files).
struct ReadIndex;
class CommitMemo;
WorkTreeStatus work_tree_status(const std::filesystem::path& root, const GitFacts& facts,
                                const ReadIndex* index, const SeenFiles& seen, CommitMemo& memo);

}  // namespace vfi
