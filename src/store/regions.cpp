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

// git with what a copy must never do: run a transport that runs a command, or ask for a
// password on a terminal nobody watches.
std::vector<std::string> git_in(const fs::path& copy, std::vector<std::string> args) {
    std::vector<std::string> argv = {
        "git", "--git-dir=" + copy.string(), "-c", "protocol.ext.allow=never",
        "-c",  "protocol.fd.allow=never",    "-c", "core.hooksPath=/dev/null"};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
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

// The copy as vfi made it, or nothing there: never a link, a file, or someone else's folder.
bool copy_is_ours(const fs::path& root, const std::string& name) {
    auto folder = Folder::open(root, ".vfi/regions");  // throws for a link on the way
    if (!folder) return false;
    EntryType type = folder->type_of(name + ".git");
    if (type == EntryType::missing) return false;
    auto said = run_process(git_in(region_copy(root, name), {"config", "vfi.region"}), root);
    if (type != EntryType::folder || trim(said.out) != name)
        throw Error(ExitCode::bad_data, Location{".vfi/regions/" + name + ".git", 0, 0}, {},
                    "is not a copy vfi made, so vfi will not fetch into it",
                    "move it out of the way (vfi makes the copy again on the next `vfi fetch`)");
    return true;
}

}  // namespace

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

FetchedRegion fetch_region(const fs::path& root, const RegionSetting& region,
                           const std::string& before) {
    ::setenv("GIT_TERMINAL_PROMPT", "0", 1);
    if (!copy_is_ours(root, region.name)) make_copy(root, region.name);
    fs::path copy = region_copy(root, region.name);
    auto fetch = [&] {
        return run_process(git_in(copy, {"fetch", "--quiet", "--no-tags", "--no-write-fetch-head",
                                         "--end-of-options", source_of(root, region.git),
                                         "+HEAD:" + std::string(fetched_ref)}),
                           root);
    };
    auto r = fetch();
    FetchedRegion out;
    if (r.status != 0) {
        std::string said = trim(r.err.empty() ? r.out : r.err);
        if (said.size() > 300) said = said.substr(0, 300) + "…";
        out.error = said;
        return out;
    }
    out.commit = trim(run_process(git_in(copy, {"rev-parse", std::string(fetched_ref)}), root).out);
    if (!before.empty() &&
        run_process(git_in(copy, {"merge-base", "--is-ancestor", before, out.commit}), root)
                .status != 0) {
        // Rewritten: the old objects may hold what a forget erased. Start the copy again.
        out.rewritten = true;
        std::error_code ec;
        fs::remove_all(copy, ec);
        make_copy(root, region.name);
        r = fetch();
        if (r.status != 0) {
            out.error = trim(r.err);
            out.commit.clear();
            return out;
        }
        out.commit =
            trim(run_process(git_in(copy, {"rev-parse", std::string(fetched_ref)}), root).out);
    }
    return out;
}

}  // namespace vfi
