// Every input the fuzzer found a bug with (tests/fuzz/regressions/), and the hostile corpus,
// replayed through the same harness in the ordinary (and sanitizer) builds.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "fuzz_record.hpp"

namespace {

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("fuzz findings and the hostile corpus stay fixed") {
    int replayed = 0;
    for (const char* folder : {"tests/fuzz/regressions", "tests/hostile"}) {
        for (const auto& entry :
             std::filesystem::directory_iterator(std::filesystem::path(VFI_SOURCE_DIR) / folder)) {
            CAPTURE(entry.path().string());
            vfi::fuzz::fuzz_record(slurp(entry.path()));  // aborts on a finding
            ++replayed;
        }
    }
    CHECK(replayed > 30);  // both folders were found
}
