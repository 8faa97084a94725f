// OPTIONS transactions between two workers over loopback UDP: the client worker keeps
// `window` transactions in flight, the server worker answers each through a non-INVITE
// server transaction (the layer's fallback). Reports transactions per second; each worker
// runs on its own thread, so on two cores this is per-core throughput of the pair.
#include <benchmark/benchmark.h>

#include <atomic>
#include <thread>

#include "runtime/worker.hpp"
#include "sip/builder.hpp"
#include "transport/udp_transport.hpp"
#include "txn/transaction_layer.hpp"

namespace {

using namespace std::chrono_literals;
namespace net = sw::transport;

struct load final : sw::txn::client_user {
  sw::txn::transaction_layer& layer;
  net::transport& link;
  net::endpoint to;
  std::string from_host;
  std::uint64_t total, started = 0, finished = 0, failed = 0;

  load(sw::txn::transaction_layer& l, net::transport& t, net::endpoint dest, std::uint64_t n)
      : layer(l), link(t), to(dest), from_host(t.local().host_port()), total(n) {}

  void start_one() {
    if (started == total) return;
    ++started;
    const std::string branch(layer.new_branch());
    sw::sip::out_buffer out;
    sw::sip::message_builder(out)
        .request_line("OPTIONS", "sip:bench@127.0.0.1")
        .via("UDP", from_host, branch)
        .max_forwards(70)
        .header(sw::sip::header_id::from, "<sip:bench@{}>;tag={}", from_host, started)
        .header(sw::sip::header_id::to, "<sip:bench@127.0.0.1>")
        .header(sw::sip::header_id::call_id, "{}@bench", branch)
        .cseq(1, "OPTIONS")
        .finish();
    layer.start_client(link, to, std::string(out.data(), out.size()), branch, sw::sip::method::options, *this);
  }
  void on_response(sw::txn::client_transaction&, const sw::sip::message& r) override {
    if (r.status() < 200) return;
    ++finished;
    start_one();
  }
  void on_timeout(sw::txn::client_transaction&) override {
    ++finished;
    ++failed;
    start_one();
  }
  void on_transport_error(sw::txn::client_transaction&, std::error_code) override {
    ++finished;
    ++failed;
    start_one();
  }
};

void BM_options_two_workers_udp(benchmark::State& state) {
  const auto window = static_cast<std::uint64_t>(state.range(0));
  constexpr std::uint64_t k_per_iteration = 20000;
  sw::runtime::worker server_worker(1);
  const auto loopback = *net::endpoint::from_numeric("127.0.0.1", 0);
  net::udp_transport server_link(server_worker, loopback);
  sw::txn::transaction_layer server_layer(server_worker.timers());
  server_link.set_sink(&server_layer);
  server_link.start();
  std::thread server([&] { server_worker.run(); });

  std::uint64_t done = 0, failed = 0;
  for (auto _ : state) {
    state.PauseTiming();
    sw::runtime::worker client_worker(0);
    net::udp_transport client_link(client_worker, loopback);
    sw::txn::transaction_layer client_layer(client_worker.timers());
    client_link.set_sink(&client_layer);
    client_link.start();
    load l(client_layer, client_link, server_link.local(), k_per_iteration);
    state.ResumeTiming();
    for (std::uint64_t i = 0; i < window; ++i) l.start_one();
    client_worker.run_until([&] { return l.finished == l.total; }, 60s);
    done += l.finished;
    failed += l.failed;
  }
  server_worker.stop();
  server.join();
  state.SetItemsProcessed(static_cast<std::int64_t>(done));
  state.counters["failed"] = static_cast<double>(failed);
}
BENCHMARK(BM_options_two_workers_udp)->Arg(1)->Arg(64)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace
