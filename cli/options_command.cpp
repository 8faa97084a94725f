// Wiring of `sipwright options`: options, RFC 3263 route, then the engine's pinger on one
// worker. Prints one line per answer and a summary, as ping does.
#include "options_command.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "commands.hpp"
#include "network.hpp"
#include "txn/options_pinger.hpp"

namespace po = boost::program_options;

namespace sw::cli {

int options_command(const std::vector<std::string>& args) {
  return run_command("options", [&] {
    po::options_description desc("options");
    desc.add_options()("uri", po::value<std::string>())("count,c", po::value<int>())
        ("interval,i", po::value<std::string>())("timeout,t", po::value<std::string>());
    add_network_options(desc);
    po::positional_options_description positional;
    positional.add("uri", 1);
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(desc).positional(positional).run(), vm);
    if (!vm.count("uri")) throw usage_error("missing the target URI, e.g. sip:127.0.0.1:5060");
    const std::string uri_text = vm["uri"].as<std::string>();
    const sip::uri target = sip_uri_argument(uri_text, "options");
    const auto forced = transport_option(vm);
    const int count = vm.count("count") ? vm["count"].as<int>() : 1;
    if (count < 1) throw usage_error("--count must be at least 1");
    const auto interval = duration_option(vm, "interval", std::chrono::seconds(1));
    const auto timeout = duration_option(vm, "timeout", std::chrono::milliseconds(32000));  // Timer F
    if (timeout.count() == 0) throw usage_error("--timeout must be more than 0");

    runtime::worker worker;
    const route r = resolve_route(worker, target, forced, vm);
    auto link = open_transport(worker, r.kind, local_endpoint(vm, r.targets.front()));
    txn::transaction_layer layer(worker.timers(), {.timeout = static_cast<runtime::tick>(timeout.count())});
    link->set_sink(&layer);

    fmt::print("OPTIONS {} over {} from {}\n", uri_text, transport::transport_name(r.kind), link->local().host_port());
    std::fflush(stdout);
    int answered = 0;
    std::vector<double> rtts;
    txn::options_pinger pinger(worker, layer, *link,
                               {uri_text, r.targets, count, static_cast<runtime::tick>(interval.count())},
                               [&](const txn::ping_result& p) {
                                 if (p.kind == txn::ping_result::outcome::answered) {
                                   ++answered;
                                   rtts.push_back(p.rtt_ms);
                                   fmt::print("{}: {} {} from {} time={:.2f} ms\n", p.sequence, p.status, p.reason,
                                              p.from.host_port(), p.rtt_ms);
                                 } else {
                                   fmt::print("{}: {} after {:.0f} ms\n", p.sequence, p.reason, p.rtt_ms);
                                 }
                                 std::fflush(stdout);
                               });
    worker.timers().advance(worker.now());
    pinger.start();
    worker.run_until([&] { return pinger.done(); }, interval * count + timeout * 2 + std::chrono::seconds(1));

    fmt::print("--- {} ---\n{} sent, {} answered, {} failed", uri_text, count, answered, count - answered);
    if (!rtts.empty()) {
      double sum = 0;
      for (double v : rtts) sum += v;
      fmt::print("; rtt min/avg/max = {:.2f}/{:.2f}/{:.2f} ms", *std::min_element(rtts.begin(), rtts.end()),
                 sum / static_cast<double>(rtts.size()), *std::max_element(rtts.begin(), rtts.end()));
    }
    fmt::print("\n");
    return answered == count ? exit_ok : exit_failed;
  });
}

}  // namespace sw::cli
