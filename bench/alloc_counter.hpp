// Heap allocation counter of the benchmark binary. alloc_counter.cpp replaces the global
// operator new/delete and interposes malloc/calloc/realloc (glibc), so C libraries such as
// sofia-sip are counted too. Counts every thread; the benchmarks are single-threaded.
#pragma once

#include <cstdint>

namespace sw::bench {

// operator new calls plus malloc/calloc/realloc calls since the program started.
std::uint64_t allocations() noexcept;
// Bytes requested by those calls since the program started (realloc counts its new size).
// A running total, not what is live: frees are not subtracted.
std::uint64_t allocated_bytes() noexcept;

// True when both operator new and malloc go through the counter (checked once in main).
bool alloc_counter_works() noexcept;

}  // namespace sw::bench
