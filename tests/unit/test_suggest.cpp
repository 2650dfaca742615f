// Match suggestions (src/ops/suggest.cpp): the score and its reasons, every hard constraint no
// suggestion may break, the optimal set over a whole programme, and why a leader is unplaced.
#include <doctest/doctest.h>

#include <set>

#include "records_dir.hpp"
#include "vfi/ops/suggest.hpp"

using namespace vfi;

namespace {

using Data = test::RecordsDir;

// The programme over a data directory, with the two calls under test.
struct Loaded : test::Loaded {
    using test::Loaded::Loaded;
    // The broken constraint, or "" when none is.
    std::string broken(const std::string& partner, const std::string& leader) const {
        REQUIRE(programme.partner(partner));
        REQUIRE(programme.leader(leader));
        auto b = hard_constraint_broken(programme, *programme.partner(partner),
                                        *programme.leader(leader));
        return b ? b->sentence : "";
    }
    Suggestions suggest(const std::vector<std::string>& leaders = {}) const {
        return suggest_matches(programme, store.settings(), leaders);
    }
};

const std::string ada =
    "interests: [co-production, carers]\nlived_experience: [carers]\n"
    "region: north-west\nmodes: [online]\ncapacity: 2\n";
const std::string lee =
    "organisation: Northshire County Council\nenquired: 2024-01-10\n"
    "focus: [co-production, carers]\nregion: north-west\nmodes: [online]\n";

}  // namespace

TEST_CASE("suggest: a pair's score, criterion by criterion, with its reasons") {
    Data data;
    data.partner("P-AAAAAA", ada);
    data.leader("L-AAAAAA", lee);
    Loaded x(data);
    const Partner& p = *x.programme.partner("P-AAAAAA");
    const Leader& l = *x.programme.leader("L-AAAAAA");
    Score s = score_pair(MatchingWeights{}, p, l, 2);
    CHECK(s.total == 11);  // 2 shared focus x 3, 1 lived experience x 2, region 1, 2 places x 1
    CHECK(s.reasons() == std::vector<std::string>{"shared focus: co-production, carers (+6)",
                                                  "lived experience of: carers (+2)",
                                                  "same region: north-west (+1)",
                                                  "places free: 2 of 2 (+2)"});
    // A weight of 0 leaves its reason out; no place free gives no balance points.
    Score s2 = score_pair(MatchingWeights{.focus = 0, .lived_experience = 5}, p, l, 0);
    CHECK(s2.total == 6);
    CHECK(s2.reasons() == std::vector<std::string>{"lived experience of: carers (+5)",
                                                   "same region: north-west (+1)"});
}

