// The Session benchmarks of issue 4: two user agents (alice calls, bob answers) in one
// process on one timer wheel, each with its own transaction layer, connected back to back by
// in-memory transports (bench/memory_transport.hpp): no socket, no worker thread, no time
// passing while a call runs, so no retransmission ever fires.
//
//   BM_call_setup_teardown_in_memory  INVITE / 100 / 200 / ACK / BYE / 200 per call, both
//                                     sides' work on one core: calls/s and allocations/call.
//   BM_idle_session_bytes             100,000 established calls left idle once every
//                                     transaction of their setup has ended: heap bytes per
//                                     idle session on the UAC side (and the UAS side).
//
// Custom main: it checks that the allocation counter sees operator new and malloc.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <cstdio>
#include <ctime>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "alloc_counter.hpp"
#include "memory_transport.hpp"
#include "runtime/timer_wheel.hpp"
#include "session/session.hpp"
#include "session/user_agent.hpp"
#include "txn/transaction_layer.hpp"

namespace {

namespace net = sw::transport;
using sw::bench::memory_transport;
using sw::session::session;
using sw::session::session_state;

// Past every transaction timer of a call (Timers M and L and J are 64*T1 = 32 s, D 32 s,
// K 5 s, the UAS 2xx retransmission gives up at 64*T1) and past the 40 s a terminated
// session lingers in its user agent (user_agent.cpp, k_linger), with margin.
constexpr sw::runtime::tick k_expire_all = 41'000;
// Past the transaction timers only (64*T1 + 1 s): what an idle established call keeps after.
constexpr sw::runtime::tick k_expire_transactions = 64 * 500 + 1000;

// One user agent with its own transaction layer and transport. The user agent is optional so
// that the idle benchmark can free it alone and see what its sessions held.
struct side {
  memory_transport link;
  sw::txn::transaction_layer layer;
  std::optional<sw::session::user_agent> ua;
  side(sw::runtime::timer_wheel& wheel, net::transport_kind kind, std::uint16_t port, sw::session::ua_config config)
      : link(kind, *net::endpoint::from_numeric("127.0.0.1", port)), layer(wheel) {
    link.set_sink(&layer);
    ua.emplace(wheel, layer, link, std::move(config));
  }
};

// alice (UAC, 127.0.0.1:5060) and bob (UAS, 127.0.0.1:5062, accepts every INVITE at once).
struct rig {
  sw::runtime::timer_wheel wheel;
  side alice, bob;
  std::string target;
  net::endpoint bob_address;
  session* incoming = nullptr;
  std::uint64_t terminated_events = 0;

  explicit rig(net::transport_kind kind)
      : wheel(0, 1 << 16), alice(wheel, kind, 5060, {.user = "alice"}),
        bob(wheel, kind, 5062, {.user = "bob", .media_port = 40002}),
        target("sip:bob@" + bob.link.local().host_port()), bob_address(bob.link.local()) {
    memory_transport::connect(alice.link, bob.link);
    bob.ua->on_invite = [this](session& s) {
      incoming = &s;
      s.on_event = on_event();
      s.accept();
    };
  }

  // What an application would set: a lambda with one pointer, held inside std::function.
  std::function<void(session&, const sw::session::event&)> on_event() {
    return [this](session&, const sw::session::event& e) {
      if (e.kind == sw::session::event_kind::terminated) ++terminated_events;
    };
  }

  // With `split` set, the time each side spends is summed apart: alice's (the UAC: her
  // invite() and bye(), and every message delivered to her) and bob's (the UAS: every message
  // delivered to him, his accept() included). A load generator is one side; this tells what
  // one side costs. Costs two clock reads per delivery round, so it is off for the headline.
  bool split = false;
  std::uint64_t uac_ns = 0, uas_ns = 0;
  static std::uint64_t now_ns() {
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return static_cast<std::uint64_t>(t.tv_sec) * 1'000'000'000u + static_cast<std::uint64_t>(t.tv_nsec);
  }

  std::size_t pump() {
    if (!split) return memory_transport::pump(alice.link, bob.link);
    std::size_t total = 0;
    while (!alice.link.idle() || !bob.link.idle()) {
      const std::uint64_t t0 = now_ns();
      total += alice.link.deliver();
      const std::uint64_t t1 = now_ns();
      total += bob.link.deliver();
      uac_ns += t1 - t0;
      uas_ns += now_ns() - t1;
    }
    return total;
  }

  // alice invites bob and both reach established; nullptr when they do not.
  session* establish() {
    incoming = nullptr;
    const std::uint64_t t0 = split ? now_ns() : 0;
    session& s = alice.ua->invite(target, bob_address);
    s.on_event = on_event();
    if (split) uac_ns += now_ns() - t0;
    pump();
    if (s.state() != session_state::established || !incoming || incoming->state() != session_state::established)
      return nullptr;
    return &s;
  }

