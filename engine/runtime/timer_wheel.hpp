// A hierarchical timing wheel (Varghese & Lauck): O(1) schedule and cancel, amortized O(1)
// expiry, one per worker and never shared between threads. Time is whatever the owner passes
// to advance(): milliseconds of a steady clock in production, a number a test sets by hand.
//
// Timers live in one slab indexed by 32-bit slot numbers; a timer_id carries a generation so
// a stale id (its timer fired or was cancelled, the slot reused) is recognized and ignored.
// Callbacks are a function pointer, a context pointer and a 32-bit tag: no allocation per
// timer once the slab has grown.
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

  // Moves time to `now`, firing every timer due by then in deadline order (timers of the
  // same millisecond in schedule order). Callbacks may schedule and cancel timers.
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

  struct node {
    tick deadline = 0;
    timer_fn fn = nullptr;
    void* context = nullptr;
    std::uint32_t tag = 0;
    std::uint32_t generation = 0;
    std::uint32_t prev = k_none;
    std::uint32_t next = k_none;  // also the free-list link
    std::uint32_t slot = 0;       // index into heads_/tails_, for unlinking
    bool linked = false;
  };

  void place(std::uint32_t index);
  void unlink(std::uint32_t index) noexcept;
  void release(std::uint32_t index) noexcept;
  void cascade(unsigned level);
  std::size_t fire_slot(unsigned index);

  std::vector<node> nodes_;
  std::vector<std::uint32_t> heads_;
  std::vector<std::uint32_t> tails_;
  std::uint32_t free_ = k_none;
  std::size_t count_ = 0;
  tick now_;
};

}  // namespace sw::runtime
