#include "runtime/timer_wheel.hpp"

namespace sw::runtime {

timer_wheel::timer_wheel(tick now, std::size_t reserve)
    : heads_(k_total_slots, k_none), tails_(k_total_slots, k_none), now_(now) {
  nodes_.reserve(reserve);
}

timer_id timer_wheel::schedule(tick delay, timer_fn fn, void* context, std::uint32_t tag) {
  std::uint32_t index;
  if (free_ != k_none) {
    index = free_;
    free_ = nodes_[index].next;
  } else {
    index = static_cast<std::uint32_t>(nodes_.size());
    nodes_.emplace_back();
  }
  node& n = nodes_[index];
  constexpr tick k_max_delay = (tick{1} << shift(k_levels)) - 1;
  n.deadline = now_ + (delay == 0 ? 1 : (delay > k_max_delay ? k_max_delay : delay));
  n.fn = fn;
  n.context = context;
  n.tag = tag;
  place(index);
  ++count_;
  return {index, n.generation};
}

void timer_wheel::place(std::uint32_t index) {
  node& n = nodes_[index];
  const tick distance = n.deadline > now_ ? n.deadline - now_ : 0;
  unsigned level = 0;
  while (level + 1 < k_levels && distance >= (tick{1} << shift(level + 1))) ++level;
  const unsigned slot = first_slot(level) + static_cast<unsigned>((n.deadline >> shift(level)) & mask(level));
  n.slot = slot;
  n.next = k_none;
  n.prev = tails_[slot];
  if (tails_[slot] != k_none) nodes_[tails_[slot]].next = index;
  else heads_[slot] = index;
  tails_[slot] = index;
  n.linked = true;
}

void timer_wheel::unlink(std::uint32_t index) noexcept {
  node& n = nodes_[index];
  if (n.prev != k_none) nodes_[n.prev].next = n.next;
  else heads_[n.slot] = n.next;
  if (n.next != k_none) nodes_[n.next].prev = n.prev;
  else tails_[n.slot] = n.prev;
  n.linked = false;
}

void timer_wheel::release(std::uint32_t index) noexcept {
  node& n = nodes_[index];
  ++n.generation;
  n.fn = nullptr;
  n.next = free_;
  free_ = index;
  --count_;
}

bool timer_wheel::pending(timer_id id) const noexcept {
  return id.index < nodes_.size() && nodes_[id.index].generation == id.generation && nodes_[id.index].linked;
}

bool timer_wheel::cancel(timer_id id) noexcept {
  if (!pending(id)) return false;
  unlink(id.index);
  release(id.index);
  return true;
}

void timer_wheel::cascade(unsigned level) {
  // Timers of a higher level whose slot comes due move down to where they now belong.
  const unsigned slot = first_slot(level) + static_cast<unsigned>((now_ >> shift(level)) & mask(level));
  std::uint32_t index = heads_[slot];
  heads_[slot] = tails_[slot] = k_none;
  while (index != k_none) {
    const std::uint32_t next = nodes_[index].next;
    place(index);
    index = next;
  }
}

std::size_t timer_wheel::fire_slot(unsigned slot) {
  std::size_t fired = 0;
  // Pop one at a time: a callback may cancel another timer of this slot or add to it.
  while (heads_[slot] != k_none) {
    const std::uint32_t index = heads_[slot];
    node& n = nodes_[index];
    if (n.deadline > now_) break;  // only possible for clamped delays; they wait a lap
    const timer_fn fn = n.fn;
    void* const context = n.context;
    const std::uint32_t tag = n.tag;
    unlink(index);
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
