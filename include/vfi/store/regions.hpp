// A national programme's regions, as this data directory keeps them: a copy of each region's
// git repository in `.vfi/regions/NAME.git`, made and updated by git's own fetch (ssh, https,
// a path), and `fetched.yaml`, committed, naming the commit of each region that the national
// figures are read at, so a national commit pins every region's.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "vfi/format/settings.hpp"
#include "vfi/format/validate.hpp"

namespace vfi {

inline constexpr std::string_view fetched_file = "fetched.yaml";
// The ref each copy keeps the fetched commit under.
inline constexpr std::string_view fetched_ref = "refs/vfi/fetched";

// One region in fetched.yaml.
struct RegionPin {
    std::string name;
    std::string commit;   // in full; "" when it was never fetched
    std::string fetched;  // when it last was, `2026-12-03T10:29:28Z`
    std::string failed;   // when a later fetch failed (the region is stale), else ""
};

// fetched.yaml read: problems (a line vfi cannot read) go to `problems`.
std::vector<RegionPin> read_pins(const std::string& text, const std::string& shown,
                                 std::vector<Problem>& problems);
std::string pins_text(const std::vector<RegionPin>& pins);

// `.vfi/regions/NAME.git` under the data directory at `root`.
std::filesystem::path region_copy(const std::filesystem::path& root, const std::string& name);

// Whether this clone holds a copy of the region: false when there is none; Error(bad_data) for
// a copy vfi did not make (a link, a file, a config with anything vfi does not write in it:
// someone committed `.vfi`, or put it there), which vfi never runs git in.
bool region_copy_made(const std::filesystem::path& root, const std::string& name);

// The commits with no parent that `commit` descends from, in the region's copy, sorted: two
// copies of one repository share them, one region that merged another's history does not.
std::vector<std::string> root_commits(const std::filesystem::path& root, const std::string& name,
                                      const std::string& commit);

// Which of `commits` the region's copy holds (as commits).
std::vector<std::string> commits_held(const std::filesystem::path& root, const std::string& name,
                                      const std::vector<std::string>& commits);
// Whether `commit` is in the history fetched from the region (its fetched commit or before).
bool in_fetched_history(const std::filesystem::path& root, const std::string& name,
                        const std::string& commit);

struct FetchedRegion {
    std::string commit;       // what the region's HEAD is now; "" when the fetch failed
    bool rewritten = false;   // its history no longer holds the commit fetched before
    bool moved_back = false;  // the commit is an older one of the same history
    std::string error;        // git's reason, when the fetch failed
    std::string held;         // the commit this clone's copy held before, "" for none
};

// Fetches the region's HEAD into its copy (made when missing). When the region's history was
// rewritten (a forget's purge steps), the copy is made afresh, so no old object stays. Never
// prompts for a password (a cron job would hang). Throws Error for a copy vfi did not make.
FetchedRegion fetch_region(const std::filesystem::path& root, const RegionSetting& region,
                           const std::string& before);

// `2026-12-03T10:29:28Z`, now.
std::string utc_now();

}  // namespace vfi
