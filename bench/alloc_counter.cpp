// Counting replacements of the global allocation functions for the benchmark binary only.
//
// operator new/new[] (plain, nothrow, aligned) count one allocation each and take memory from
// glibc directly. malloc, calloc and realloc are interposed too (an executable's definitions
// win over libc's for every shared library), so allocations made by C code such as sofia-sip
// are counted; free goes straight to glibc. posix_memalign/aligned_alloc/memalign are not
// interposed: glibc serves them and glibc frees them, so they stay consistent, uncounted
// unless they come from an aligned operator new.
#include "alloc_counter.hpp"

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

// glibc's own entry points, exported for exactly this purpose (malloc interposition).
extern "C" {
void* __libc_malloc(std::size_t size) noexcept;
void* __libc_calloc(std::size_t count, std::size_t size) noexcept;
void* __libc_realloc(void* p, std::size_t size) noexcept;
void __libc_free(void* p) noexcept;
}

namespace {

std::atomic<std::uint64_t> g_allocations{0};
std::atomic<std::uint64_t> g_bytes{0};

inline void count(std::size_t bytes) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  g_bytes.fetch_add(bytes, std::memory_order_relaxed);
}

void* allocate(std::size_t size) {
  count(size);
  if (size == 0) size = 1;
  for (;;) {
    if (void* p = __libc_malloc(size)) return p;
    std::new_handler handler = std::get_new_handler();
    if (!handler) throw std::bad_alloc();
    handler();
  }
}

void* allocate_nothrow(std::size_t size) noexcept {
  try {
    return allocate(size);
  } catch (...) {
    return nullptr;
  }
}

void* allocate_aligned(std::size_t size, std::align_val_t al) {
  count(size);
  const auto alignment = static_cast<std::size_t>(al);
  if (size == 0) size = 1;
  size = (size + alignment - 1) / alignment * alignment;  // aligned_alloc wants a multiple
  for (;;) {
    if (void* p = std::aligned_alloc(alignment, size)) return p;
    std::new_handler handler = std::get_new_handler();
    if (!handler) throw std::bad_alloc();
    handler();
  }
}

void* allocate_aligned_nothrow(std::size_t size, std::align_val_t al) noexcept {
  try {
    return allocate_aligned(size, al);
  } catch (...) {
    return nullptr;
  }
}

}  // namespace

// ---- C allocation functions -------------------------------------------------------------

extern "C" void* malloc(std::size_t size) noexcept {
  count(size);
  return __libc_malloc(size);
}
extern "C" void* calloc(std::size_t n, std::size_t size) noexcept {
  count(n * size);
  return __libc_calloc(n, size);
}
extern "C" void* realloc(void* p, std::size_t size) noexcept {
  count(size);
  return __libc_realloc(p, size);
}
extern "C" void free(void* p) noexcept { __libc_free(p); }

// ---- C++ allocation functions -----------------------------------------------------------

void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return allocate_nothrow(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return allocate_nothrow(size); }
void* operator new(std::size_t size, std::align_val_t al) { return allocate_aligned(size, al); }
void* operator new[](std::size_t size, std::align_val_t al) { return allocate_aligned(size, al); }
void* operator new(std::size_t size, std::align_val_t al, const std::nothrow_t&) noexcept {
  return allocate_aligned_nothrow(size, al);
}
void* operator new[](std::size_t size, std::align_val_t al, const std::nothrow_t&) noexcept {
  return allocate_aligned_nothrow(size, al);
}

void operator delete(void* p) noexcept { __libc_free(p); }
void operator delete[](void* p) noexcept { __libc_free(p); }
void operator delete(void* p, std::size_t) noexcept { __libc_free(p); }
void operator delete[](void* p, std::size_t) noexcept { __libc_free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { __libc_free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { __libc_free(p); }
void operator delete(void* p, std::align_val_t) noexcept { __libc_free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { __libc_free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { __libc_free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { __libc_free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { __libc_free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { __libc_free(p); }

namespace sw::bench {

std::uint64_t allocations() noexcept { return g_allocations.load(std::memory_order_relaxed); }
std::uint64_t allocated_bytes() noexcept { return g_bytes.load(std::memory_order_relaxed); }

bool alloc_counter_works() noexcept {
  // Called through volatile pointers so the compiler cannot elide the pairs.
  void* (*volatile op_new)(std::size_t) = &::operator new;
  void (*volatile op_delete)(void*) noexcept = &::operator delete;
  void* (*volatile c_malloc)(std::size_t) noexcept = &std::malloc;
  void (*volatile c_free)(void*) noexcept = &std::free;

  const std::uint64_t before = allocations();
  op_delete(op_new(16));
  const bool new_counted = allocations() == before + 1;
  c_free(c_malloc(16));
  const bool malloc_counted = allocations() == before + 2;
  return new_counted && malloc_counted;
}

}  // namespace sw::bench
