// Matching partners with leaders: the hard constraints no suggestion may break, the score
// from vfi.yaml's weights with the reasons behind it, and the optimal set of suggestions
// (the most leaders placed, then the highest total score) with a reason for every leader
// left unplaced. Equality monitoring answers are never read: Partner holds none.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "vfi/format/settings.hpp"
#include "vfi/model/programme.hpp"

namespace vfi {

struct Criterion {
    std::string name;  // focus, lived_experience, region, balance
    long points = 0;
    std::string detail;  // what matched: "co-production, carers"
};

struct Score {
    long total = 0;
    std::vector<Criterion> criteria;           // those that scored, in the weights' order
    std::vector<std::string> reasons() const;  // "shared focus: co-production (+3)"
};

// Why `p` may not coach `l`, or nullopt when every hard constraint holds (a partner without
// a free place fails too).
std::optional<std::string> hard_constraint_broken(const Programme& programme, const Partner& p,
                                                  const Leader& l);

// The score of the pair when the partner has `spare` places free.
Score score_pair(const MatchingWeights& weights, const Partner& p, const Leader& l, long spare);

struct Suggestion {
    std::string leader, partner;
    Score score;
    std::vector<std::pair<std::string, long>> runners_up;  // other eligible partners, best first
};

struct Unplaced {
    std::string leader;
    std::string reason;
};

struct Suggestions {
    std::vector<Suggestion> pairs;
    std::vector<Unplaced> unplaced;
};

// Suggests partners for `leaders` (ids; empty for every waiting leader). A named leader who
// is not waiting is reported unplaced with the reason.
Suggestions suggest_matches(const Programme& programme, const Settings& settings,
                            const std::vector<std::string>& leaders);

}  // namespace vfi
