// Whether the data directory's files are exactly as its commit has them, learnt the way git
// learns it but sharing vfi's own pass over the files: git's index (store/git_index) says what
// each tracked file was when git last looked, and a file vfi has just read, or whose stat is
// as the index has it, needs no second look. Only paths that still differ are handed to git.
// `git status` would stat every file again (41,000 for a national programme).
#pragma once

#include <array>
#include <cstdint>
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

// A file's stamp as git's index keeps it: the low 32 bits of each number.
struct IndexStamp {
    std::uint32_t size = 0, inode = 0, mtime_s = 0, mtime_ns = 0, ctime_s = 0, ctime_ns = 0;
    static IndexStamp of(const FileStamp& stamp);
};

// A record file as this command found it: its stamp when it was read (as git's index would
// keep it) and the git blob id of what was read.
struct SeenFile {
    IndexStamp stamp;
    std::uint32_t mode = 0;  // st_mode
    BlobId blob;
};
// The files a command read, by path: a list for each folder read, each file named by its place
// in the folder's whole listing as it was read (kept, so the walk need not list it again, and
// no name is copied: 400,000 at ten times the national set). A hash table of every path cost
// more to build than the walk's own search.
class SeenFiles {
  public:
    using Listing = std::vector<std::pair<std::string, EntryType>>;
    // The files of `folder` (`sessions`) are to come next (`count` of them, at most), named by
    // their place in `listing`: the folder's names as Folder::entries gave them, in order of
    // name. Returns the listing as kept, whose names stay where they are until clear().
    const Listing& start(std::string folder, Listing listing, std::size_t count);
    // A file of the folder started last, by its place in that folder's listing. One with no
    // folder started, or no such place, has no name: it is not kept.
    void add(std::uint32_t at, const SeenFile& file) {
        if (lists_.empty() || at >= lists_.back().listing.size()) return;
        lists_.back().files.emplace_back(at, file);
        sorted_ = false;
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
        Listing listing;
        std::vector<std::pair<std::uint32_t, SeenFile>> files;  // by place in the listing
        std::string_view name(const std::pair<std::uint32_t, SeenFile>& file) const {
            return listing[file.first].first;
        }
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
