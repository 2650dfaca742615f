// Programme settings, read from vfi.yaml at the top of the data directory.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "vfi/base/date.hpp"
#include "vfi/base/error.hpp"
#include "vfi/format/vocabulary.hpp"
#include "vfi/yaml/yaml.hpp"

namespace vfi {

// The data format this vfi reads and writes; a newer one is refused.
inline constexpr long format_version = 1;
inline constexpr const char* settings_file = "vfi.yaml";

struct MatchingWeights {
    long focus = 3;
    long lived_experience = 2;
    long region = 1;
    long balance = 1;
};

struct PaymentRate {
    Date from;
    long session_pence = 0;  // per coaching or group session held
    long prep_minutes = 0;   // paid preparation per session
    long hourly_pence = 0;   // per hour of other involvement
};

// The rate per mile at which mileage is reimbursed, from a date (`payments.mileage`): HMRC's
// approved rate for a car is 45p a mile.
struct MileageRate {
    Date from;
    long per_mile_pence = 0;
};

// A weekly limit on what a partner on benefits may earn, as a named rule's figures from a date
// (`payments.limits`): the DWP's permitted work for ESA allows under 16 hours and up to £195.50
// a week from April 2025. A week crosses it when its pay is more than `pay_up_to` or its hours
// reach `minutes_under`. Weeks begin on `week_starts` (0 Monday .. 6 Sunday).
struct LimitFigures {
    std::string rule;
    Date from;
    std::optional<long> pay_up_to;      // pence a week, at most
    std::optional<long> minutes_under;  // minutes a week, fewer than
    int week_starts = 0;
};

// A region of a national programme (`regions:` in a national data directory's vfi.yaml): a
// regional team's own data directory, in its own git repository, that `vfi fetch` copies.
struct RegionSetting {
    std::string name;  // kebab-case: `west-midlands`; names its records `west-midlands:P-…`
    std::string git;   // a URL git fetches from, or a path (relative to the data directory)
    std::string path;  // the data directory inside that repository; "" at its top
    long line = 0;     // where vfi.yaml names it
};

struct Settings {
    long version = format_version;
    std::string programme;
    std::string organisation;
    bool autocommit = true;
    Vocabularies vocabularies = Vocabularies::builtin();
    MatchingWeights weights;
    long due_after_weeks = 6;
    std::string currency = "GBP";
    std::vector<PaymentRate> rates;
    std::vector<LimitFigures> limits;  // every rule's figures, in the order written
    std::vector<MileageRate> mileage;
    bool pay_late_cancellations = false;
    bool pay_leader_no_shows = false;  // the partner came and prepared: pay as if held
    std::string disclosure_control = "nhs";
    std::string time_zone = default_time_zone;  // where "today" is
    // 32 hexadecimal digits: the secret that keys the small random adjustments of published
    // counts (vfi/disclosure.hpp). "" when vfi.yaml has none, or one vfi cannot read.
    std::string disclosure_key;
    // A national data directory's regions, in the order written; empty for a regional team's.
    std::vector<RegionSetting> regions;
};

// Reads settings from a parsed vfi.yaml. Problems go to `problems`; a format version newer
// than this vfi throws Error(bad_data), since nothing else can be trusted then.
Settings read_settings(const yaml::Node& root, const std::string& file,
                       std::vector<Problem>& problems);

// The vfi.yaml `vfi init` writes: commented, so a coordinator can see what to change.
// `disclosure_key` is a fresh random key (random_hex_key()).
std::string settings_template(const std::string& programme, const std::string& organisation,
                              const std::string& disclosure_key);

// The keys vfi reads in vfi.yaml, by section ("" is the top level; "matching.weights"). A key
// close to one of these but not equal is most likely a typo that would otherwise be ignored.
const std::vector<std::pair<std::string, std::vector<std::string>>>& settings_keys();

}  // namespace vfi
