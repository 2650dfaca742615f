#include "vfi/store/git.hpp"

#include <sys/stat.h>

#include <nettle/sha1.h>

#include <algorithm>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "vfi/base/error.hpp"
#include "vfi/base/process.hpp"
#include "vfi/base/text.hpp"
#include "vfi/format/kind.hpp"
#include "vfi/store/files.hpp"

namespace vfi {
namespace {

// The item of `git ... -z` output that starts at `at` (up to the next NUL), and `at` moved past
// it.
std::string_view nul_item(std::string_view out, std::size_t& at) {
    std::size_t end = std::min(out.find('\0', at), out.size());
    std::string_view item = out.substr(at, end - at);
    at = end + 1;
    return item;
}

[[noreturn]] void fail(const std::string& what, const ProcessResult& r) {
    std::string said = trim(r.err.empty() ? r.out : r.err);
    if (said.size() > 600) said = said.substr(0, 600) + "…";
    // A commit that fails is undone with its files (Change::commit), so nothing is left to
    // commit by hand.
    std::string hint = "fix the problem git names, then run the command again; nothing was changed";
    // git itself always says why; a hook may say nothing at all.
    if (said.empty()) {
        said =
            "a hook (a script in .git/hooks, such as pre-commit or commit-msg) refused it "
            "without saying why";
        hint =
            "ask whoever set up the hook what it wants, or give --no-commit to change the "
            "files without a commit; nothing was changed";
    }
    if (said.find("ignored by one of your .gitignore files") != std::string::npos)
        hint =
            "a pattern in a .gitignore matches these files, so git leaves them out: find it with "
            "`git check-ignore -v FILE`, change it, then run the command again; nothing was "
            "changed";
    if (said.find("Please tell me who you are") != std::string::npos ||
        said.find("user.email") != std::string::npos)
        hint =
            "tell git who you are: `git config --global user.name \"Your Name\"` and "
            "`git config --global user.email you@example.org`, then run the command again; "
            "nothing was changed";
    throw Error(ExitCode::git, what + (said.empty() ? "" : ": " + said), hint);
}

}  // namespace

bool looks_like_git_work_tree(const std::filesystem::path& dir) {
    std::error_code ec;
    for (auto d = std::filesystem::absolute(dir, ec); !d.empty(); d = d.parent_path()) {
        struct stat st {};
        if (::lstat((d / ".git").c_str(), &st) == 0) return true;
        if (d == d.parent_path()) break;
    }
    return false;
}

void require_git(const std::filesystem::path& dir) {
    auto r = run_process({"git", "rev-parse", "--is-inside-work-tree"}, dir);
    if (r.status == 0) return;
    std::string said = trim(r.err.empty() ? r.out : r.err);
    if (said.size() > 600) said = said.substr(0, 600) + "…";
    if (r.status == -1 && said.find("cannot run git") == 0)
        throw Error(ExitCode::git,
                    "git cannot be run (it is not installed, or not on PATH), so this change "
                    "could not be committed",
                    "install git (Debian: `sudo apt install git`), or give --no-commit to change "
                    "the files without a commit; nothing was changed");
    std::string hint =
        "fix what git says, or give --no-commit to change the files without a "
        "commit; nothing was changed";
    if (said.find("safe.directory") != std::string::npos)
        hint = fmt::format(
            "if you trust this repository, tell git so: `git config --global --add "
            "safe.directory '{}'`; or give --no-commit to change the files without "
            "a commit; nothing was changed",
            std::filesystem::absolute(dir).string());
    throw Error(ExitCode::git, "git refuses to work in this repository: " + said, hint);
}

bool in_git_work_tree(const std::filesystem::path& dir) {
    auto r = run_process({"git", "rev-parse", "--is-inside-work-tree"}, dir);
    return r.status == 0 && trim(r.out) == "true";
}

void git_init(const std::filesystem::path& dir) {
    // The branch is `main`, as the guide says, unless the user's git names its own default
    // (init.defaultBranch); a git too old for -b (before 2.28) makes its own default.
    bool own_default =
        run_process({"git", "config", "--get", "init.defaultBranch"}, dir).status == 0;
    if (!own_default && run_process({"git", "init", "-q", "-b", "main"}, dir).status == 0) return;
    auto r = run_process({"git", "init", "-q"}, dir);
    if (r.status != 0) fail("git init failed", r);
}

bool git_commit(const std::filesystem::path& dir, const std::vector<std::string>& paths,
                const std::string& message) {
    // git holds the change's lock with vfi: a vfi killed while git adds or commits leaves
    // the data directory locked until git ends, so no other vfi puts the files back under a
    // commit still being made.
    PassToChildren lock(exclusive_lock_fd());
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
    // gc in the foreground: detached, it would hold the lock long after the commit.
    std::vector<std::string> commit = {
        "git", "-c", "gc.autoDetach=false", "commit", "-q", "--only", "-m", message, "--"};
    commit.insert(commit.end(), paths.begin(), paths.end());
    r = run_process(commit, dir);
    if (r.status != 0) fail("git commit failed", r);
    return true;
}

GitState git_state(const std::filesystem::path& dir) {
    GitState state;
    // One git for all three: an unborn HEAD makes it fail after printing the first two.
    auto r = run_process(
        {"git", "rev-parse", "--is-inside-work-tree", "--absolute-git-dir", "HEAD"}, dir);
    std::vector<std::string> lines = split(r.out, '\n');
    if (lines.size() < 2 || trim(lines[0]) != "true") return state;
    state.work_tree = true;
    std::filesystem::path git_dir = trim(lines[1]);
    if (r.status == 0 && lines.size() >= 3) state.head = trim(lines[2]);
    std::error_code ec;
    auto has = [&](const char* name) { return std::filesystem::exists(git_dir / name, ec); };
    if (has("MERGE_HEAD"))
        state.operation = "merge";
    else if (has("rebase-merge") || has("rebase-apply"))
        state.operation = "rebase";
    else if (has("CHERRY_PICK_HEAD"))
        state.operation = "cherry-pick";
    else if (has("REVERT_HEAD"))
        state.operation = "revert";
    struct stat st {};
    state.index_locked = ::lstat((git_dir / "index.lock").c_str(), &st) == 0;
    return state;
}

void refuse_locked_index(const GitState& state) {
    if (!state.index_locked) return;
    throw Error(ExitCode::git,
                "git's index is locked (.git/index.lock): another git command is running, or one "
                "was stopped part-way",
                "wait for it to finish; if no git command is running, remove the lock (`rm "
                ".git/index.lock`, from the top of the repository) and run the command again; "
                "nothing was changed");
}

bool git_unstage(const std::filesystem::path& dir, const std::vector<std::string>& paths) {
    std::vector<std::string> reset = {"git", "reset", "-q", "--"};
    reset.insert(reset.end(), paths.begin(), paths.end());
    return run_process(reset, dir).status == 0;
}

bool names_data_file(std::string_view path) {
    auto slash = path.rfind('/');
    std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    if (name == "vfi.yaml") return true;
    if (slash == std::string_view::npos || name.size() < 6 ||
        name.substr(name.size() - 5) != ".yaml")
        return false;
    std::string_view before = path.substr(0, slash);
    std::string_view folder =
        before.substr(before.rfind('/') == std::string_view::npos ? 0 : before.rfind('/') + 1);
    auto kind = kind_of_id(name.substr(0, name.size() - 5));
    return kind && folder == kind_folder(*kind);
}

bool git_has_changes(const std::filesystem::path& dir) {
    // vfi's own folder and scratch files are never part of the data. A record git ignores
    // (a pattern in .gitignore) is never committed, so it counts as a change; other ignored
    // files (exports kept out of git on purpose) do not.
    auto r =
        run_process({"git", "status", "--porcelain", "-z", "--untracked-files=all",
                     "--ignored=matching", "--", ".", ":(exclude).vfi", ":(exclude,glob)**/.vfi-*"},
                    dir);
    if (r.status != 0) return false;
    // Entries `XY path` (a rename's old path follows as an entry of its own, never `!!`).
    for (const auto& entry : split_exact(r.out, '\0'))
        if (entry.size() < 4 || entry.substr(0, 3) != "!! " || names_data_file(entry.substr(3)))
            return true;
    return false;
}

std::vector<std::string> git_ignored_records(const std::filesystem::path& dir) {
    std::vector<std::string> args = {"git",       "ls-files",           "-z", "--others",
                                     "--ignored", "--exclude-standard", "--", "vfi.yaml"};
    for (Kind kind : all_kinds)
        args.emplace_back(kind_folder(kind));
    auto r = run_process(args, dir);
    std::vector<std::string> out;
    if (r.status != 0) return out;
    for (auto& path : split_exact(r.out, '\0'))
        if (names_data_file(path)) out.push_back(std::move(path));
    return out;
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

std::string git_root_commit(const std::filesystem::path& dir, const std::string& rev) {
    auto r = run_process({"git", "rev-list", "--max-parents=0", rev}, dir);
    if (r.status != 0) return {};
    auto roots = split(r.out, '\n');
    std::sort(roots.begin(), roots.end());
    return roots.empty() ? std::string() : roots.front();
}

}  // namespace vfi

namespace vfi {
namespace {

// Output of `git ... -z`: NUL-separated paths, exactly as they are (no quoting, no trimming).
std::vector<std::string> nul_separated(const std::string& out) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start < out.size()) {
        std::size_t end = out.find('\0', start);
        if (end == std::string::npos) end = out.size();
        if (end > start) items.push_back(out.substr(start, end - start));
        start = end + 1;
    }
    return items;
}

// Runs `args` followed by `--` and `paths`, a few hundred at a time (a person's files can be
// many), from the top of the repository, and hands each run's output to `take`.
template <typename Take>
void in_chunks(const std::filesystem::path& dir, std::vector<std::string> args,
               const std::vector<std::string>& paths, Take take) {
    constexpr std::size_t chunk = 400;
    std::filesystem::path top = git_toplevel(dir);
    args.push_back("--");
    for (std::size_t first = 0; first < paths.size(); first += chunk) {
        std::vector<std::string> argv = args;
        std::size_t last = std::min(paths.size(), first + chunk);
        argv.insert(argv.end(), paths.begin() + static_cast<std::ptrdiff_t>(first),
                    paths.begin() + static_cast<std::ptrdiff_t>(last));
        take(run_process(argv, top));
    }
}

}  // namespace

