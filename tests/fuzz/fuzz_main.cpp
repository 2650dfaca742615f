// libFuzzer entry point (make fuzz): the record loader and validator on arbitrary bytes.
#include <cstddef>
#include <cstdint>

#include "fuzz_record.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    vfi::fuzz::fuzz_record({reinterpret_cast<const char*>(data), size});
    return 0;
}
