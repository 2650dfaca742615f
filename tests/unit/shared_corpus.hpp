// The YAML test suite ships beside the repository (../shared/corpus), not in it. The test
// cases that read it are in doctest's test suite "shared" (ctest runs them as unit_shared)
// and are skipped, saying why, when it is absent: never passed without having run.
//
//   TEST_CASE("..." * doctest::test_suite("shared") * doctest::skip(yaml_test_suite_absent())
//             * doctest::description(yaml_test_suite_note()))
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace vfi::test {

// ../shared, or VFI_TEST_SHARED_DIR when set (a test of the skipping sets it to a folder
// that is not there).
inline std::filesystem::path yaml_test_suite() {
    const char* shared = std::getenv("VFI_TEST_SHARED_DIR");
    return std::filesystem::path(shared ? shared : VFI_SHARED_DIR) / "corpus/yaml-test-suite";
}

inline bool yaml_test_suite_absent() {
    return !std::filesystem::is_directory(yaml_test_suite());
}

// Why such a test case is skipped (main.cpp prints it beside the test case's name).
inline const char* yaml_test_suite_note() {
    static const std::string note = yaml_test_suite().lexically_normal().string() +
                                    " is absent (it ships beside the repository, not in it)";
    return note.c_str();
}

}  // namespace vfi::test