namespace {

// One commit's part of `git log --raw -z` output: `:old-mode new-mode old-id new-id status`,
// then the path, for each file it changed. Adds each version to `blobs`.
void take_change(GitCommit& commit, std::string_view change, std::string path,
                 std::map<std::string, std::set<std::string>>& blobs) {
    auto fields = split(change.substr(1), ' ');
    if (fields.size() < 4) return;
    for (std::size_t side : {0, 1}) {
        const std::string& mode = fields[side];
        const std::string& id = fields[2 + side];
        // 160000: a submodule's commit, not a blob here.
        if (mode == "160000" || id.find_first_not_of('0') == std::string::npos) continue;
        blobs[id].insert(path);
    }
    commit.paths.push_back(std::move(path));
}

}  // namespace

GitHistory git_history(const std::filesystem::path& dir) {
    // Each commit: NUL, `id subject`, NUL; then its changes, the first after a line break,
    // each as two NUL-ended parts (see take_change).
    auto r = run_process({"git", "log", "--all", "-m", "--root", "--no-renames", "--raw",
                          "--no-abbrev", "--format=%x00%H %s", "-z", "--", "."},
                         dir);
    GitHistory history;
    if (r.status != 0) return history;  // no commits yet
    std::map<std::string, std::set<std::string>> blobs;
    std::string_view out = r.out;
    auto next = [&](std::size_t& at) { return nul_item(out, at); };
    for (std::size_t at = 0; at < out.size();) {
        std::string_view item = next(at);
        if (item.empty()) {  // a commit begins (a merge again for each parent)
            std::string_view head = next(at);
            auto space = std::min(head.find(' '), head.size());
            std::string hash(head.substr(0, space));
            if (history.commits.empty() || history.commits.back().hash != hash)
                history.commits.push_back(
                    {hash, std::string(head.substr(std::min(space + 1, head.size()))), {}});
            continue;
        }
        if (item.front() == '\n') item.remove_prefix(1);
        if (item.empty() || item.front() != ':' || history.commits.empty()) continue;
        take_change(history.commits.back(), item, std::string(next(at)), blobs);
    }
    for (auto& [id, paths] : blobs)
        history.blobs[id].assign(paths.begin(), paths.end());
    return history;
}

