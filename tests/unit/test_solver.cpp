#include <doctest/doctest.h>

#include <functional>
#include <random>

#include "vfi/ops/solver.hpp"

using namespace vfi;
using Scores = std::vector<std::vector<std::optional<std::int64_t>>>;

namespace {

// (leaders placed, total score) of an assignment.
std::pair<int, std::int64_t> value(const Scores& s, const std::vector<int>& places) {
    int placed = 0;
    std::int64_t total = 0;
    std::vector<int> used(s.empty() ? 0 : s.front().size());
    for (std::size_t l = 0; l < places.size(); ++l) {
        int p = places[l];
        if (p < 0) continue;
        REQUIRE(s[l][static_cast<std::size_t>(p)].has_value());  // never a forbidden pair
        REQUIRE(used[static_cast<std::size_t>(p)]++ == 0);       // never a place twice
        ++placed;
        total += *s[l][static_cast<std::size_t>(p)];
    }
    return {placed, total};
}

// Every assignment, tried: the best (placed, total).
std::pair<int, std::int64_t> brute_force(const Scores& s) {
    std::size_t places = s.empty() ? 0 : s.front().size();
    std::vector<char> used(places);
    std::pair<int, std::int64_t> best{0, 0};
    std::function<void(std::size_t, int, std::int64_t)> go = [&](std::size_t l, int placed,
                                                                 std::int64_t total) {
        if (l == s.size()) {
            best = std::max(best, std::pair{placed, total});
            return;
        }
        go(l + 1, placed, total);  // leave this leader out
        for (std::size_t p = 0; p < places; ++p)
            if (!used[p] && s[l][p]) {
                used[p] = 1;
                go(l + 1, placed + 1, total + *s[l][p]);
                used[p] = 0;
            }
    };
    go(0, 0, 0);
    return best;
}

}  // namespace

TEST_CASE("solver: the greedy trap — the optimum places both leaders") {
    // Leader 0 scores higher with place 0, but leader 1 can only use place 0.
    Scores s = {{9, 1}, {5, std::nullopt}};
    auto places = assign_places(s);
    CHECK(places == std::vector<int>{1, 0});
    CHECK(value(s, places) == std::pair<int, std::int64_t>{2, 6});
}

TEST_CASE("solver: more leaders placed beats a higher score") {
    Scores s = {{100, std::nullopt}, {1, std::nullopt}, {std::nullopt, 0}};
    auto places = assign_places(s);
    CHECK(value(s, places).first == 2);
    CHECK(places[2] == 1);
}

TEST_CASE("solver: same optimum as brute force on hundreds of random instances") {
    std::mt19937 random(20221117);
    int checked = 0;
    for (int round = 0; round < 600; ++round) {
        int leaders = 1 + static_cast<int>(random() % 6);
        int places = 1 + static_cast<int>(random() % 6);
        int forbid = static_cast<int>(random() % 4);  // 0..3 in 4: share of broken constraints
        Scores s(static_cast<std::size_t>(leaders),
                 std::vector<std::optional<std::int64_t>>(static_cast<std::size_t>(places)));
        for (auto& row : s)
            for (auto& cell : row)
                if (static_cast<int>(random() % 4) >= forbid)
                    cell = static_cast<std::int64_t>(random() % 12);
        auto places_given = assign_places(s);
        CAPTURE(round);
        CHECK(value(s, places_given) == brute_force(s));
        CHECK(assign_places(s) == places_given);  // deterministic
        ++checked;
    }
    CHECK(checked == 600);
}

TEST_CASE("solver: empty and degenerate inputs") {
    CHECK(assign_places({}).empty());
    CHECK(assign_places({{}, {}}) == std::vector<int>{-1, -1});
    CHECK(assign_places({{std::nullopt}}) == std::vector<int>{-1});
}

TEST_CASE("solver: min_cost_assignment gives each row its column at the least total cost") {
    // Row 0 is cheapest at column 0 and row 1 too; the optimum gives row 0 column 2 instead:
    // 0->2, 1->0, costs 2 + 1 = 3 (against 1 + 5 = 6 for 0->0, 1->1).
    std::vector<std::int64_t> cost = {1, 9, 2,  //
                                      1, 5, 8};
    CHECK(min_cost_assignment(2, 3, cost) == std::vector<int>{2, 0});
    // Negative costs (how assign_places asks for the highest score) work the same way.
    CHECK(min_cost_assignment(2, 2, {-4, -1, -3, -3}) == std::vector<int>{0, 1});
    CHECK(min_cost_assignment(0, 3, {}).empty());
}
