#include "vfi/ops/solver.hpp"

#include <algorithm>
#include <limits>

namespace vfi {
namespace {

constexpr std::int64_t infinity = std::numeric_limits<std::int64_t>::max() / 4;

struct Solver {
    int rows, columns;
    const std::vector<std::int64_t>& cost;
    std::vector<std::int64_t> u, v, shortest;
    std::vector<int> path, col4row, row4col, remaining;
    std::vector<char> seen_row, seen_column;

    Solver(int r, int c, const std::vector<std::int64_t>& k)
        : rows(r),
          columns(c),
          cost(k),
          u(static_cast<std::size_t>(r)),
          v(static_cast<std::size_t>(c)),
          shortest(static_cast<std::size_t>(c)),
          path(static_cast<std::size_t>(c), -1),
          col4row(static_cast<std::size_t>(r), -1),
          row4col(static_cast<std::size_t>(c), -1),
          remaining(static_cast<std::size_t>(c)),
          seen_row(static_cast<std::size_t>(r)),
          seen_column(static_cast<std::size_t>(c)) {}

    // Dijkstra over the columns from row `i`: the cheapest way to free a column for it.
    int augmenting_path(int i, std::int64_t& min_value) {
        min_value = 0;
        int left = columns;
        for (int j = 0; j < columns; ++j)
            remaining[static_cast<std::size_t>(j)] = columns - j - 1;
        std::fill(seen_row.begin(), seen_row.end(), 0);
        std::fill(seen_column.begin(), seen_column.end(), 0);
        std::fill(shortest.begin(), shortest.end(), infinity);
        int sink = -1;
        while (sink == -1) {
            int index = -1;
            std::int64_t lowest = infinity;
            seen_row[static_cast<std::size_t>(i)] = 1;
            const std::int64_t* row =
                cost.data() + static_cast<std::size_t>(i) * static_cast<std::size_t>(columns);
            std::int64_t base = min_value - u[static_cast<std::size_t>(i)];
            for (int it = 0; it < left; ++it) {
                int j = remaining[static_cast<std::size_t>(it)];
                auto ju = static_cast<std::size_t>(j);
                std::int64_t r = base + row[j] - v[ju];
                if (r < shortest[ju]) {
                    path[ju] = i;
                    shortest[ju] = r;
                }
                if (shortest[ju] < lowest || (shortest[ju] == lowest && row4col[ju] == -1)) {
                    lowest = shortest[ju];
                    index = it;
                }
            }
            min_value = lowest;
            int j = remaining[static_cast<std::size_t>(index)];
            if (row4col[static_cast<std::size_t>(j)] == -1)
                sink = j;
            else
                i = row4col[static_cast<std::size_t>(j)];
            seen_column[static_cast<std::size_t>(j)] = 1;
            remaining[static_cast<std::size_t>(index)] =
                remaining[static_cast<std::size_t>(--left)];
        }
        return sink;
    }

    std::vector<int> solve() {
        for (int current = 0; current < rows; ++current) {
            std::int64_t min_value = 0;
            int sink = augmenting_path(current, min_value);
            u[static_cast<std::size_t>(current)] += min_value;
            for (int i = 0; i < rows; ++i)
                if (seen_row[static_cast<std::size_t>(i)] && i != current)
                    u[static_cast<std::size_t>(i)] +=
                        min_value -
                        shortest[static_cast<std::size_t>(col4row[static_cast<std::size_t>(i)])];
            for (int j = 0; j < columns; ++j)
                if (seen_column[static_cast<std::size_t>(j)])
                    v[static_cast<std::size_t>(j)] -=
                        min_value - shortest[static_cast<std::size_t>(j)];
            int j = sink;
            while (true) {
                int i = path[static_cast<std::size_t>(j)];
                row4col[static_cast<std::size_t>(j)] = i;
                std::swap(col4row[static_cast<std::size_t>(i)], j);
                if (i == current) break;
            }
        }
        return col4row;
    }
};

}  // namespace

std::vector<int> min_cost_assignment(int rows, int columns, const std::vector<std::int64_t>& cost) {
    if (rows == 0) return {};
    return Solver(rows, columns, cost).solve();
}

std::vector<int> assign_places(const std::vector<std::vector<std::optional<std::int64_t>>>& score) {
    int leaders = static_cast<int>(score.size());
    int places = leaders == 0 ? 0 : static_cast<int>(score.front().size());
    std::vector<int> result(static_cast<std::size_t>(leaders), -1);
    if (leaders == 0 || places == 0) return result;
    // Placing one more leader must outweigh any difference in score: each placed pair is
    // worth `bonus` more than the best total of scores could ever be.
    std::int64_t best = 0;
    for (const auto& row : score)
        for (const auto& s : row)
            if (s) best = std::max(best, *s);
    std::int64_t bonus = (best + 1) * std::max(leaders, places) + 1;
    // Rows are the smaller side; a pair that breaks a constraint costs 0, like no pair at all.
    bool transpose = leaders > places;
    int rows = transpose ? places : leaders;
    int columns = transpose ? leaders : places;
    std::vector<std::int64_t> cost(
        static_cast<std::size_t>(rows) * static_cast<std::size_t>(columns), 0);
    for (int l = 0; l < leaders; ++l)
        for (int p = 0; p < places; ++p)
            if (const auto& s = score[static_cast<std::size_t>(l)][static_cast<std::size_t>(p)]) {
                std::size_t at =
                    transpose ? static_cast<std::size_t>(p) * static_cast<std::size_t>(columns) +
                                    static_cast<std::size_t>(l)
                              : static_cast<std::size_t>(l) * static_cast<std::size_t>(columns) +
                                    static_cast<std::size_t>(p);
                cost[at] = -(bonus + *s);
            }
    auto chosen = min_cost_assignment(rows, columns, cost);
    for (int r = 0; r < rows; ++r) {
        int c = chosen[static_cast<std::size_t>(r)];
        int l = transpose ? c : r;
        int p = transpose ? r : c;
        if (score[static_cast<std::size_t>(l)][static_cast<std::size_t>(p)])
            result[static_cast<std::size_t>(l)] = p;
    }
    return result;
}

}  // namespace vfi