TEST_CASE("suggest: each hard constraint says which one is broken") {
    Data data;
    data.partner("P-AAAAAA", ada);
    data.partner("P-BBBBBB", "modes: [phone]\n");
    data.partner("P-CCCCCC", "modes: [in-person]\nregion: london\n");
    data.partner("P-DDDDDD", "conflicts: [ northshire  county COUNCIL ]\n");
    data.partner("P-EEEEEE", "conflicts: [L-AAAAAA]\n");
    data.partner("P-HHHHHH", "conflicts: [l-aaaaaa]\n");  // as typed (a hostile review)
    data.partner("P-FFFFFF", "", "training");
    data.partner("P-GGGGGG", "capacity: 1\n");
    data.leader("L-AAAAAA", lee);
    data.leader("L-BBBBBB", "organisation: Org\nmodes: [in-person]\nregion: north-west\n");
    data.leader("L-CCCCCC", "organisation: Org\n", "matched");
    data.match("M-AAAAAA", "P-GGGGGG", "L-CCCCCC", "active");
    data.leader("L-DDDDDD", "organisation: Org\n");
    data.match("M-BBBBBB", "P-AAAAAA", "L-DDDDDD", "ended");
    data.leader("L-EEEEEE", "organisation: Org\nmodes: [in-person]\nregion: national\n");
    Loaded x(data);
    // National is every region (a review found it refused as "in other regions").
    CHECK(x.broken("P-CCCCCC", "L-EEEEEE") == "");
    CHECK(x.broken("P-AAAAAA", "L-AAAAAA") == "");
    CHECK(x.broken("P-BBBBBB", "L-AAAAAA") == "P-BBBBBB shares no meeting mode with L-AAAAAA");
    CHECK(x.broken("P-CCCCCC", "L-BBBBBB") ==
          "P-CCCCCC and L-BBBBBB can meet only in person but are in different regions");
    // An organisation is matched however it is spaced or capitalised, and named as the
    // leader's record has it.
    CHECK(x.broken("P-DDDDDD", "L-AAAAAA") ==
          "P-DDDDDD has a conflict of interest with Northshire County Council");
    CHECK(x.broken("P-EEEEEE", "L-AAAAAA") == "P-EEEEEE has a conflict of interest with L-AAAAAA");
    CHECK(x.broken("P-HHHHHH", "L-AAAAAA") == "P-HHHHHH has a conflict of interest with L-AAAAAA");
    CHECK(x.broken("P-FFFFFF", "L-AAAAAA") == "P-FFFFFF is training, not active");
    CHECK(x.broken("P-GGGGGG", "L-AAAAAA") == "P-GGGGGG is at capacity (1 of 1 places taken)");
    CHECK(x.broken("P-GGGGGG", "L-CCCCCC") == "L-CCCCCC already has match M-AAAAAA with P-GGGGGG");
    CHECK(x.broken("P-AAAAAA", "L-DDDDDD") ==
          "P-AAAAAA and L-DDDDDD were matched before (M-BBBBBB, ended)");
}

TEST_CASE("suggest: the optimum places both leaders where waiting order alone would not") {
    // L-BBBBBB has waited longest and scores 6 with P-AAAAAA, the only partner L-AAAAAA may
    // have (P-BBBBBB has a conflict with L-AAAAAA's organisation), against 1 with P-BBBBBB.
    // Two leaders placed (1 + 1) beat one with the higher score (6).
    Data data;
    data.partner("P-AAAAAA", "interests: [carers]\nlived_experience: [carers]\ncapacity: 1\n");
    data.partner("P-BBBBBB", "conflicts: [Northshire County Council]\n");
    data.leader("L-AAAAAA", "organisation: Northshire County Council\nenquired: 2024-01-10\n");
    data.leader("L-BBBBBB",
                "organisation: Southmere Trust\nenquired: 2024-01-05\n"
                "focus: [carers]\n");
    Loaded x(data);
    Suggestions s = x.suggest();
    CHECK(s.unplaced.empty());
    REQUIRE(s.pairs.size() == 2);
    // Waiting order: the longest waiting first.
    CHECK(s.pairs[0].leader == "L-BBBBBB");
    CHECK(s.pairs[0].partner == "P-BBBBBB");
    CHECK(s.pairs[0].score.total == 1);
    CHECK(s.pairs[0].score.reasons() == std::vector<std::string>{"places free: 1 of 1 (+1)"});
    // The partner it gave up is a runner-up, with the score it would have had.
    CHECK(s.pairs[0].runners_up == std::vector<std::pair<std::string, long>>{{"P-AAAAAA", 6}});
    CHECK(s.pairs[1].leader == "L-AAAAAA");
    CHECK(s.pairs[1].partner == "P-AAAAAA");
    CHECK(s.pairs[1].score.reasons() == std::vector<std::string>{"places free: 1 of 1 (+1)"});
    CHECK(s.pairs[1].runners_up.empty());
}

