// How vfi asks the kernel for its memory.
#pragma once

#include <memory>

namespace vfi {

// Asks, first thing in a command, that the heap's first 40 MB be backed by huge pages where
// the kernel gives them on request (transparent huge pages, `madvise` mode, Debian's default).
// A command over the national set builds some 50 MB of records; in 4 KB pages that is over
// ten thousand page faults, a quarter of its time. More would cost more memory (a huge page
// counts whole once touched) for little more speed: at 48 MB the Learning Report on the
// national set passes 60 MB. A larger set grows the heap past them, and what it grows by is
// marked too, as are blocks of 256 KB and more and, once the heap has grown, the other threads'
// arenas: vfi's own `operator new` looks after it (at ten times the national set, a quarter of
// the time again). Does nothing under a sanitizer, whose allocator is its own, nor where the
// kernel says no.
void use_huge_pages();

// Keeps what `kept` holds until the process ends, never destroying it: for what a command's
// last step built. A report's records over the national set, freed block by block as it
// returns, took 2-7 ms on the main thread, to no purpose when the process is about to end and
// the kernel takes all its memory back at once. Reachable from a static to the end, so a
// leak checker does not call it a leak.
void keep_until_exit(const void* kept);
template <class T>
void leave_to_exit(std::unique_ptr<T> kept) {
    keep_until_exit(kept.release());
}

}  // namespace vfi