std::vector<std::pair<std::string, std::string>> git_messages(const std::filesystem::path& dir) {
    std::vector<std::pair<std::string, std::string>> out;
    auto take = [&](const std::string& text) {
        // id NUL message NUL, again and again (a message holds no NUL)
        std::size_t at = 0;
        while (at < text.size()) {
            auto id_end = text.find('\0', at);
            if (id_end == std::string::npos) break;
            auto text_end = text.find('\0', id_end + 1);
            if (text_end == std::string::npos) text_end = text.size();
            out.emplace_back(trim(text.substr(at, id_end - at)),
                             text.substr(id_end + 1, text_end - id_end - 1));
            at = text_end + 1;
        }
    };
    take(run_process({"git", "log", "--all", "--format=%H%x00%B%x00"}, dir).out);
    take(run_process(
             {"git", "for-each-ref", "--format=%(objectname)%00%(contents)%00", "refs/tags"}, dir)
             .out);
    return out;
}

void git_read_blobs(const std::filesystem::path& dir, const std::vector<std::string>& ids,
                    const std::function<void(const std::string&, std::string_view)>& take,
                    std::size_t most) {
    if (ids.empty()) return;
    std::string input;
    for (const auto& id : ids)
        input += id + '\n';
    // Each object: `id type size`, a line break, its content, a line break; or `id missing`.
    // One not yet whole in `out` is gathered in `part` (up to `most` bytes of it), the rest of
    // it skipped as it comes.
    struct Part {
        std::string id, kept;
        std::size_t size = 0, seen = 0;  // content and its closing line break
        bool blob = false;
    };
    std::optional<Part> part;
    auto objects = [&](std::string& out) {
        std::size_t at = 0;
        while (at < out.size()) {
            if (part) {
                std::size_t n = std::min(part->size + 1 - part->seen, out.size() - at);
                std::size_t room = std::min(part->size, most) - part->kept.size();
                part->kept.append(out, at, std::min(n, room));
                part->seen += n, at += n;
                if (part->seen < part->size + 1) break;
                if (part->blob) take(part->id, part->kept);
                part.reset();
                continue;
            }
            std::size_t end = out.find('\n', at);
            if (end == std::string::npos) break;
            auto header = split(std::string_view(out).substr(at, end - at), ' ');
            bool sized = header.size() == 3 &&
                         header[2].find_first_not_of("0123456789") == std::string::npos;
            at = end + 1;
            if (!sized) continue;  // `id missing`
            std::size_t size = std::stoul(header[2]);
            bool blob = header[1] == "blob";
            if (size <= most && at + size + 1 <= out.size()) {  // whole here: no copy
                if (blob) take(header[0], std::string_view(out).substr(at, size));
                at += size + 1;
                continue;
            }
            part = Part{header[0], {}, size, 0, blob};
        }
        out.erase(0, at);
    };
    // git streams a blob over core.bigFileThreshold (unless stored as a delta) rather than
    // holding it whole: with a limit, so does git.
    std::vector<std::string> argv = {"git", "cat-file", "--batch"};
    if (most != std::string::npos)
        argv.insert(argv.begin() + 1, {"-c", fmt::format("core.bigFileThreshold={}", most)});
    run_process(argv, dir, input, objects);
}

