// Matching partners with leaders: the hard constraints no suggestion may break, the score
// from vfi.yaml's weights with the reasons behind it, and the optimal set of suggestions
// (the most leaders placed, then the highest total score) with a reason for every leader
// left unplaced. Equality monitoring answers are never read: Partner holds none.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "vfi/base/table.hpp"
#include "vfi/format/settings.hpp"
#include "vfi/model/programme.hpp"

namespace vfi {

// What a pair scores for, in the order of vfi.yaml's weights.
enum class Criterion { focus, lived_experience, region, balance };
// How a reason reads: "shared focus", "lived experience of", "same region", "places free".
std::string_view label(Criterion c);

struct Scored {
    Criterion criterion;
    long points = 0;
    std::string detail;  // what matched: "co-production, carers"
};

struct Score {
    long total = 0;
    std::vector<Scored> criteria;              // those that scored, in the weights' order
    std::vector<std::string> reasons() const;  // "shared focus: co-production (+3)"
};

// The rules no suggestion or new match may break.
enum class Constraint {
    forgotten,           // the partner or the leader was erased at their request
    contributor,         // a paid contributor, not a partner who coaches
    partner_not_active,  // the partner is not active
    not_trained,         // the partner has not completed training
    no_shared_mode,      // they share no way of meeting
    in_person_apart,     // they can meet only in person but live in different regions
    conflict,            // the partner named the leader or their organisation as a conflict
    open_match,          // the two already have an open match
    matched_before,      // the two were matched before
    at_capacity,         // the partner has no free place
};

struct Broken {
    Constraint constraint;
    std::string sentence;  // for the coordinator: "P-1 has a conflict of interest with ..."
};

// Which hard constraint `p` coaching `l` would break (the first, in the order above), or
// nullopt when every one holds. `rematch`: a pair whose earlier match has finished may be
// matched again (asked for by name, never suggested).
std::optional<Broken> hard_constraint_broken(const Programme& programme, const Partner& p,
                                             const Leader& l, bool rematch = false);

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

// The suggestions as `match suggest` lists them: leader, partner, score and reasons, and with
// `runners_up` the other eligible partners with their scores (`P-1 (5)`).
Table suggestion_table(const Suggestions& suggestions, bool runners_up);
// The leaders left out, with why: leader, reason.
Table unplaced_table(const Suggestions& suggestions);

}  // namespace vfi
