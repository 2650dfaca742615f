#include "vfi/base/memory.hpp"

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <new>
#include <vector>

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

#ifndef VFI_OWN_ALLOCATOR
namespace {

constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
// A block this big is marked on its own wherever malloc put it (its own mapping, past the
// threshold, or another thread's arena).
constexpr std::size_t big = std::size_t{256} << 10;

// Another thread's arena is a heap of its own, 64 MB and aligned to that.
constexpr std::uintptr_t arena_heap = std::uintptr_t{64} << 20;
// Below this malloc never maps a block of its own (its least threshold).
constexpr std::size_t small = std::size_t{128} << 10;

std::atomic<bool> following{false};
std::uintptr_t heap_begin = 0;
std::uintptr_t first_end = 0;                  // where the heap's first 40 MB end
std::atomic<std::uintptr_t> marked_end{0};     // the heap is marked for huge pages up to here
thread_local std::uintptr_t arena_marked = 0;  // this thread's arena heap, once marked

void mark(std::uintptr_t begin, std::uintptr_t end) {
    begin = (begin + huge - 1) & ~(huge - 1);
    end &= ~(huge - 1);
    if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

// The heap grows by M_TOP_PAD at once; what it grew by is marked before it is touched (all but
// the page where malloc writes the new top, which stays small).
void follow_heap() {
    auto end = reinterpret_cast<std::uintptr_t>(::sbrk(0));
    auto was = marked_end.load(std::memory_order_relaxed);
    if (end > was && marked_end.compare_exchange_strong(was, end)) mark(was, end);
}

void* allocate(std::size_t n) {
    void* p = std::malloc(n ? n : 1);
    if (!p) throw std::bad_alloc();
    if (following.load(std::memory_order_relaxed)) {
        auto at = reinterpret_cast<std::uintptr_t>(p);
        if (n >= big) mark(at, at + n);
        follow_heap();
        // Once the heap has grown past its first 40 MB the data is large: the other threads'
        // arenas are marked too (on a small set they are sparse, and huge pages there cost).
        auto end = marked_end.load(std::memory_order_relaxed);
        if (n < small && end > first_end && (at < heap_begin || at >= end) &&
            (at & ~(arena_heap - 1)) != arena_marked) {
            arena_marked = at & ~(arena_heap - 1);
            mark(arena_marked, arena_marked + arena_heap);
        }
    }
    return p;
}

}  // namespace
#endif

void use_huge_pages() {
#ifndef VFI_OWN_ALLOCATOR
    // The heap grows by 40 MB at once (address space only: a page costs memory when touched),
    // and what it grows by is marked for huge pages. glibc keeps the pad when it trims.
    ::mallopt(M_TOP_PAD, 40 << 20);
    void* first = std::malloc(120 << 10);  // more than a new heap has left: it grows
    auto begin = reinterpret_cast<std::uintptr_t>(first);
    auto end = reinterpret_cast<std::uintptr_t>(::sbrk(0));
    if (first && end > begin) {
        mark(begin, end);
        heap_begin = begin;
        first_end = end;
        marked_end = end;
        following = true;
    }
    std::free(first);
#endif
}

void keep_until_exit(const void* kept) {
    static std::mutex lock;
    static auto* held = new std::vector<const void*>();  // never freed, as what it holds
    std::lock_guard hold(lock);
    held->push_back(kept);
}

}  // namespace vfi

#ifndef VFI_OWN_ALLOCATOR
// Every C++ allocation goes through here, so the heap is marked as it grows.
void* operator new(std::size_t n) {
    return vfi::allocate(n);
}
void* operator new[](std::size_t n) {
    return vfi::allocate(n);
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    std::free(p);
}
#endif
