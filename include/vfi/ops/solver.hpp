// The exact assignment solver behind `match suggest`: leaders to partner places, first the
// most leaders placed, then the highest total score. Never greedy.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace vfi {

// score[l][s]: the value of giving leader l the place s, or nullopt when the pair breaks a
// hard constraint. Scores are whole numbers >= 0. Returns, for each leader, the place it gets
// or -1. Among all assignments placing the most leaders, the total score is the highest.
// Deterministic: the same input gives the same answer.
std::vector<int> assign_places(const std::vector<std::vector<std::optional<std::int64_t>>>& score);

// Minimum-cost assignment of every row to a distinct column (rows <= columns), the
// shortest-augmenting-path method (Jonker–Volgenant, as in scipy's linear_sum_assignment).
// Returns the column of each row. Exposed for tests and the benchmark.
std::vector<int> min_cost_assignment(int rows, int columns, const std::vector<std::int64_t>& cost);

}  // namespace vfi
