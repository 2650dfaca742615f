#include "vfi/base/memory.hpp"

#include <cstdint>
#include <cstdlib>

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define VFI_OWN_ALLOCATOR 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define VFI_OWN_ALLOCATOR 1
#endif
#endif

namespace vfi {

void use_huge_pages() {
#ifndef VFI_OWN_ALLOCATOR
    constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
    // The heap grows by 40 MB at once (address space only: a page costs memory when touched),
    // and what it grows by is marked for huge pages. glibc keeps the pad when it trims.
    ::mallopt(M_TOP_PAD, 40 << 20);
    void* first = std::malloc(120 << 10);  // more than a new heap has left: it grows
    auto begin = (reinterpret_cast<std::uintptr_t>(first) + huge - 1) & ~(huge - 1);
    auto end = reinterpret_cast<std::uintptr_t>(::sbrk(0)) & ~(huge - 1);
    if (first && end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
    std::free(first);
#endif
}

}  // namespace vfi
