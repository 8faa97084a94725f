// The timer wheel's three operations with a million timers pending, as a worker under load
// has them: schedule, cancel, and expiry (the cost per timer fired by advance()).
#include "runtime/timer_wheel.hpp"

#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "alloc_counter.hpp"

namespace {

using sw::runtime::tick;
using sw::runtime::timer_id;
using sw::runtime::timer_wheel;

constexpr std::size_t k_background = 1'000'000;

void noop(void* counter, std::uint32_t) { ++*static_cast<std::uint64_t*>(counter); }

// A wheel holding a million timers spread over 64 s, as SIP timers are.
void fill(timer_wheel& w, std::uint64_t& fired) {
  std::mt19937_64 rng(1);
  for (std::size_t i = 0; i < k_background; ++i) w.schedule(1 + rng() % 64000, noop, &fired);
}

void BM_schedule_cancel(benchmark::State& state) {
  std::uint64_t fired = 0;
  timer_wheel w(0, k_background + 1024);
  fill(w, fired);
  std::mt19937_64 rng(2);
  std::vector<tick> delays(4096);
  for (auto& d : delays) d = 1 + rng() % 64000;
  std::size_t i = 0;
  const auto before = sw::bench::allocations();
  for (auto _ : state) {
    const timer_id id = w.schedule(delays[i++ & 4095], noop, &fired);
    benchmark::DoNotOptimize(w.cancel(id));
  }
  state.counters["allocs_per_op"] = static_cast<double>(sw::bench::allocations() - before) /
                                    static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations() * 2);  // two operations per iteration
}
BENCHMARK(BM_schedule_cancel);

// Expiry: a wheel holding `background` timers spread over 64 s, advanced 1 ms per iteration
// while one new timer 1-1000 ms ahead is scheduled per iteration. Items are timers fired, so
// items_per_second is the expiry rate (1e9 / items_per_second = ns per expired timer, the
// schedules that feed it and any cascading included).
void BM_schedule_expire(benchmark::State& state) {
  const auto background = static_cast<std::size_t>(state.range(0));
  std::uint64_t fired = 0;
  auto make = [&] {
    timer_wheel w(0, background + 4096);
    std::mt19937_64 rng(1);
    for (std::size_t i = 0; i < background; ++i) w.schedule(1 + rng() % 64000, noop, &fired);
    return w;
  };
  timer_wheel w = make();
  std::mt19937_64 rng(3);
  std::vector<tick> delays(4096);
  for (auto& d : delays) d = 1 + rng() % 1000;
  std::size_t i = 0;
  tick now = 0;
  for (auto _ : state) {
    w.schedule(delays[i++ & 4095], noop, &fired);
    w.advance(++now);
    if (now == 64000) {  // the background has drained: refill outside the timing
      state.PauseTiming();
      w = make();
      now = 0;
      state.ResumeTiming();
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(fired));
}
BENCHMARK(BM_schedule_expire)->Arg(10'000)->Arg(1'000'000);

}  // namespace
