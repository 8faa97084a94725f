#include "runtime/timer_wheel.hpp"

#include <sys/mman.h>

#include <cstdint>

namespace sw::runtime {

timer_wheel::timer_wheel(tick now, std::size_t reserve) : heads_(k_total_slots, k_none), now_(now) {
  nodes_.reserve(reserve);
  chunks_.reserve(reserve / 8 + 64);
  prefer_huge_pages(nodes_.data(), nodes_.capacity() * sizeof(node));
  prefer_huge_pages(chunks_.data(), chunks_.capacity() * sizeof(chunk));
}

void timer_wheel::prefer_huge_pages(void* data, std::size_t bytes) noexcept {
  // Expiry touches nodes at random across the slab; with 4 KB pages each touch is also a TLB
  // miss. Transparent huge pages are commonly opt-in (madvise), so opt in for the whole
  // 2 MB pages inside a big reservation. Only a hint: failure changes nothing but speed.
  constexpr std::uintptr_t k_huge = std::uintptr_t{2} << 20;
  const auto begin = (reinterpret_cast<std::uintptr_t>(data) + k_huge - 1) & ~(k_huge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(k_huge - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

timer_id timer_wheel::schedule(tick delay, timer_fn fn, void* context, std::uint32_t tag) {
  std::uint32_t index;
  if (free_ != k_none) {
    index = free_;
    free_ = nodes_[index].tag;
    // The next schedule takes that node: with many timers alive it is out of cache (freed
    // when a timer fired long ago), so ask for it now, while the caller does other work.
    if (free_ != k_none) __builtin_prefetch(&nodes_[free_], 1);
  } else {
    index = static_cast<std::uint32_t>(nodes_.size());
    const std::size_t capacity = nodes_.capacity();
    nodes_.emplace_back();
    if (nodes_.capacity() != capacity) prefer_huge_pages(nodes_.data(), nodes_.capacity() * sizeof(node));
  }
  node& n = nodes_[index];
  constexpr tick k_max_delay = (tick{1} << shift(k_levels)) - 1;
  n.deadline = static_cast<std::uint32_t>(now_ + (delay == 0 ? 1 : (delay > k_max_delay ? k_max_delay : delay)));
  n.fn = fn;
  n.context = context;
  n.tag = tag;
  place(index);
  ++count_;
  return {index, n.generation};
}

void timer_wheel::place(std::uint32_t index) {
  const tick ahead = distance(nodes_[index]);
  const tick deadline = now_ + ahead;
  unsigned level = 0;
  while (level + 1 < k_levels && ahead >= (tick{1} << shift(level + 1))) ++level;
  const unsigned slot = first_slot(level) + static_cast<unsigned>((deadline >> shift(level)) & mask(level));
  std::uint32_t head = heads_[slot];
  if (head == k_none || chunks_[head].count == k_chunk_entries) {
    std::uint32_t fresh;
    if (free_chunk_ != k_none) {
      fresh = free_chunk_;
      free_chunk_ = chunks_[fresh].older;
    } else {
      fresh = static_cast<std::uint32_t>(chunks_.size());
      const std::size_t capacity = chunks_.capacity();
      chunks_.emplace_back();
      if (chunks_.capacity() != capacity) prefer_huge_pages(chunks_.data(), chunks_.capacity() * sizeof(chunk));
    }
    chunks_[fresh].count = 0;
    chunks_[fresh].slot = slot;
    chunks_[fresh].older = head;
    heads_[slot] = head = fresh;
  }
  chunk& c = chunks_[head];
  node& n = nodes_[index];
  n.where = head * 16 + c.count;
  c.entries[c.count++] = index;
}

std::uint32_t timer_wheel::pop(unsigned slot) noexcept {
  const std::uint32_t head = heads_[slot];
  chunk& c = chunks_[head];
  const std::uint32_t index = c.entries[--c.count];
  if (c.count == 0) {
    heads_[slot] = c.older;
    c.older = free_chunk_;
    free_chunk_ = head;
  }
  nodes_[index].where = k_none;
  return index;
}

void timer_wheel::remove(std::uint32_t index) noexcept {
  const std::uint32_t where = nodes_[index].where;
  const std::uint32_t last = pop(chunks_[where / 16].slot);
  if (last == index) return;
  // The slot's newest entry fills the hole (the chunk freed by pop() is never the hole's:
  // a chunk that emptied held only `last`).
  chunks_[where / 16].entries[where % 16] = last;
  nodes_[last].where = where;
}

void timer_wheel::release(std::uint32_t index) noexcept {
  node& n = nodes_[index];
  ++n.generation;
  n.fn = nullptr;
  n.tag = free_;
  free_ = index;
  --count_;
}

bool timer_wheel::pending(timer_id id) const noexcept {
  return id.index < nodes_.size() && nodes_[id.index].generation == id.generation &&
         nodes_[id.index].where != k_none;
}

bool timer_wheel::cancel(timer_id id) noexcept {
  if (!pending(id)) return false;
  remove(id.index);
  release(id.index);
  return true;
}

void timer_wheel::prefetch_slot(unsigned slot) const noexcept {
  // The nodes of one slot are scattered over the slab; ask for all of them before touching
  // the first, so that their cache misses overlap instead of queueing.
  for (std::uint32_t c = heads_[slot]; c != k_none; c = chunks_[c].older) {
    const chunk& ch = chunks_[c];
    for (std::uint32_t i = 0; i < ch.count; ++i) __builtin_prefetch(&nodes_[ch.entries[i]], 1);
  }
}

void timer_wheel::cascade(unsigned level) {
  // Timers of a higher level whose slot comes due move down to where they now belong.
  const unsigned slot = first_slot(level) + static_cast<unsigned>((now_ >> shift(level)) & mask(level));
  prefetch_slot(slot);
  // Detach the chain first: a clamped timer a whole lap away goes back into this same slot.
  std::uint32_t c = heads_[slot];
  heads_[slot] = k_none;
  while (c != k_none) {
    for (std::uint32_t i = 0; i < chunks_[c].count; ++i) place(chunks_[c].entries[i]);
    const std::uint32_t older = chunks_[c].older;
    chunks_[c].older = free_chunk_;  // freed only after its entries moved: place() may allocate
    free_chunk_ = c;
    c = older;
  }
}

std::size_t timer_wheel::fire_slot(unsigned slot) {
  std::size_t fired = 0;
  prefetch_slot(slot);
  // Pop one at a time: a callback may cancel another timer of this slot.
  while (heads_[slot] != k_none) {
    const std::uint32_t index = pop(slot);
    node& n = nodes_[index];
    if (distance(n) != 0) {  // not due: cannot happen while delays stay below 2^32 ms; never fire early
      place(index);
      continue;
    }
    const timer_fn fn = n.fn;
    void* const context = n.context;
    const std::uint32_t tag = n.tag;
    release(index);
    fn(context, tag);
    ++fired;
  }
  return fired;
}

std::size_t timer_wheel::advance(tick now) {
  std::size_t fired = 0;
  while (now_ < now) {
    if (count_ == 0) {
      now_ = now;
      break;
    }
    ++now_;
    for (unsigned level = 1; level < k_levels; ++level) {
      if ((now_ & ((tick{1} << shift(level)) - 1)) != 0) break;
      cascade(level);
    }
    fired += fire_slot(static_cast<unsigned>(now_ & mask(0)));
  }
  return fired;
}

}  // namespace sw::runtime
