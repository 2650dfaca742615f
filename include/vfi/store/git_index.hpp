// git's index (`.git/index`), read directly: what each tracked file was when git last looked at
// it (its stat data and blob id) and which trees the index would commit (the cache-tree). A
// report learns from it whether the records differ from their commit without running
// `git status`, which stats every file a second time (docs/format.md, "Reports in git").
//
// Formats 2, 3 and 4 are read (gitformat-index(5)). A split or sparse index, an object format
// other than SHA-1, or anything malformed gives nothing, and the caller asks git instead.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vfi {

struct GitIndexEntry {
    std::string_view path;  // from the top of the repository, as git stores it
    std::uint32_t ctime_s = 0, ctime_ns = 0, mtime_s = 0, mtime_ns = 0;
    std::uint32_t ino = 0, mode = 0, size = 0;  // as git keeps them: 32 bits each
    std::array<unsigned char, 20> blob{};       // the blob id, as bytes
    int stage = 0;                              // 0, or 1-3 while a merge is unresolved
    // assume-unchanged, skip-worktree or intent-to-add: git does not compare the file as usual.
    bool special = false;
};

struct GitIndex {
    // Moved, never copied: the entries' paths point into what it holds.
    GitIndex();
    GitIndex(GitIndex&&);
    GitIndex& operator=(GitIndex&&);
    GitIndex(const GitIndex&) = delete;
    GitIndex& operator=(const GitIndex&) = delete;
    ~GitIndex();

    // Every entry's path, one after another: the index file itself is let go once read, so
    // only its paths count against a command's memory, not its stat data and ids as well.
    std::vector<char> paths;
    std::vector<GitIndexEntry> entries;  // sorted by path, as git keeps them
    // The tree (hex) the index would commit for each folder the cache-tree still knows: the
    // folder ("" for the top, "a/b" below it) and its tree id.
    std::vector<std::pair<std::string, std::string>> trees;
    // The tree the index would commit for `folder` ("programme/" or ""), when git still knows it.
    std::optional<std::string> tree_of(std::string_view folder) const;
};

// The index in `bytes`, or nothing when it is not one vfi reads.
std::optional<GitIndex> parse_git_index(std::string bytes);

// `git_dir`/index, with its modification time (for git's "racily clean" rule): nothing when it
// is not there, too large, or not one vfi reads.
struct ReadIndex {
    GitIndex index;
    long long mtime_s = 0, mtime_ns = 0;
    std::string stamp;  // the index file's inode, size and times: it changes when git writes it
};
// Whether the index (its bytes, or `git_dir`/index) tracks a file under `folder` (from the
// top of the repository, ending in '/'): read only as far as `folder` would be (the paths are
// sorted), and not kept. Nothing when it is not an index vfi reads (ask git).
std::optional<bool> index_tracks_under(std::string_view bytes, std::string_view folder);
std::optional<bool> git_index_tracks_under(const std::filesystem::path& git_dir,
                                           std::string_view folder);
// The stamp of `git_dir`/index as it is now ("" when it cannot be read).
std::string git_index_stamp(const std::filesystem::path& git_dir);
std::optional<ReadIndex> read_git_index(const std::filesystem::path& git_dir);

}  // namespace vfi
