#include "vfi/store/regions.hpp"

#include <cstdlib>
#include <ctime>

#include <fmt/format.h>

#include "vfi/base/error.hpp"
#include "vfi/base/process.hpp"
#include "vfi/base/text.hpp"
#include "vfi/store/folder.hpp"
#include "vfi/store/git.hpp"
#include "vfi/yaml/yaml.hpp"

namespace fs = std::filesystem;

namespace vfi {
namespace {

bool is_hex_id(const std::string& s) {
    return s.size() == 40 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// Where git fetches from: a URL (`https://…`, `ssh://…`, `host:path`) as written, a path from
// the data directory.
std::string source_of(const fs::path& root, const std::string& git) {
    auto colon = git.find(':'), slash = git.find('/');
    bool url = git.find("://") != std::string::npos ||
               (colon != std::string::npos && (slash == std::string::npos || colon < slash));
    if (url) return git;
    return (fs::path(git).is_absolute() ? fs::path(git) : root / git).lexically_normal().string();
}

// git with what a copy must never do: run a transport that runs a command, run a hook, or
// wait for ever on a server that says nothing.
std::vector<std::string> git_in(const fs::path& copy, std::vector<std::string> args) {
    std::vector<std::string> argv = {
        "git", "--git-dir=" + copy.string(), "-c", "protocol.ext.allow=never",
        "-c",  "protocol.fd.allow=never",    "-c", "core.hooksPath=/dev/null",
        "-c",  "http.lowSpeedLimit=1000",    "-c", "http.lowSpeedTime=60"};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

// A fetch in a session of its own, with no terminal (ssh cannot ask for a password or a
// passphrase, and fails instead), stopped after 10 minutes whatever the server does.
// VFI_FETCH_TIMEOUT (seconds) may say otherwise.
int fetch_limit() {
    const char* set = std::getenv("VFI_FETCH_TIMEOUT");
    int n = set ? std::atoi(set) : 0;
    return n > 0 && n <= 86400 ? n : 600;
}

std::vector<std::string> detached(std::vector<std::string> argv) {
    std::vector<std::string> out = {
        "setsid",  "-w", "env", "GIT_TERMINAL_PROMPT=0",      "SSH_ASKPASS_REQUIRE=never",
        "timeout", "-k", "10",  std::to_string(fetch_limit())};
    out.insert(out.end(), argv.begin(), argv.end());
    return out;
}

// Makes the copy anew: an empty bare repository that says it is vfi's.
void make_copy(const fs::path& root, const std::string& name) {
    Folder::make(root, ".vfi/regions", file_modes(root));
    fs::path copy = region_copy(root, name);
    auto r = run_process({"git", "init", "--bare", "-q", copy.string()}, root);
    if (r.status == 0) r = run_process(git_in(copy, {"config", "vfi.region", name}), root);
    if (r.status != 0)
        throw Error(ExitCode::git,
                    fmt::format("git could not make the copy of region {}: {}", name, trim(r.err)),
                    "fix what git says, then run `vfi fetch` again");
}

// The settings `git init --bare` and vfi write in a copy's config, by their exact keys:
// anything else (a program to run, another folder's config) was put there by someone else.
bool known_setting(const std::string& key, const std::string& value, const std::string& name) {
    static const std::vector<std::string> keys = {
        "core.repositoryformatversion", "core.filemode",         "core.ignorecase",
        "core.precomposeunicode",       "core.logallrefupdates", "core.sharedrepository",
        "extensions.objectformat"};
    if (key == "vfi.region") return value == name;
    if (key == "core.bare") return value == "true";
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

[[noreturn]] void not_ours(const std::string& name, const std::string& why) {
    throw Error(ExitCode::bad_data, Location{".vfi/regions/" + name + ".git", 0, 0}, {},
                "is not a copy vfi made (" + why + "), so vfi will not read it nor fetch into it",
                fmt::format("delete it with `rm -rf .vfi/regions/{}.git` (never commit .vfi), "
                            "then run `vfi fetch` to make it again",
                            name));
}

// The copy's config, read as a file (never through a link), holds only what vfi wrote.
void require_own_config(const fs::path& root, const std::string& name, const Folder& copy) {
    if (copy.type_of("config") != EntryType::file) not_ours(name, "it has no config");
    // What vfi and git write is a few lines: anything long is not theirs (and is never read
    // in part, for git would read the rest).
    std::string text = copy.read("config", 4096);
    if (text.size() > 4096) not_ours(name, "its config is longer than vfi writes");
    auto listed = run_process({"git", "config", "--file", "-", "--list", "-z"}, root, text);
    if (listed.status != 0) not_ours(name, "its config does not read");
    bool named = false;
    for (const auto& item : split(listed.out, '\0')) {
        if (item.empty()) continue;
        auto nl = item.find('\n');  // -z: `key` NL `value`
        std::string key = item.substr(0, nl);
        std::string value = nl == std::string::npos ? "" : item.substr(nl + 1);
        if (!known_setting(key, value, name)) not_ours(name, "its config sets " + key);
        named = named || key == "vfi.region";
    }
    if (!named) not_ours(name, "its config does not name it");
}

}  // namespace

bool region_copy_made(const fs::path& root, const std::string& name) {
    auto regions = Folder::open(root, ".vfi/regions");  // throws for a link on the way
    if (!regions) return false;
    EntryType type = regions->type_of(name + ".git");
    if (type == EntryType::missing) return false;
    if (type != EntryType::folder) not_ours(name, "it is not a folder");
    std::string at = ".vfi/regions/" + name + ".git";
    auto copy = Folder::open(root, at);
    // Files by which git would read another folder's config or objects, or another history;
    // and what a bare repository has, so git never looks above it for one.
    for (const char* other : {".git", "commondir", "gitdir", "config.worktree"})
        if (copy->type_of(other) != EntryType::missing)
            not_ours(name, fmt::format("it has a {} file", other));
    for (const char* needed : {"HEAD", "objects", "refs"})
        if (copy->type_of(needed) == EntryType::missing)
            not_ours(name, fmt::format("it has no {}", needed));
    for (auto [folder, file] : {std::pair{"/info", "grafts"},
                                {"/objects/info", "alternates"},
                                {"/objects/info", "http-alternates"},
                                {"/refs", "replace"}})
        if (auto in = Folder::open(root, at + folder);
            in && in->type_of(file) != EntryType::missing)
            not_ours(name,
                     fmt::format("it has {}{}/{}", at.substr(at.rfind('/') + 1), folder, file));
    require_own_config(root, name, *copy);
    return true;
}

std::vector<std::string> commits_held(const fs::path& root, const std::string& name,
                                      const std::vector<std::string>& commits) {
    std::string asked;
    for (const auto& c : commits)
        if (is_hex_id(c)) asked += c + "\n";
    auto r =
        run_process(git_in(region_copy(root, name), {"cat-file", "--batch-check"}), root, asked);
    std::vector<std::string> held;
    for (const auto& line : split(r.out, '\n')) {
        auto parts = split(line, ' ');
        if (parts.size() >= 2 && parts[1] == "commit") held.push_back(parts[0]);
    }
    return held;
}

std::vector<std::string> root_commits(const fs::path& root, const std::string& name,
                                      const std::string& commit) {
    if (!is_hex_id(commit)) return {};
    auto r = run_process(
        git_in(region_copy(root, name), {"rev-list", "--max-parents=0", commit, "--"}), root);
    std::vector<std::string> roots = split(trim(r.out), '\n');
    std::sort(roots.begin(), roots.end());
    return roots;
}

bool in_fetched_history(const fs::path& root, const std::string& name, const std::string& commit) {
    return run_process(git_in(region_copy(root, name),
                              {"merge-base", "--is-ancestor", commit, std::string(fetched_ref)}),
                       root)
               .status == 0;
}

std::vector<RegionPin> read_pins(const std::string& text, const std::string& shown,
                                 std::vector<Problem>& problems) {
    std::vector<RegionPin> pins;
    yaml::Node doc = yaml::parse(text, shown);
    if (!doc.is_map()) {
        if (!doc.is_null())
            problems.push_back(Problem{Location{shown, doc.mark.line, doc.mark.column}, "",
                                       "is not what `vfi fetch` writes",
                                       "run `vfi fetch` to write it again"});
        return pins;
    }
    for (const auto& e : doc.entries) {
        RegionPin pin{e.key, {}, {}, {}};
        auto text_of = [&](const char* key) {
            const yaml::Node* v = e.value.is_map() ? e.value.find(key) : nullptr;
            return v && v->is_scalar() ? v->value : std::string();
        };
        pin.commit = text_of("commit");
        pin.fetched = text_of("fetched");
        pin.failed = text_of("failed");
        if (!pin.commit.empty() && !is_hex_id(pin.commit)) {
            problems.push_back(Problem{Location{shown, e.key_mark.line, e.key_mark.column},
                                       e.key + ".commit",
                                       fmt::format("'{}' is not a commit's full id", pin.commit),
                                       "run `vfi fetch` to write it again"});
            pin.commit.clear();
        }
        pins.push_back(std::move(pin));
    }
    return pins;
}

std::string pins_text(const std::vector<RegionPin>& pins) {
    std::string out =
        "# Written by `vfi fetch`: the commit of each region the national figures are read at.\n"
        "# Run `vfi fetch` to update it; a report --as-of a commit reads the regions it names.\n";
    for (const auto& p : pins) {
        out += p.name + ":\n";
        if (!p.commit.empty()) out += "  commit: " + p.commit + "\n";
        if (!p.fetched.empty()) out += "  fetched: " + p.fetched + "\n";
        if (!p.failed.empty()) out += "  failed: " + p.failed + "\n";
    }
    return out;
}

fs::path region_copy(const fs::path& root, const std::string& name) {
    return root / ".vfi" / "regions" / (name + ".git");
}

std::string utc_now() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                       tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

namespace {

// The fetch itself: git's reason when it fails, "" when the ref holds a commit.
std::string fetch_into(const fs::path& root, const fs::path& copy, const std::string& source) {
    auto r = run_process(
        detached(git_in(copy, {"fetch", "--quiet", "--no-tags", "--no-write-fetch-head",
                               "--end-of-options", source, "+HEAD:" + std::string(fetched_ref)})),
        root);
    std::string said = trim(r.err.empty() ? r.out : r.err);
    if (r.status == 124 || r.status == 137)
        said = fmt::format("the fetch was stopped after {} seconds: the server did not answer",
                           fetch_limit());
    if (said.size() > 300) said = said.substr(0, 300) + "…";
    if (r.status != 0) return said.empty() ? "git's fetch failed" : said;
    return {};
}

std::string fetched_commit(const fs::path& root, const fs::path& copy) {
    auto r = run_process(
        git_in(copy, {"rev-parse", "--verify", "--quiet", std::string(fetched_ref) + "^{commit}"}),
        root);
    std::string id = trim(r.out);
    return r.status == 0 && is_hex_id(id) ? id : std::string();
}

}  // namespace

FetchedRegion fetch_region(const fs::path& root, const RegionSetting& region,
                           const std::string& before) {
    bool had = region_copy_made(root, region.name);
    if (!had) make_copy(root, region.name);
    fs::path copy = region_copy(root, region.name);
    // What this copy held before, as well as what fetched.yaml said: a colleague's fetch may
    // have seen a rewrite this copy has not.
    std::vector<std::string> earlier;
    if (!before.empty()) earlier.push_back(before);
    FetchedRegion out;
    if (had) out.held = fetched_commit(root, copy);
    if (!out.held.empty() && out.held != before) earlier.push_back(out.held);
    std::string source = source_of(root, region.git);
    if ((out.error = fetch_into(root, copy, source)).empty()) {
        out.commit = fetched_commit(root, copy);
        if (out.commit.empty()) out.error = "git fetched no commit (is the repository empty?)";
    }
    if (!out.error.empty()) return out;
    for (const auto& old : earlier) {
        if (run_process(git_in(copy, {"merge-base", "--is-ancestor", old, out.commit}), root)
                .status == 0)
            continue;
        // Rewritten, or moved back: the old objects may hold what a forget erased. Start the
        // copy again, with nothing of them.
        out.rewritten = true;
        out.moved_back =
            run_process(git_in(copy, {"merge-base", "--is-ancestor", out.commit, old}), root)
                .status == 0;
        std::error_code ec;
        fs::remove_all(copy, ec);
        make_copy(root, region.name);
        if (!(out.error = fetch_into(root, copy, source)).empty() ||
            (out.commit = fetched_commit(root, copy)).empty()) {
            if (out.error.empty()) out.error = "git fetched no commit";
            out.commit.clear();
        }
        break;
    }
    return out;
}

}  // namespace vfi
