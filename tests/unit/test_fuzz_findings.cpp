// Every input the fuzzer found a bug with (tests/fuzz/regressions/), and the hostile corpus,
// replayed through the same harness in the ordinary (and sanitizer) builds.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "fuzz_record.hpp"
#include "shared_corpus.hpp"

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

// The differential check of vfi_fuzz_diff (tests/fuzz/yaml_diff.hpp): vfi's loader refuses
// whatever libyaml refuses, over the YAML test suite, every finding, the hostile corpus and
// the sample records.
#if VFI_HAVE_LIBYAML
#include "yaml_diff.hpp"

namespace {

// Every file in `folders` read by vfi and by libyaml: how many.
int disagreements_checked(const std::vector<std::filesystem::path>& folders) {
    int checked = 0;
    for (const auto& folder : folders) {
        for (const auto& entry : std::filesystem::directory_iterator(folder)) {
            if (!entry.is_regular_file()) continue;
            CAPTURE(entry.path().string());
            CHECK(vfi::fuzz::yaml_disagreement(slurp(entry.path())) == "");
            ++checked;
        }
    }
    return checked;
}

}  // namespace

TEST_CASE("the YAML loader refuses whatever libyaml refuses") {
    std::vector<std::filesystem::path> folders;
    for (const char* folder :
         {"tests/fuzz/regressions", "tests/hostile", "data/example", "data/example/partners",
          "data/example/leaders", "data/example/matches", "data/example/sessions",
          "data/example/reflections"})
        folders.push_back(std::filesystem::path(VFI_SOURCE_DIR) / folder);
    int checked = disagreements_checked(folders);
    CHECK(checked > 100);
    MESSAGE(checked << " files read by vfi and libyaml");
}

TEST_CASE("the YAML loader refuses whatever libyaml refuses: the YAML test suite" *
          doctest::test_suite("shared") * doctest::skip(vfi::test::yaml_test_suite_absent()) *
          doctest::description(vfi::test::yaml_test_suite_note())) {
    int checked = disagreements_checked({vfi::test::yaml_test_suite()});
    CHECK(checked > 300);
    MESSAGE(checked << " documents of the YAML test suite read by vfi and libyaml");
}
#else
TEST_CASE("the YAML loader refuses whatever libyaml refuses" * doctest::skip() *
          doctest::description("libyaml (Debian: libyaml-dev) was not found when this was "
                               "built; make test installs it")) {}
#endif
