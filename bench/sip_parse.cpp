// Benchmarks of the SIP message layer (parse, build, serialize, stream framing) and of
// sofia-sip's parser on the same bytes, in one binary and one run. Each benchmark reports
// items_per_second (operations per second) and allocs_per_op: heap allocations made during
// the timed loop divided by its iterations, after a warm-up operation outside the loop.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alloc_counter.hpp"
#include "messages.hpp"
#include "sip/builder.hpp"
#include "sip/framing.hpp"
#include "sip/message.hpp"
#include "sofia_reference.hpp"

namespace {

using namespace sw;

// Allocations from its construction (just before the timed loop) to report() (just after).
class alloc_probe {
 public:
  alloc_probe() noexcept : start_(bench::allocations()) {}
  void report(benchmark::State& state) const {
    const auto made = static_cast<double>(bench::allocations() - start_);
    const auto iterations = state.iterations() > 0 ? static_cast<double>(state.iterations()) : 1.0;
    state.counters["allocs_per_op"] = made / iterations;
    state.SetItemsProcessed(state.iterations());
  }

 private:
  std::uint64_t start_;
};

void skip_with(benchmark::State& state, std::string_view what, const sip::parse_error& e) {
  const std::string text = std::string(what) + ": " + std::string(e.what()) + " at " + std::to_string(e.offset);
  state.SkipWithError(text.c_str());
}

void parse_benchmark(benchmark::State& state, std::string_view bytes) {
  sip::message m;
  if (const auto e = m.parse(bytes)) return skip_with(state, "warm-up parse", e);  // grows the buffers
  const alloc_probe allocs;
  for (auto _ : state) {
    auto e = m.parse(bytes);
    if (e) {
      skip_with(state, "parse", e);
      break;
    }
    benchmark::DoNotOptimize(e);
    benchmark::ClobberMemory();
  }
  allocs.report(state);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
}

void BM_parse_invite_sdp(benchmark::State& state) { parse_benchmark(state, bench::invite::bytes()); }
BENCHMARK(BM_parse_invite_sdp);

void BM_parse_200_ok(benchmark::State& state) { parse_benchmark(state, bench::ok_200::bytes()); }
BENCHMARK(BM_parse_200_ok);

void build_invite(sip::out_buffer& out) {
  namespace inv = bench::invite;
  out.clear();
  sip::message_builder b(out);
  b.request_line(inv::method, inv::request_uri)
      .via(inv::via_transport, inv::via_sent_by, inv::via_branch, true)
      .max_forwards(inv::max_forwards)
      .header(sip::header_id::from, inv::from)
      .header(sip::header_id::to, inv::to)
      .header(sip::header_id::call_id, inv::call_id)
      .cseq(inv::cseq, inv::method)
      .header(sip::header_id::contact, inv::contact)
      .header(sip::header_id::allow, inv::allow)
      .header(sip::header_id::supported, inv::supported)
      .header(sip::header_id::user_agent, inv::user_agent)
      .finish(inv::content_type, inv::sdp);
}

void BM_build_invite(benchmark::State& state) {
  sip::out_buffer out;
  build_invite(out);  // warm-up
  const alloc_probe allocs;
  for (auto _ : state) {
    build_invite(out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  allocs.report(state);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(out.size()));
}
BENCHMARK(BM_build_invite);

void BM_serialize_invite(benchmark::State& state) {
  sip::message m;
  if (const auto e = m.parse(bench::invite::bytes())) return skip_with(state, "parse", e);
  sip::out_buffer out;
  sip::serialize(m, out);  // warm-up
  const alloc_probe allocs;
  for (auto _ : state) {
    out.clear();
    sip::serialize(m, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  allocs.report(state);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(out.size()));
}
BENCHMARK(BM_serialize_invite);

void BM_frame_stream(benchmark::State& state) {
  const std::string_view bytes = bench::invite::bytes();
  const sip::parse_options options{.stream = true};
  const auto check = [&](const sip::frame_result& r) {
    return r.kind == sip::frame_kind::message && r.size == bytes.size();
  };
  if (!check(sip::frame(bytes, options))) return state.SkipWithError("frame: not one whole message");
  const alloc_probe allocs;
  for (auto _ : state) {
    auto r = sip::frame(bytes, options);
    if (!check(r)) {
      state.SkipWithError("frame: not one whole message");
      break;
    }
    benchmark::DoNotOptimize(r);
  }
  allocs.report(state);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
}
BENCHMARK(BM_frame_stream);

void BM_sofia_parse_invite_sdp(benchmark::State& state) {
  const std::string_view bytes = bench::invite::bytes();
  if (!bench::sofia_parse(bytes).ok) return state.SkipWithError("sofia-sip: warm-up parse failed");
  const alloc_probe allocs;
  for (auto _ : state) {
    auto r = bench::sofia_parse(bytes);
    if (!r.ok) {
      state.SkipWithError("sofia-sip: parse failed");
      break;
    }
    benchmark::DoNotOptimize(r);  // Call-ID length and CSeq number were read from the sip_t
  }
  allocs.report(state);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
}
BENCHMARK(BM_sofia_parse_invite_sdp);

// The messages of RFC 4475 (tests/data/rfc4475): those of section 3.1.1, the 13 valid
// torture messages (folding, odd case, compact names, escapes, 34 Vias...), or all the others
// (invalid syntax and semantics, the rest of the valid ones).
std::vector<std::string> rfc4475_messages(bool section_3_1_1) {
  std::vector<std::string> out;
  const std::string dir = SW_RFC4475_DIR;
  std::ifstream index(dir + "/INDEX.tsv");
  std::string line;
  std::getline(index, line);  // the column names
  while (std::getline(index, line)) {
    // file, section, verdict, what it tests
    const auto tab = line.find('\t');
    if (tab == std::string::npos || (line.compare(tab + 1, 6, "3.1.1.") == 0) != section_3_1_1) continue;
    std::ifstream file(dir + "/" + line.substr(0, tab), std::ios::binary);
    std::string bytes{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    if (bytes.empty()) return {};  // unreadable: the caller's count check reports it
    out.push_back(std::move(bytes));
  }
  return out;
}

// Each message parsed in turn; a parse error is the expected result for many of them.
void parse_all(benchmark::State& state, const std::vector<std::string>& messages, std::size_t expected) {
  if (messages.size() != expected)
    return state.SkipWithError(("expected " + std::to_string(expected) + " messages in " SW_RFC4475_DIR).c_str());
  sip::message m;
  for (const std::string& bytes : messages) benchmark::DoNotOptimize(m.parse(bytes));  // grows the buffers
  const alloc_probe allocs;
  for (auto _ : state) {
    for (const std::string& bytes : messages) {
      auto e = m.parse(bytes);
      benchmark::DoNotOptimize(e);
    }
    benchmark::ClobberMemory();
  }
  allocs.report(state);
}

// Part of the profile training of scripts/build.sh: the error paths and the unusual shapes a
// peer may send, run for a small share of the training.
void BM_parse_rfc4475_others(benchmark::State& state) { parse_all(state, rfc4475_messages(false), 36); }
BENCHMARK(BM_parse_rfc4475_others);

// Left out of the training on purpose: what the profile-guided build does to message shapes
// the training never saw (bench/RESULTS.md, stop 12).
void BM_untrained_parse_rfc4475_valid(benchmark::State& state) { parse_all(state, rfc4475_messages(true), 13); }
BENCHMARK(BM_untrained_parse_rfc4475_valid);

// The fixtures must be what the benchmarks claim: the INVITE parses in both stacks to the
// same Call-ID, CSeq and body, and the builder writes exactly the parsed bytes.
bool check_fixtures() {
  bool ok = true;
  auto fail = [&ok](const char* what) {
    std::fprintf(stderr, "sip_bench: fixture check failed: %s\n", what);
    ok = false;
  };
  for (const std::string* bytes : {&bench::invite::bytes(), &bench::ok_200::bytes()}) {
    sip::message m;
    if (m.parse(*bytes)) {
      fail("sw::sip::message::parse");
      continue;
    }
    const auto sofia = bench::sofia_parse(*bytes);
    if (!sofia.ok) fail("sofia-sip parse");
    if (sofia.cseq != m.cseq().number || sofia.call_id_size != m.call_id().size() ||
        sofia.body_size != m.body().size() || m.body().empty())
      fail("sofia-sip and sw::sip disagree on CSeq, Call-ID or body");
  }
  sip::out_buffer out;
  build_invite(out);
  if (std::string_view(out.data(), out.size()) != bench::invite::bytes()) fail("built INVITE differs from parsed INVITE");
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (!sw::bench::alloc_counter_works()) {
    std::fprintf(stderr, "sip_bench: the allocation counter does not see operator new and malloc\n");
    return 1;
  }
  if (!check_fixtures()) return 1;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("compiler", __VERSION__);
  benchmark::AddCustomContext("sofia-sip", std::string(sw::bench::sofia_version()));
  benchmark::AddCustomContext("invite_bytes", std::to_string(sw::bench::invite::bytes().size()));
  benchmark::AddCustomContext("ok_200_bytes", std::to_string(sw::bench::ok_200::bytes().size()));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