TEST_CASE("suggest: places free spread the work between partners") {
    Data data;
    data.partner("P-AAAAAA", "capacity: 1\n");
    data.partner("P-BBBBBB", "capacity: 3\n");
    data.leader("L-AAAAAA", "organisation: Org\n");
    Loaded x(data);
    Suggestions s = x.suggest();
    REQUIRE(s.pairs.size() == 1);
    CHECK(s.pairs[0].partner == "P-BBBBBB");
    CHECK(s.pairs[0].score.reasons() == std::vector<std::string>{"places free: 3 of 3 (+3)"});
    CHECK(s.pairs[0].runners_up == std::vector<std::pair<std::string, long>>{{"P-AAAAAA", 1}});
}

TEST_CASE("suggest: a partner with two places free can take two leaders") {
    Data data;
    data.partner("P-AAAAAA", ada);
    data.leader("L-AAAAAA", lee);
    data.leader("L-BBBBBB", "organisation: Org\nenquired: 2024-02-01\n");
    Loaded x(data);
    Suggestions s = x.suggest();
    REQUIRE(s.pairs.size() == 2);
    CHECK(s.pairs[0].partner == "P-AAAAAA");
    CHECK(s.pairs[1].partner == "P-AAAAAA");
    // Each takes a different place: one counts 2 free, the other 1 (11 + 1 or 10 + 2).
    CHECK(s.pairs[0].score.total + s.pairs[1].score.total == 12);
    std::set<std::string> balance;
    for (const auto& pair : s.pairs)
        balance.insert(pair.score.reasons().back());
    CHECK(balance == std::set<std::string>{"places free: 2 of 2 (+2)", "places free: 1 of 2 (+1)"});
}

TEST_CASE("suggest: why a leader is unplaced") {
    SUBCASE("no partner is active and trained") {
        Data data;
        data.partner("P-AAAAAA", "", "training");
        data.leader("L-AAAAAA", lee);
        auto s = Loaded(data).suggest();
        CHECK(s.pairs.empty());
        REQUIRE(s.unplaced.size() == 1);
        CHECK(s.unplaced[0].leader == "L-AAAAAA");
        CHECK(s.unplaced[0].reason == "no partner is active and trained yet");
    }
    SUBCASE("no partner shares a meeting mode") {
        Data data;
        data.partner("P-AAAAAA", "modes: [online]\n");
        data.leader("L-AAAAAA", "organisation: Org\nmodes: [phone, in-person]\n");
        auto s = Loaded(data).suggest();
        REQUIRE(s.unplaced.size() == 1);
        CHECK(s.unplaced[0].reason == "no active partner shares a meeting mode (phone, in-person)");
    }
    SUBCASE("capacity, a conflict and a match before, each named") {
        Data data;
        data.partner("P-AAAAAA", "capacity: 1\n");
        data.partner("P-BBBBBB", "conflicts: [Northshire County Council]\n");
        data.partner("P-CCCCCC", "");
        data.leader("L-AAAAAA", lee);
        data.leader("L-BBBBBB", "organisation: Org\n", "matched");
        data.match("M-AAAAAA", "P-AAAAAA", "L-BBBBBB", "active");
        data.match("M-BBBBBB", "P-CCCCCC", "L-AAAAAA", "ended");
        auto s = Loaded(data).suggest();
        REQUIRE(s.unplaced.size() == 1);
        CHECK(s.unplaced[0].reason ==
              "the partners sharing a meeting mode are at capacity (P-AAAAAA); P-BBBBBB has a "
              "conflict of interest with Northshire County Council; already matched before "
              "with P-CCCCCC");
    }
    SUBCASE("only in person, and every partner elsewhere") {
        Data data;
        data.partner("P-AAAAAA", "region: london\n");
        data.partner("P-BBBBBB", "modes: [in-person, phone]\nregion: wales\n");
        data.leader("L-AAAAAA", "organisation: Org\nregion: north-west\nmodes: [in-person]\n");
        auto s = Loaded(data).suggest();
        REQUIRE(s.unplaced.size() == 1);
        CHECK(s.unplaced[0].reason ==
              "those who could meet only in person are in other regions (P-AAAAAA, P-BBBBBB)");
    }
    SUBCASE("the one eligible partner is needed for a leader with no other") {
        Data data;
        data.partner("P-AAAAAA", ada + "conflicts: [Org B]\n");
        data.partner("P-BBBBBB", "capacity: 1\ninterests: [carers]\n");
        data.partner("P-CCCCCC", "capacity: 1\nconflicts: [Org B, Org C]\n");
        // L-CCCCCC and L-BBBBBB may both have only P-BBBBBB; L-CCCCCC gets it for the score.
        data.leader("L-BBBBBB", "organisation: Org B\nenquired: 2024-01-01\n");
        data.leader("L-CCCCCC",
                    "organisation: Org C\nenquired: 2024-01-02\nfocus: [carers]\n"
                    "modes: [phone]\n");
        auto s = Loaded(data).suggest();
        REQUIRE(s.pairs.size() == 1);
        CHECK(s.pairs[0].leader == "L-CCCCCC");
        REQUIRE(s.unplaced.size() == 1);
        CHECK(s.unplaced[0].leader == "L-BBBBBB");
        CHECK(s.unplaced[0].reason ==
              "every eligible partner (P-BBBBBB) is needed for leaders who have no other");
    }
    SUBCASE("a leader named who is not waiting") {
        Data data;
        data.partner("P-AAAAAA", ada);
        data.leader("L-AAAAAA", lee, "matched");
        data.leader("L-BBBBBB", "organisation: Org\n");
        data.leader("L-CCCCCC", "organisation: Org\n");
        data.match("M-AAAAAA", "P-AAAAAA", "L-AAAAAA", "active");
        data.match("M-BBBBBB", "P-AAAAAA", "L-BBBBBB", "proposed");
        auto s = Loaded(data).suggest({"L-AAAAAA", "L-BBBBBB"});
        CHECK(s.pairs.empty());  // L-CCCCCC, waiting but not named, is left alone
        REQUIRE(s.unplaced.size() == 2);
        CHECK(s.unplaced[0].reason == "L-AAAAAA is matched, not waiting");
        CHECK(s.unplaced[1].reason == "L-BBBBBB already has an open match");
    }
}

