// libFuzzer entry point (make fuzz): vfi's YAML loader against libyaml. Aborts when vfi
// accepts a text libyaml refuses, or reads it otherwise (tests/fuzz/yaml_diff.hpp says why
// that matters).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "yaml_diff.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string finding = vfi::fuzz::yaml_disagreement({reinterpret_cast<const char*>(data), size});
    if (!finding.empty()) {
        std::fprintf(stderr, "%s\n", finding.c_str());
        std::abort();
    }
    return 0;
}
