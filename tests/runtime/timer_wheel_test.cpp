#include "runtime/timer_wheel.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace sw::runtime {
namespace {

struct recorder {
  timer_wheel* wheel = nullptr;
  std::vector<std::pair<tick, std::uint32_t>> fired;  // (time, tag)
  static void on(void* self, std::uint32_t tag) {
    auto* r = static_cast<recorder*>(self);
    r->fired.emplace_back(r->wheel->now(), tag);
  }
};

TEST(timer_wheel, fires_at_the_deadline_not_before) {
  timer_wheel w;
  recorder r{&w, {}};
  w.schedule(500, recorder::on, &r, 1);
  EXPECT_EQ(w.advance(499), 0u);
  EXPECT_EQ(w.advance(500), 1u);
  ASSERT_EQ(r.fired.size(), 1u);
  EXPECT_EQ(r.fired[0], (std::pair<tick, std::uint32_t>{500, 1}));
  EXPECT_EQ(w.size(), 0u);
}

TEST(timer_wheel, deadline_order_across_levels) {
  timer_wheel w(1000);
  recorder r{&w, {}};
  // One per level, plus a lap boundary; scheduled out of order.
  const tick delays[] = {70000, 3, 255, 256, 65536, 17000000, 1};
  for (std::uint32_t i = 0; i < std::size(delays); ++i) w.schedule(delays[i], recorder::on, &r, i);
  w.advance(1000 + 17000000);
  ASSERT_EQ(r.fired.size(), std::size(delays));
  for (std::size_t i = 1; i < r.fired.size(); ++i) EXPECT_LE(r.fired[i - 1].first, r.fired[i].first);
  for (auto [at, tag] : r.fired) EXPECT_EQ(at, 1000 + delays[tag]) << tag;
}

TEST(timer_wheel, same_deadline_all_fire_in_one_advance) {
  // More than one chunk's worth (13) in one slot, some cancelled from the middle.
  timer_wheel w;
  recorder r{&w, {}};
  std::vector<timer_id> ids;
  for (std::uint32_t i = 0; i < 40; ++i) ids.push_back(w.schedule(10, recorder::on, &r, i));
  for (std::uint32_t i = 0; i < 40; i += 3) EXPECT_TRUE(w.cancel(ids[i]));
  EXPECT_EQ(w.advance(9), 0u);
  w.advance(10);
  std::vector<std::uint32_t> tags;
  for (auto [at, tag] : r.fired) {
    EXPECT_EQ(at, 10u);
    tags.push_back(tag);
  }
  std::sort(tags.begin(), tags.end());
  std::vector<std::uint32_t> expected;
  for (std::uint32_t i = 0; i < 40; ++i)
    if (i % 3 != 0) expected.push_back(i);
  EXPECT_EQ(tags, expected);
  EXPECT_EQ(w.size(), 0u);
}

TEST(timer_wheel, cancel_and_stale_ids) {
  timer_wheel w;
  recorder r{&w, {}};
  const timer_id a = w.schedule(10, recorder::on, &r, 1);
  const timer_id b = w.schedule(10, recorder::on, &r, 2);
  EXPECT_TRUE(w.pending(a));
  EXPECT_TRUE(w.cancel(a));
  EXPECT_FALSE(w.cancel(a));  // twice is harmless
  EXPECT_FALSE(w.pending(a));
  const timer_id c = w.schedule(10, recorder::on, &r, 3);  // reuses a's slot
  EXPECT_EQ(c.index, a.index);
  EXPECT_FALSE(w.cancel(a));  // the stale id does not cancel the new timer
  EXPECT_TRUE(w.pending(c));
  w.advance(10);
  EXPECT_EQ(r.fired.size(), 2u);
  EXPECT_FALSE(w.cancel(b));  // fired already
  EXPECT_FALSE(w.cancel(timer_id{}));
}

// A transaction's timer callback cancels its sibling and schedules a retransmission.
struct chain {
  timer_wheel* wheel;
  timer_id sibling;
  int fired = 0;
  static void on(void* self, std::uint32_t) {
    auto* c = static_cast<chain*>(self);
    ++c->fired;
    c->wheel->cancel(c->sibling);
    if (c->fired < 3) c->wheel->schedule(0, chain::on, c);
  }
};

TEST(timer_wheel, callbacks_may_cancel_and_schedule) {
  // Two timers of one slot, each cancelling the other: whichever fires first, the other
  // must not fire after it. The survivor then reschedules itself twice with a delay of 0.
  timer_wheel w;
  chain a{&w, {}};
  chain b{&w, {}};
  const timer_id ta = w.schedule(5, chain::on, &a);
  b.sibling = ta;
  a.sibling = w.schedule(5, chain::on, &b);
  w.advance(5);
  EXPECT_EQ(a.fired + b.fired, 1);  // a delay of 0 waits for the next millisecond
  w.advance(7);
  EXPECT_EQ(a.fired + b.fired, 3);
  EXPECT_TRUE(a.fired == 0 || b.fired == 0);
  EXPECT_EQ(w.size(), 0u);
}

// Random schedules and cancels against a simple model: every live timer fires exactly at its
// deadline, every cancelled one never.
TEST(timer_wheel, agrees_with_a_model) {
  std::mt19937_64 rng(42);
  timer_wheel w;
  struct expect { tick deadline; bool cancelled; bool fired; tick at; };
  std::vector<expect> model;
  std::vector<timer_id> ids;
  struct ctx { timer_wheel* w; std::vector<expect>* m; };
  ctx c{&w, &model};
  auto on = [](void* self, std::uint32_t tag) {
    auto* x = static_cast<ctx*>(self);
    (*x->m)[tag].fired = true;
    (*x->m)[tag].at = x->w->now();
  };
  tick now = 0;
  for (int step = 0; step < 20000; ++step) {
    const auto action = rng() % 10;
    if (action < 6) {
      const tick delay = (rng() % 4 == 0) ? rng() % 200000 : 1 + rng() % 600;
      ids.push_back(w.schedule(delay, on, &c, static_cast<std::uint32_t>(model.size())));
      model.push_back({now + (delay ? delay : 1), false, false, 0});
    } else if (action < 8 && !ids.empty()) {
      const std::size_t k = rng() % ids.size();
      if (w.cancel(ids[k])) model[k].cancelled = true;
    } else {
      now += rng() % 300;
      w.advance(now);
    }
  }
  now += 300000;
  w.advance(now);
  for (std::size_t k = 0; k < model.size(); ++k) {
    if (model[k].cancelled) {
      EXPECT_FALSE(model[k].fired) << k;
    } else {
      ASSERT_TRUE(model[k].fired) << k;
      EXPECT_EQ(model[k].at, model[k].deadline) << k;
    }
  }
  EXPECT_EQ(w.size(), 0u);
}

TEST(timer_wheel, holds_a_million_timers) {
  timer_wheel w(0, 1'000'000);
  int fired = 0;
  auto on = [](void* self, std::uint32_t) { ++*static_cast<int*>(self); };
  for (std::uint32_t i = 0; i < 1'000'000; ++i) w.schedule(1 + i % 64000, on, &fired, i);
  EXPECT_EQ(w.size(), 1'000'000u);
  w.advance(64000);
  EXPECT_EQ(fired, 1'000'000);
}

}  // namespace
}  // namespace sw::runtime
