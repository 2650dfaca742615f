// Times vfi's assignment solver on the matrix `match suggest` builds for a data directory,
// and writes that matrix for scipy to solve the same problem (tests/bench/scipy_lsa.py).
//   vfi_bench_assignment DIR MATRIX.bin
#include <chrono>
#include <cstdio>
#include <fstream>

#include "vfi/model/programme.hpp"
#include "vfi/ops/solver.hpp"
#include "vfi/ops/suggest.hpp"
#include "vfi/store/store.hpp"

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: vfi_bench_assignment DIR MATRIX.bin\n");
        return 2;
    }
    vfi::RecordStore store(argv[1]);
    store.load({vfi::Kind::partner, vfi::Kind::leader, vfi::Kind::match});
    vfi::Programme programme(store);
    // The same expansion as suggest_matches: a column per free place.
    std::vector<const vfi::Leader*> leaders;
    for (const auto& l : programme.leaders)
        if (programme.waiting(l)) leaders.push_back(&l);
    struct Place {
        const vfi::Partner* p;
        long spare;
    };
    std::vector<Place> places;
    for (const auto& p : programme.partners)
        for (long k = 0, s = programme.spare_capacity(p); k < s; ++k)
            places.push_back({&p, s - k});
    int rows = static_cast<int>(leaders.size()), columns = static_cast<int>(places.size());
    std::int64_t bonus = 1000000;
    std::vector<std::int64_t> cost(
        static_cast<std::size_t>(rows) * static_cast<std::size_t>(columns), 0);
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < columns; ++j) {
            const auto& place = places[static_cast<std::size_t>(j)];
            if (!vfi::hard_constraint_broken(programme, *place.p,
                                             *leaders[static_cast<std::size_t>(i)]))
                cost[static_cast<std::size_t>(i) * static_cast<std::size_t>(columns) +
                     static_cast<std::size_t>(j)] =
                    -(bonus + vfi::score_pair(store.settings().weights, *place.p,
                                              *leaders[static_cast<std::size_t>(i)], place.spare)
                                  .total);
        }
    std::ofstream out(argv[2], std::ios::binary);
    out.write(reinterpret_cast<const char*>(&rows), sizeof rows);
    out.write(reinterpret_cast<const char*>(&columns), sizeof columns);
    out.write(reinterpret_cast<const char*>(cost.data()),
              static_cast<std::streamsize>(cost.size() * sizeof(std::int64_t)));
    double best = 1e9;
    std::int64_t total = 0;
    for (int run = 0; run < 5; ++run) {
        auto start = std::chrono::steady_clock::now();
        auto chosen = vfi::min_cost_assignment(rows, columns, cost);
        double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        best = std::min(best, seconds);
        total = 0;
        for (int i = 0; i < rows; ++i)
            total += cost[static_cast<std::size_t>(i) * static_cast<std::size_t>(columns) +
                          static_cast<std::size_t>(chosen[static_cast<std::size_t>(i)])];
    }
    std::printf("vfi solver: %d x %d in %.1f ms (best of 5), cost %lld\n", rows, columns,
                best * 1000, static_cast<long long>(total));
    return 0;
}