  // One whole call; false when a side did not reach established or terminated. Not inlined,
  // so that a profile can tell the timed part (call) from the paused one (advance).
  [[gnu::noinline]] bool call() {
    session* s = establish();
    if (!s) return false;
    session* b = incoming;
    const std::uint64_t t0 = split ? now_ns() : 0;
    s->bye();
    if (split) uac_ns += now_ns() - t0;
    pump();
    return s->state() == session_state::terminated && b->state() == session_state::terminated;
  }

  // The timed loop's calls, apart from the warm-up's: a profile collected inside this one
  // (valgrind --toggle-collect='*rig::timed_call*') sees the steady state only, not the first
  // batch writing fresh memory.
  [[gnu::noinline]] bool timed_call() {
    const bool done = call();
    asm volatile("" ::: "memory");  // no tail call: the profile must see call() inside this one
    return done;
  }

  [[gnu::noinline]] void advance(sw::runtime::tick by) {
    wheel.advance(wheel.now() + by);
    pump();  // nothing should be queued: no timer sends when nothing was lost
  }
};

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

const char* kind_label(net::transport_kind kind) { return kind == net::transport_kind::udp ? "udp" : "tcp"; }

// ---- calls per second -------------------------------------------------------------------

// Arguments: transport (0 UDP, 1 TCP), calls between two expiries. UDP is the number to
// quote: it is what load tests mostly run, and it does strictly more work per call (Timers
// A and E started and stopped, K, J and the INVITE ones kept running); TCP is shown beside it.
// The bytes are parsed as datagrams in both cases (no stream framing). Every `batch` calls the
// wheel is moved 41 s forward with the timing paused: transactions end, terminated sessions
// are reaped, and memory stays bounded. Between two expiries a batch's transactions and
// sessions are all alive, as they would be in a real run (32 s of Timer M at any call rate),
// so the batch size sets how much state the caches see.
void BM_call_setup_teardown_in_memory(benchmark::State& state) {
  const auto kind = state.range(0) == 0 ? net::transport_kind::udp : net::transport_kind::tcp;
  const auto batch = static_cast<std::uint64_t>(state.range(1));
  state.SetLabel(kind_label(kind));
  auto r = std::make_unique<rig>(kind);
  r->split = state.range(2) != 0;

  // Warm-up outside the timing: one full batch and its expiry, so that the queues, the
  // message buffers, the hash tables and the wheel's slab have grown.
  for (std::uint64_t i = 0; i < batch; ++i)
    if (!r->call()) {
      state.SkipWithError("warm-up call did not complete");
      return;
    }
  r->advance(k_expire_all);

  std::uint64_t calls = 0;
  r->uac_ns = r->uas_ns = 0;
  std::uint64_t paused_allocations = 0, paused_bytes = 0;
  double expiry_seconds = 0;
  const std::uint64_t messages0 = r->alice.link.stats().delivered + r->bob.link.stats().delivered;
  const std::uint64_t allocations0 = sw::bench::allocations();
  const std::uint64_t bytes0 = sw::bench::allocated_bytes();
  for (auto _ : state) {
    if (!r->timed_call()) {
      state.SkipWithError("a call did not complete");
      break;
    }
    if (++calls % batch == 0) {
      state.PauseTiming();
      const std::uint64_t a = sw::bench::allocations(), b = sw::bench::allocated_bytes();
      const double t0 = thread_cpu_seconds();
      r->advance(k_expire_all);
      expiry_seconds += thread_cpu_seconds() - t0;
      paused_allocations += sw::bench::allocations() - a;
      paused_bytes += sw::bench::allocated_bytes() - b;
      state.ResumeTiming();
    }
  }
  const std::uint64_t allocations = sw::bench::allocations() - allocations0 - paused_allocations;
  const std::uint64_t bytes = sw::bench::allocated_bytes() - bytes0 - paused_bytes;
  const std::uint64_t messages = r->alice.link.stats().delivered + r->bob.link.stats().delivered - messages0;

  // Every call ended: nothing may be left once time has passed (after the loop: not timed).
  r->advance(k_expire_all);
  const bool clean = r->alice.ua->active_sessions() == 0 && r->bob.ua->active_sessions() == 0 &&
                     r->alice.layer.active_clients() == 0 && r->alice.layer.active_servers() == 0 &&
                     r->bob.layer.active_clients() == 0 && r->bob.layer.active_servers() == 0 &&
                     r->alice.layer.stats().retransmissions == 0 && r->bob.layer.stats().retransmissions == 0;
  if (!clean) state.SkipWithError("state left after every call ended, or a retransmission fired");

  const double n = calls ? static_cast<double>(calls) : 1.0;
  state.SetItemsProcessed(static_cast<std::int64_t>(calls));
  state.counters["allocs_per_call"] = static_cast<double>(allocations) / n;
  state.counters["alloc_bytes_per_call"] = static_cast<double>(bytes) / n;
  state.counters["msgs_per_call"] = static_cast<double>(messages) / n;
  // CPU time of the paused expiries (timers firing, transactions and sessions freed) per call.
  state.counters["expiry_ns_per_call"] = expiry_seconds * 1e9 / n;
  if (r->split) {
    state.counters["uac_ns_per_call"] = static_cast<double>(r->uac_ns) / n;
    state.counters["uas_ns_per_call"] = static_cast<double>(r->uas_ns) / n;
  }
}
BENCHMARK(BM_call_setup_teardown_in_memory)
    ->ArgNames({"tcp", "batch", "split"})
    ->Args({0, 16384, 0})
    ->Args({0, 1024, 0})
    ->Args({1, 16384, 0})
    ->Args({0, 16384, 1})
    ->Unit(benchmark::kMicrosecond);

// ---- bytes per idle session ---------------------------------------------------------------

// Heap bytes in use, from glibc: small chunks (uordblks) and mmapped ones (hblkhd), with
// their headers and rounding: what the process really pays.
std::size_t heap_in_use() {
  const struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

// `calls` calls established from alice to bob, then time moved past every transaction timer
// of their setup (Timer M, L, K, ...), so that only the idle sessions' state remains. The UAC
// share is measured by freeing alice's user_agent alone (its sessions, their dialogs and
// strings, its table of sessions) and reading glibc's heap in use before and after; then bob's
// the same way. Layers, transports and the wheel stay: their tables keep the high-water size
// of the setup, which is no session's state.
void BM_idle_session_bytes(benchmark::State& state) {
  const auto calls = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    auto r = std::make_unique<rig>(net::transport_kind::udp);
    // The INVITE's size, reported beside the idle figures: its INVITE transaction held it
    // during the setup (for CANCEL and auth retries); an idle session keeps no copy.
    std::size_t invite_size = 0;
    r->bob.link.tap_context = &invite_size;
    r->bob.link.tap = [](void* size, std::string_view bytes) {
      if (bytes.starts_with("INVITE ")) *static_cast<std::size_t*>(size) = bytes.size();
    };
    const bool warm = r->call();
    r->bob.link.tap = nullptr;
    if (!warm) {  // warm-up: buffers and queues
      state.SkipWithError("warm-up call did not complete");
      return;
    }
    r->advance(k_expire_all);
    std::vector<session*> uac;
    uac.reserve(calls);
    const std::size_t heap0 = heap_in_use();
    const std::uint64_t allocations0 = sw::bench::allocations();
    state.ResumeTiming();

    for (std::size_t i = 0; i < calls; ++i) {
      session* s = r->establish();
      if (!s) {
        state.SkipWithError("a call was not established");
        return;
      }
      uac.push_back(s);
    }

    state.PauseTiming();
    const std::uint64_t setup_allocations = sw::bench::allocations() - allocations0;
    const std::size_t heap_setup = heap_in_use();
    r->advance(k_expire_transactions);
    r->alice.layer.collect();
    r->bob.layer.collect();
    bool idle = r->alice.layer.active_clients() == 0 && r->alice.layer.active_servers() == 0 &&
                r->bob.layer.active_clients() == 0 && r->bob.layer.active_servers() == 0 &&
                r->alice.ua->active_sessions() == calls && r->bob.ua->active_sessions() == calls &&
                r->alice.layer.stats().retransmissions == 0 && r->bob.layer.stats().retransmissions == 0;
    std::size_t dialog_bytes = 0;
    for (session* s : uac) {
      idle = idle && s->state() == session_state::established && s->current_dialog();
      if (s->current_dialog()) dialog_bytes += s->current_dialog()->footprint();
    }
    const std::size_t timers_left = r->wheel.size();  // the reapers and sweeps only: 4
    const std::size_t heap_idle = heap_in_use();
    r->alice.ua.reset();  // frees alice's sessions
    const std::size_t heap_without_alice = heap_in_use();
    r->bob.ua.reset();
    const std::size_t heap_without_bob = heap_in_use();
    r.reset();
    state.ResumeTiming();
    if (!idle) {
      state.SkipWithError("transactions left, a session not established, or a retransmission fired");
      return;
    }

    const auto n = static_cast<double>(calls);
    state.counters["uac_bytes_per_session"] = static_cast<double>(heap_idle - heap_without_alice) / n;
    state.counters["uas_bytes_per_session"] = static_cast<double>(heap_without_alice - heap_without_bob) / n;
    state.counters["all_bytes_per_call_idle"] = static_cast<double>(heap_idle - heap0) / n;
    state.counters["all_bytes_per_call_setup"] = static_cast<double>(heap_setup - heap0) / n;
    state.counters["uac_dialog_footprint"] = static_cast<double>(dialog_bytes) / n;
    state.counters["sizeof_session"] = static_cast<double>(sizeof(session));
    state.counters["sizeof_dialog"] = static_cast<double>(sizeof(sw::dialog::dialog));
    state.counters["invite_bytes"] = static_cast<double>(invite_size);
    state.counters["setup_allocs_per_call"] = static_cast<double>(setup_allocations) / n;
    state.counters["timers_left"] = static_cast<double>(timers_left);
    state.SetItemsProcessed(static_cast<std::int64_t>(calls));
  }
}
BENCHMARK(BM_idle_session_bytes)->Arg(100'000)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  if (!sw::bench::alloc_counter_works()) {
    std::fprintf(stderr, "session_bench: the allocation counter does not see operator new and malloc\n");
    return 1;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("compiler", __VERSION__);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
