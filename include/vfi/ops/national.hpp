// A national programme across regional teams: fetching each region's repository (`vfi
// fetch`) and finding the commit of each region a national report reads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "vfi/base/date.hpp"
#include "vfi/base/table.hpp"
#include "vfi/store/regions.hpp"
#include "vfi/store/store.hpp"

namespace vfi {

struct RegionFetch {
    std::string region;
    std::string commit;  // short; the one kept when the fetch failed ("" if none ever was)
    std::string before;  // short: the commit fetched before, "" for a first fetch
    std::string error;   // why the fetch failed: git's words
    std::string since;   // when a failed region was last fetched
    bool rewritten = false;
    bool moved_back = false;
};

struct FetchOutcome {
    std::vector<RegionFetch> regions;
    bool changed = false;                // fetched.yaml changed (and was committed, in git)
    std::vector<std::string> forgotten;  // regions no longer listed, whose copies were deleted
    std::string unreadable;              // why fetched.yaml could not be read (then written afresh)
};

// Fetches every region of vfi.yaml's `regions:` (or those named in `only`), then writes
// fetched.yaml through the write gate with one commit. A region that cannot be fetched keeps
// the commit fetched before and is marked stale (`failed:`). Throws Error(usage) when vfi.yaml
// lists no regions, or names one `only` gives that it does not list.
FetchOutcome fetch_regions(RecordStore& store, ChangeOptions options, const Date& today,
                           const std::vector<std::string>& only);

// `vfi check` in a national data directory: its own problems (vfi.yaml's first), then each
// region's at the commit fetched, named `REGION:COMMIT:path`; a region never fetched, or
// whose copy cannot be read, is a problem too; one whose last fetch failed is named stale.
std::vector<Problem> check_national(RecordStore& store, const Date& today);
// What `vfi check` finds in each region named, at the commit fetched.yaml records (what the
// reports would leave it out for), in the order given; two regions at a time.
std::vector<std::vector<Problem>> check_regions(const RecordStore& store,
                                                const std::vector<std::string>& names,
                                                const Date& today);

// Is `text` a record's id (`P-7KQ2MD`)?
bool is_record_id(std::string_view text);
// Adds `part`'s rows (one region's) to `into`, with a `region` column first (added to `into`
// when it has no columns yet) and every record's id named `region:ID`, as national output
// names records whose ids may be another region's too. Rows whose first cell is `total` go to
// `totals` instead (when given), for the caller to add up.
void add_region_rows(Table& into, const Table& part, const std::string& region,
                     std::vector<std::vector<std::string>>* totals = nullptr);

// Regions whose copies hold the commit read for another region: one repository listed twice
// under different addresses (a mirror, a path and a URL), whose records would be counted
// twice. One problem per pair, at the region's place in vfi.yaml.
struct NationalRegion;
std::vector<Problem> shared_histories(const RecordStore& store,
                                      const std::vector<NationalRegion>& listed);

// Deletes the copies (and their caches) of regions vfi.yaml no longer lists, so nothing of a
// region dropped or renamed stays behind; returns their names.
std::vector<std::string> forget_unlisted_regions(const RecordStore& store);

// A region a national report reads: where it is listed, and what was fetched of it.
struct NationalRegion {
    RegionSetting setting;
    RegionPin pin;  // pin.commit "" when it was never fetched
};

// Why a region with no commit fetched cannot be read ("has never been fetched", with the day
// its fetching began to fail when it has), and what to do.
struct Unfetched {
    std::string why, fix;
};
Unfetched never_fetched(const NationalRegion& region);

// The regions of a national data directory, with the commits fetched.yaml names (at the
// store's commit, for a store read --as-of one). Throws Error(usage) when there are none.
std::vector<NationalRegion> national_regions(const RecordStore& store);

}  // namespace vfi
