// A hierarchical timing wheel (Varghese & Lauck): O(1) schedule and cancel, amortized O(1)
// expiry, one per worker and never shared between threads. Time is whatever the owner passes
// to advance(): milliseconds of a steady clock in production, a number a test sets by hand.
//
// Timers live in one slab indexed by 32-bit numbers; a timer_id carries a generation so a
// stale id (its timer fired or was cancelled, the entry reused) is recognized and ignored.
// Callbacks are a function pointer, a context pointer and a 32-bit tag: no allocation per
// timer once the slab has grown.
//
// A slot is not a linked list of nodes but a chain of 64-byte chunks of node numbers. With a
// million timers pending the nodes fill tens of megabytes, and walking a list through them is
// one dependent cache miss per timer; reading a chunk instead gives the numbers of 13 nodes at
// once, so their misses overlap (fire_slot prefetches them all). Cancel swaps the slot's last
// entry into the hole, so it stays O(1), and a cancelled timer leaves nothing behind.
#pragma once

#include <cstdint>
#include <vector>

namespace sw::runtime {

using tick = std::uint64_t;  // milliseconds

struct timer_id {
  std::uint32_t index = ~0u;
  std::uint32_t generation = 0;
  bool valid() const noexcept { return index != ~0u; }
};

using timer_fn = void (*)(void* context, std::uint32_t tag);

class timer_wheel {
 public:
  explicit timer_wheel(tick now = 0, std::size_t reserve = 1024);

  // Fires `fn(context, tag)` once `delay` ms have passed (at the first advance() at or after
  // now + delay; a delay of 0 fires on the next advance that moves time forward).
  timer_id schedule(tick delay, timer_fn fn, void* context, std::uint32_t tag = 0);
  // True when the timer was pending and is now cancelled; false for a stale or empty id.
  bool cancel(timer_id id) noexcept;
  bool pending(timer_id id) const noexcept;

  // Moves time to `now`, firing every timer due by then in deadline order. Timers of the same
  // millisecond fire in an unspecified (but deterministic) order: cancelling reorders a slot.
  // Callbacks may schedule and cancel timers.
  // Returns how many fired.
  std::size_t advance(tick now);

  tick now() const noexcept { return now_; }
  std::size_t size() const noexcept { return count_; }

 private:
  // Level 0 has 65,536 one-millisecond slots, so every SIP timer (all are under 64*T1 = 32 s
  // plus margin) sits there from the start and fires without ever cascading: one touch of
  // its node. Two coarser levels of 256 slots reach 2^32 ms, about 49 days.
  static constexpr unsigned k_level0_bits = 16;
  static constexpr unsigned k_level_bits = 8;
  static constexpr unsigned k_levels = 3;
  static constexpr unsigned k_level0_slots = 1u << k_level0_bits;
  static constexpr unsigned k_level_slots = 1u << k_level_bits;
  static constexpr unsigned k_total_slots = k_level0_slots + (k_levels - 1) * k_level_slots;
  static constexpr std::uint32_t k_none = ~0u;

  static constexpr unsigned shift(unsigned level) { return level == 0 ? 0 : k_level0_bits + (level - 1) * k_level_bits; }
  static constexpr unsigned first_slot(unsigned level) { return level == 0 ? 0 : k_level0_slots + (level - 1) * k_level_slots; }
  static constexpr tick mask(unsigned level) { return level == 0 ? k_level0_slots - 1 : k_level_slots - 1; }

  // 32 bytes, aligned, so a node is one cache line fetch. The deadline keeps its low 32 bits:
  // every pending deadline is less than 2^32 ms ahead, so the distance mod 2^32 is exact.
  struct alignas(32) node {
    timer_fn fn = nullptr;
    void* context = nullptr;
    std::uint32_t deadline = 0;
    std::uint32_t tag = 0;          // the free-list link while free
    std::uint32_t generation = 0;
    std::uint32_t where = k_none;   // chunk * 16 + position while pending, else k_none
  };
  static constexpr std::uint32_t k_chunk_entries = 13;
  struct alignas(64) chunk {
    std::uint32_t entries[k_chunk_entries];
    std::uint32_t count = 0;
    std::uint32_t slot = 0;
    std::uint32_t older = k_none;  // the next chunk of the slot; also the free-list link
  };

  tick distance(const node& n) const noexcept { return static_cast<std::uint32_t>(n.deadline - static_cast<std::uint32_t>(now_)); }
  static void prefer_huge_pages(void* data, std::size_t bytes) noexcept;
  void place(std::uint32_t index);
  void remove(std::uint32_t index) noexcept;  // from its slot
  std::uint32_t pop(unsigned slot) noexcept;  // the slot's newest entry
  void release(std::uint32_t index) noexcept;
  void prefetch_slot(unsigned slot) const noexcept;
  void cascade(unsigned level);
  std::size_t fire_slot(unsigned slot);

  std::vector<node> nodes_;
  std::vector<chunk> chunks_;
  std::vector<std::uint32_t> heads_;  // per slot: its newest chunk, the only one not full
  std::uint32_t free_chunk_ = k_none;
  std::uint32_t free_ = k_none;
  std::size_t count_ = 0;
  tick now_;
};

}  // namespace sw::runtime
