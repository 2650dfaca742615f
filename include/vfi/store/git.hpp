// The user's own git, run with an argument vector: their identity, hooks and signing apply.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vfi {

// Does `dir` or a folder above it hold `.git`? Asked of the file system, so it is known even
// when git cannot run.
bool looks_like_git_work_tree(const std::filesystem::path& dir);

// Throws Error(git) when git cannot run in `dir`: not installed, or refusing the repository
// (git's "dubious ownership"), in git's own words and with what to do.
void require_git(const std::filesystem::path& dir);

// Is `dir` inside a git work tree (its own repository or a larger one)?
bool in_git_work_tree(const std::filesystem::path& dir);

// `git init` in `dir`. Throws Error(git) on failure.
void git_init(const std::filesystem::path& dir);

// One commit holding exactly `paths` (relative to `dir`), whatever else the user has staged.
// False, with no commit, when those files are exactly as HEAD has them. Throws Error(git)
// with git's own words on failure.
bool git_commit(const std::filesystem::path& dir, const std::vector<std::string>& paths,
                const std::string& message);

// The commit HEAD points at (short), or "" outside git or before the first commit.
std::string git_head(const std::filesystem::path& dir);

// What a change must know of git before it writes, from one run of git.
struct GitState {
    bool work_tree = false;  // `dir` is inside a git work tree
    std::string head;        // the commit HEAD points at, in full; "" before the first commit
    // "merge", "rebase", "cherry-pick" or "revert" when git is in the middle of one (a commit
    // of vfi's own would fail, or be swept into it), else "".
    std::string operation;
    bool index_locked = false;  // `.git/index.lock` exists: git's own commit would fail
};
GitState git_state(const std::filesystem::path& dir);
// Throws Error(git), saying what to do, when git's index is locked.
void refuse_locked_index(const GitState& state);

// Puts git's index back to HEAD for `paths` (relative to `dir`), as `git reset -q -- PATHS`:
// what a commit that did not land had staged goes. False when git fails.
bool git_unstage(const std::filesystem::path& dir, const std::vector<std::string>& paths);

// Does the work tree under `dir` differ from HEAD (changed, added or untracked files, or a
// record git ignores)? vfi's own folder and scratch files are left out.
bool git_has_changes(const std::filesystem::path& dir);

// `partners/P-7KQ2MD.yaml` or `vfi.yaml` at the end of a path (from the top of the repository
// or the data directory).
bool names_data_file(std::string_view path);

// Records (and vfi.yaml) under `dir` that git ignores because a pattern in a .gitignore
// matches them, so they are never committed; paths from `dir`. Empty outside git.
std::vector<std::string> git_ignored_records(const std::filesystem::path& dir);

// Short hashes of the commits that touched any of `paths` (relative to `dir`), newest first.
std::vector<std::string> git_commits_touching(const std::filesystem::path& dir,
                                              const std::vector<std::string>& paths);

// `dir` as a path from the top of its repository (`programme/` inside a larger one, "" at the top).
std::string git_prefix(const std::filesystem::path& dir);

// The top folder of the repository holding `dir`.
std::filesystem::path git_toplevel(const std::filesystem::path& dir);

// The URL of the `origin` remote, or "".
std::string git_remote_url(const std::filesystem::path& dir);

// For forget. Paths "from the top" are relative to the top folder of the repository, as git
// prints them; they are taken literally (no wildcards).

// Every change a commit on any branch, tag or remote branch made to the files under `dir`,
// read in one pass over history (each pass costs about 2 ms a commit on a programme of 40,000
// files, as git compares the folders of each commit with its parents').
struct GitCommit {
    std::string hash;                // in full
    std::string subject;             // its message's first line
    std::vector<std::string> paths;  // the files it changed, from the top
};
struct GitHistory {
    // Every version of every file: each blob's id, with every path it was at. A renamed file
    // counts under both names, a deleted file too; a merge is compared with each parent.
    std::map<std::string, std::vector<std::string>> blobs;
    std::vector<GitCommit> commits;  // newest first; a merge once for each parent
};
// Empty when there is no history.
GitHistory git_history(const std::filesystem::path& dir);

// Every commit message on any branch, tag or remote branch, and every tag's message: each
// as (commit or tag id in full, its whole text).
std::vector<std::pair<std::string, std::string>> git_messages(const std::filesystem::path& dir);

// Reads the blobs `ids` (from git_history) and calls `take(id, content)` for each it finds,
// as git hands them over: a large history is never held whole. A blob larger than `most`
// bytes is handed over cut to its first `most` (so a huge one pushed through git is never read
// whole into memory).
void git_read_blobs(const std::filesystem::path& dir, const std::vector<std::string>& ids,
                    const std::function<void(const std::string&, std::string_view)>& take,
                    std::size_t most = std::string::npos);

// The files git tracks under `dir`, from the top.
std::vector<std::string> git_tracked_files(const std::filesystem::path& dir);

// The commits of `history` that changed any of `paths` (from the top), newest first, each
// once, as its full hash and subject line.
std::vector<std::pair<std::string, std::string>> commits_changing(
    const GitHistory& history, const std::vector<std::string>& paths);

// Does any of `paths` (from the top) differ from HEAD, or is it not yet in git?
bool git_paths_uncommitted(const std::filesystem::path& dir, const std::vector<std::string>& paths);

// Every commit in the history of `rev` that changed a file under `paths` (relative to `dir`),
// oldest first, each with what it changed: a merge shows only what its branches' own commits
// did. Empty outside git or before the first commit.
struct FileVersionChange {
    std::string path;           // relative to `dir`
    std::string before, after;  // blob ids; "" when the file was added, or deleted
};
struct LoggedCommit {
    std::string hash;        // in full
    std::string short_hash;  // as `git log --oneline` shows it
    long long time = 0;      // when it was committed, in seconds since 1970
    std::string author;
    std::vector<FileVersionChange> files;
};
// `paths` empty: every file under `dir` (git compares whole folders fastest when given no
// paths to match). `since` (seconds since 1970): commits older than a day before it are not
// looked at, so a short span of a long history is quick.
// `grep`: only commits whose message has a line matching this extended regular expression.
// `prefix`: where the data directory is in the repository, for a repository with no work tree
// (a region's copy); else git says.
std::vector<LoggedCommit> git_log_changes(const std::filesystem::path& dir,
                                          const std::vector<std::string>& paths,
                                          const std::string& rev = "HEAD",
                                          std::optional<long long> since = std::nullopt,
                                          const std::string& grep = {},
                                          const std::string* prefix = nullptr);

// Is the repository holding `dir` a shallow clone (only the latest part of its history)?
bool git_is_shallow(const std::filesystem::path& dir);

// The full id of the commit `rev` names, or "".
std::string git_commit_id(const std::filesystem::path& dir, const std::string& rev);
// Is `ancestor` a commit in the history of `descendant` (or the same)?
bool git_is_ancestor(const std::filesystem::path& dir, const std::string& ancestor,
                     const std::string& descendant);

// Does git track any file under `relative` (a folder of `dir`, such as `.vfi`)? A file there
// came through git, from whoever committed it, and vfi did not make it.
bool git_tracks_any(const std::filesystem::path& dir, const std::string& relative);

// The id git gives `content` as a file (a SHA-1 blob id, in hex), as `git hash-object` does.
std::string git_blob_id(std::string_view content);

// The full id of the first commit of the history of `rev` (the smallest, if it has several),
// or "". The same in every full clone.
std::string git_root_commit(const std::filesystem::path& dir, const std::string& rev = "HEAD");

}  // namespace vfi
