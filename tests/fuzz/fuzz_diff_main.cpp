// libFuzzer entry point (make fuzz): vfi's YAML loader against libyaml. Aborts when vfi
// accepts a text libyaml refuses, or reads it otherwise (tests/fuzz/yaml_diff.hpp says why
// that matters); with VFI_FUZZ_REFUSALS=1, also when vfi refuses what both read alike.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "yaml_diff.hpp"

// vfi refusing a text libyaml accepts loses nothing (the person is told where and what to
// change), so in `make fuzz`, which CI runs, only the other directions are findings; set
// VFI_FUZZ_REFUSALS=1 to hunt the needless refusals too.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool refusals = std::getenv("VFI_FUZZ_REFUSALS") != nullptr;
    std::string finding = vfi::fuzz::yaml_disagreement({reinterpret_cast<const char*>(data), size});
    if (!finding.empty() && (refusals || finding.rfind("vfi refuses", 0) != 0)) {
        std::fprintf(stderr, "%s\n", finding.c_str());
        std::abort();
    }
    return 0;
}