std::vector<std::string> git_tracked_files(const std::filesystem::path& dir) {
    auto r = run_process({"git", "ls-files", "-z", "--full-name", "--", "."}, dir);
    return r.status == 0 ? nul_separated(r.out) : std::vector<std::string>{};
}

std::vector<std::pair<std::string, std::string>> commits_changing(
    const GitHistory& history, const std::vector<std::string>& paths) {
    std::set<std::string> wanted(paths.begin(), paths.end());
    std::vector<std::pair<std::string, std::string>> commits;
    std::set<std::string> seen;
    for (const auto& c : history.commits)
        if (std::any_of(c.paths.begin(), c.paths.end(),
                        [&](const std::string& p) { return wanted.count(p) != 0; }) &&
            seen.insert(c.hash).second)
            commits.push_back({c.hash, c.subject});
    return commits;
}

bool git_paths_uncommitted(const std::filesystem::path& dir,
                           const std::vector<std::string>& paths) {
    bool changed = false;
    in_chunks(
        dir, {"git", "--literal-pathspecs", "status", "--porcelain", "-z", "--untracked-files=all"},
        paths, [&](const ProcessResult& r) { changed = changed || !r.out.empty(); });
    return changed;
}

std::vector<LoggedCommit> git_log_changes(const std::filesystem::path& dir,
                                          const std::vector<std::string>& paths,
                                          const std::string& rev, std::optional<long long> since,
                                          const std::string& grep, const std::string* known) {
    // Each commit: NUL, `id time author`, NUL; then its changes, the first after a line break,
    // each as `:old-mode new-mode old-id new-id status` NUL path NUL.
    std::vector<std::string> args = {
        "git",   "log",         "--reverse", "--no-renames",
        "--raw", "--no-abbrev", "-z",        "--format=%x00%H %h %ct %an"};
    // Every file: paths from the top, the data directory's own picked out here, as matching
    // a path against each of thousands of names in every commit is most of git's time.
    std::string prefix = !paths.empty() ? std::string() : known ? *known : git_prefix(dir);
    if (!paths.empty()) args.push_back("--relative");
    if (since) args.push_back(fmt::format("--since=@{}", *since - 86400));
    if (!grep.empty()) args.insert(args.end(), {"-E", "--grep=" + grep});
    // A merge is shown where its result differs from every parent (a conflict resolved by
    // hand, or a change made in the merge itself); the first commit always.
    args.insert(args.end(), {"-c", "--root"});
    args.insert(args.end(), {rev, "--"});
    if (paths.empty() && !prefix.empty()) args.push_back(":/" + prefix);
    args.insert(args.end(), paths.begin(), paths.end());
    auto r = run_process(args, dir);
    std::vector<LoggedCommit> commits;
    if (r.status != 0) return commits;
    // --no-abbrev makes %h whole too: commits are shortened as git shortens `rev`.
    std::string last = rev.substr(rev.find("..") == std::string::npos ? 0 : rev.find("..") + 2);
    std::size_t shown = trim(run_process({"git", "rev-parse", "--short", last}, dir).out).size();
    std::string_view out = r.out;
    auto next = [&](std::size_t& at) { return nul_item(out, at); };
    auto blob = [](const std::string& id) {
        return id.find_first_not_of('0') == std::string::npos ? std::string() : id;
    };
    for (std::size_t at = 0; at < out.size();) {
        std::string_view item = next(at);
        if (item.empty()) {
            // A merge's combined changes come after an empty item of their own.
            std::size_t peek = at;
            std::string_view following = next(peek);
            if (!following.empty() && following.front() == ':') continue;
            auto head = split_exact(next(at), ' ');
            if (head.size() < 3) continue;
            LoggedCommit c{head[0],
                           head[1].substr(0, std::max<std::size_t>(shown, 7)),
                           std::atoll(head[2].c_str()),
                           {},
                           {}};
            for (std::size_t i = 3; i < head.size(); ++i)
                c.author += (i > 3 ? " " : "") + head[i];
            commits.push_back(std::move(c));
            continue;
        }
        if (item.front() == '\n') item.remove_prefix(1);
        if (item.empty() || item.front() != ':' || commits.empty()) continue;
        // `:old new old-id new-id status`, or for a merge of N parents N colons, N+1 modes,
        // N+1 ids (the first parent's first, the result's last) and the statuses.
        std::size_t parents = item.find_first_not_of(':');
        auto fields = split(item.substr(parents), ' ');
        std::string path(next(at));
        if (fields.size() < 2 * parents + 3) continue;
        const std::string& mode = fields[parents];
        // A submodule's commit, or a link: no record's text.
        if (mode == "160000" || fields[0] == "160000" || mode == "120000" || fields[0] == "120000")
            continue;
        if (parents > 1)
            fields = {fields[0], mode, fields[parents + 1], fields[2 * parents + 1], "M"};
        if (!starts_with(path, prefix)) continue;
        path.erase(0, prefix.size());
        commits.back().files.push_back({path, blob(fields[2]), blob(fields[3])});
    }
    return commits;
}

