// The user's own git, run with an argument vector: their identity, hooks and signing apply.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace vfi {

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

// "merge", "rebase", "cherry-pick" or "revert" when git is in the middle of one (a commit of
// vfi's own would fail, or be swept into it), else "".
std::string git_unfinished_operation(const std::filesystem::path& dir);

// Does the work tree under `dir` differ from HEAD (changed, added or untracked files)?
bool git_has_changes(const std::filesystem::path& dir);

// Short hashes of the commits that touched any of `paths` (relative to `dir`), newest first.
std::vector<std::string> git_commits_touching(const std::filesystem::path& dir,
                                              const std::vector<std::string>& paths);

// `dir` as a path from the top of its repository (`programme/` inside a larger one, "" at the top).
std::string git_prefix(const std::filesystem::path& dir);

// The top folder of the repository holding `dir`.
std::filesystem::path git_toplevel(const std::filesystem::path& dir);

// The URL of the `origin` remote, or "".
std::string git_remote_url(const std::filesystem::path& dir);

// The full id of the first commit of HEAD's history (the smallest, if it has several), or "".
// The same in every full clone.
std::string git_root_commit(const std::filesystem::path& dir);

}  // namespace vfi