TEST_CASE("suggest: the tables match suggest lists, with the runners-up when explained") {
    Suggestions s;
    Score score;
    score.total = 4;
    score.criteria = {{Criterion::focus, 3, "carers"}, {Criterion::balance, 1, "1 of 1"}};
    s.pairs.push_back({"L-AAAAAA", "P-AAAAAA", score, {{"P-BBBBBB", 3}, {"P-CCCCCC", 1}}});
    s.unplaced.push_back({"L-BBBBBB", "no partner is active and trained yet"});

    Table pairs = suggestion_table(s, false);
    CHECK(pairs.columns == std::vector<std::string>{"leader", "partner", "score", "reasons"});
    CHECK(pairs.types == std::vector<ColumnType>{ColumnType::text, ColumnType::text,
                                                 ColumnType::number, ColumnType::list});
    CHECK(pairs.rows ==
          std::vector<std::vector<std::string>>{
              {"L-AAAAAA", "P-AAAAAA", "4",
               Table::list_cell({"shared focus: carers (+3)", "places free: 1 of 1 (+1)"})}});
    Table explained = suggestion_table(s, true);
    CHECK(explained.columns.back() == "runners_up");
    CHECK(explained.types.back() == ColumnType::list);
    CHECK(explained.rows.at(0).back() == Table::list_cell({"P-BBBBBB (3)", "P-CCCCCC (1)"}));

    Table unplaced = unplaced_table(s);
    CHECK(unplaced.columns == std::vector<std::string>{"leader", "reason"});
    CHECK(unplaced.rows == std::vector<std::vector<std::string>>{
                               {"L-BBBBBB", "no partner is active and trained yet"}});
    CHECK(suggestion_table(Suggestions{}, true).rows.empty());
}