std::string git_blob_id(std::string_view content) {
    std::string header = fmt::format("blob {}", content.size());
    sha1_ctx ctx;
    sha1_init(&ctx);
    sha1_update(&ctx, header.size() + 1, reinterpret_cast<const std::uint8_t*>(header.c_str()));
    sha1_update(&ctx, content.size(), reinterpret_cast<const std::uint8_t*>(content.data()));
    std::uint8_t digest[SHA1_DIGEST_SIZE];
    sha1_digest(&ctx, SHA1_DIGEST_SIZE, digest);
    std::string hex;
    for (std::uint8_t b : digest)
        hex += fmt::format("{:02x}", b);
    return hex;
}

bool git_tracks_any(const std::filesystem::path& dir, const std::string& relative) {
    auto r = run_process({"git", "ls-files", "-z", "--", relative}, dir);
    return r.status == 0 && !r.out.empty();
}

std::string git_commit_id(const std::filesystem::path& dir, const std::string& rev) {
    auto r = run_process({"git", "rev-parse", "--verify", "--quiet", rev + "^{commit}"}, dir);
    return r.status == 0 ? trim(r.out) : std::string();
}

bool git_is_ancestor(const std::filesystem::path& dir, const std::string& ancestor,
                     const std::string& descendant) {
    return run_process({"git", "merge-base", "--is-ancestor", ancestor, descendant}, dir).status ==
           0;
}

bool git_is_shallow(const std::filesystem::path& dir) {
    return trim(run_process({"git", "rev-parse", "--is-shallow-repository"}, dir).out) == "true";
}

}  // namespace vfi
