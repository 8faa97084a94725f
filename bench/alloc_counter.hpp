// Heap allocation counter of the benchmark binary. alloc_counter.cpp replaces the global
// operator new/delete and interposes malloc/calloc/realloc (glibc), so C libraries such as
// sofia-sip are counted too. Counts every thread; the benchmarks are single-threaded.
#pragma once

#include <cstdint>

namespace sw::bench {

// operator new calls plus malloc/calloc/realloc calls since the program started.
std::uint64_t allocations() noexcept;

// True when both operator new and malloc go through the counter (checked once in main).
bool alloc_counter_works() noexcept;

}  // namespace sw::bench
