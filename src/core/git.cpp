#include "vfi/git.hpp"

#include <algorithm>

#include "vfi/error.hpp"
#include "vfi/process.hpp"
#include "vfi/text.hpp"

namespace vfi {
namespace {

[[noreturn]] void fail(const std::string& what, const ProcessResult& r) {
    std::string said = trim(r.err.empty() ? r.out : r.err);
    if (said.size() > 600) said = said.substr(0, 600) + "…";
    std::string hint =
        "the files were written; fix the problem git names, then commit them yourself "
        "with `git add` and `git commit`";
    if (said.find("Please tell me who you are") != std::string::npos ||
        said.find("user.email") != std::string::npos)
        hint =
            "tell git who you are: `git config --global user.name \"Your Name\"` and "
            "`git config --global user.email you@example.org`; the files were written, so commit "
            "them yourself with `git add` and `git commit`";
    throw Error(ExitCode::git, what + (said.empty() ? "" : ": " + said), hint);
}

}  // namespace

bool in_git_work_tree(const std::filesystem::path& dir) {
    auto r = run_process({"git", "rev-parse", "--is-inside-work-tree"}, dir);
    return r.status == 0 && trim(r.out) == "true";
}

void git_init(const std::filesystem::path& dir) {
    auto r = run_process({"git", "init", "-q"}, dir);
    if (r.status != 0) fail("git init failed", r);
}

bool git_commit(const std::filesystem::path& dir, const std::vector<std::string>& paths,
                const std::string& message) {
    std::vector<std::string> add = {"git", "add", "-A", "--"};
    add.insert(add.end(), paths.begin(), paths.end());
    auto r = run_process(add, dir);
    if (r.status != 0) fail("git add failed", r);
    // The files may now be exactly as last committed (an edit put back by hand, then set
    // again by vfi): there is nothing to commit, and git would call that a failure.
    std::vector<std::string> diff = {"git", "diff", "--quiet", "HEAD", "--"};
    diff.insert(diff.end(), paths.begin(), paths.end());
    if (run_process(diff, dir).status == 0) return false;
    // --only: commit these paths as they are now, leaving anything else the user staged alone.
    std::vector<std::string> commit = {"git", "commit", "-q", "--only", "-m", message, "--"};
    commit.insert(commit.end(), paths.begin(), paths.end());
    r = run_process(commit, dir);
    if (r.status != 0) fail("git commit failed", r);
    return true;
}

std::string git_unfinished_operation(const std::filesystem::path& dir) {
    auto r = run_process({"git", "rev-parse", "--absolute-git-dir"}, dir);
    if (r.status != 0) return {};
    std::filesystem::path git_dir = trim(r.out);
    std::error_code ec;
    if (std::filesystem::exists(git_dir / "MERGE_HEAD", ec)) return "merge";
    if (std::filesystem::exists(git_dir / "rebase-merge", ec) ||
        std::filesystem::exists(git_dir / "rebase-apply", ec))
        return "rebase";
    if (std::filesystem::exists(git_dir / "CHERRY_PICK_HEAD", ec)) return "cherry-pick";
    if (std::filesystem::exists(git_dir / "REVERT_HEAD", ec)) return "revert";
    return {};
}

bool git_has_changes(const std::filesystem::path& dir) {
    auto r = run_process({"git", "status", "--porcelain", "--untracked-files=all", "--", "."}, dir);
    return r.status == 0 && !trim(r.out).empty();
}

std::string git_head(const std::filesystem::path& dir) {
    auto r = run_process({"git", "rev-parse", "--short", "HEAD"}, dir);
    return r.status == 0 ? trim(r.out) : std::string();
}

std::vector<std::string> git_commits_touching(const std::filesystem::path& dir,
                                              const std::vector<std::string>& paths) {
    std::vector<std::string> args = {"git", "log", "--format=%h", "--"};
    args.insert(args.end(), paths.begin(), paths.end());
    return split(run_process(args, dir).out, '\n');
}

std::string git_prefix(const std::filesystem::path& dir) {
    return trim(run_process({"git", "rev-parse", "--show-prefix"}, dir).out);
}

std::filesystem::path git_toplevel(const std::filesystem::path& dir) {
    return trim(run_process({"git", "rev-parse", "--show-toplevel"}, dir).out);
}

std::string git_remote_url(const std::filesystem::path& dir) {
    auto r = run_process({"git", "remote", "get-url", "origin"}, dir);
    return r.status == 0 ? trim(r.out) : std::string();
}

std::string git_root_commit(const std::filesystem::path& dir) {
    auto r = run_process({"git", "rev-list", "--max-parents=0", "HEAD"}, dir);
    if (r.status != 0) return {};
    auto roots = split(r.out, '\n');
    std::sort(roots.begin(), roots.end());
    return roots.empty() ? std::string() : roots.front();
}

}  // namespace vfi
