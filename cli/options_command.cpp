// Wiring of `sipwright options`: option parsing, target lookup, then the engine's pinger on
// one worker. Prints one line per answer and a summary, as ping does.
#include "options_command.hpp"

#include <fmt/core.h>
#include <netdb.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstring>
#include <optional>

#include "commands.hpp"
#include "duration.hpp"
#include "runtime/worker.hpp"
#include "sip/uri.hpp"
#include "transport/resolver.hpp"
#include "transport/tcp_transport.hpp"
#include "transport/udp_transport.hpp"
#include "txn/options_pinger.hpp"

namespace po = boost::program_options;

namespace sw::cli {

namespace {

struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::chrono::milliseconds duration_option(const po::variables_map& vm, const char* name, std::chrono::milliseconds fallback) {
  if (!vm.count(name)) return fallback;
  const auto text = vm[name].as<std::string>();
  const auto d = parse_duration(text);
  if (!d) throw usage_error(fmt::format("--{}: '{}' is not a duration (try 500ms, 2s, 1m)", name, text));
  return *d;
}

// "host", "host:port", "[v6]", "[v6]:port", or a bare IPv6 address; port 0 when absent.
std::pair<std::string, int> split_host_port(const std::string& text) {
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string::npos) return {text, 0};
    const int port = close + 2 <= text.size() && text[close + 1] == ':' ? std::atoi(text.c_str() + close + 2) : 0;
    return {text.substr(1, close - 1), port};
  }
  const std::size_t colon = text.find(':');
  if (colon != std::string::npos && text.find(':', colon + 1) == std::string::npos)
    return {text.substr(0, colon), std::atoi(text.c_str() + colon + 1)};
  return {text, 0};
}

}  // namespace

int options_command(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()("uri", po::value<std::string>())("transport", po::value<std::string>())
      ("count,c", po::value<int>())("interval,i", po::value<std::string>())("timeout,t", po::value<std::string>())
      ("listen", po::value<std::string>())("dns", po::value<std::string>());
  po::positional_options_description positional;
  positional.add("uri", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).positional(positional).run(), vm);
    if (!vm.count("uri")) throw usage_error("options: missing the target URI, e.g. sip:127.0.0.1:5060");
    const std::string uri_text = vm["uri"].as<std::string>();
    sip::uri target;
    if (const sip::parse_error e = sip::parse_uri(uri_text, target); e || !target.is_sip())
      throw usage_error(fmt::format("options: '{}' is not a sip: or sips: URI{}", uri_text,
                                    e ? fmt::format(" ({} at byte {})", e.what(), e.offset) : ""));
    std::optional<transport::transport_kind> forced;
    if (vm.count("transport")) {
      const std::string name = vm["transport"].as<std::string>();
      forced = transport::parse_transport(name);
      if (!forced || (*forced != transport::transport_kind::udp && *forced != transport::transport_kind::tcp))
        throw usage_error(fmt::format("--transport: '{}' is not udp or tcp", name));
    }
    const int count = vm.count("count") ? vm["count"].as<int>() : 1;
    if (count < 1) throw usage_error("--count must be at least 1");
    const auto interval = duration_option(vm, "interval", std::chrono::seconds(1));
    const auto timeout = duration_option(vm, "timeout", std::chrono::milliseconds(32000));  // Timer F
    if (timeout.count() == 0) throw usage_error("--timeout must be more than 0");

    runtime::worker worker;
    // RFC 3263: NAPTR, SRV and A/AAAA on the worker's loop; a numeric host needs no DNS.
    std::error_code resolve_error;
    std::vector<transport::resolved_target> found;
    bool resolved = false;
    {
      transport::resolver_config dns;
      if (vm.count("dns")) dns.nameserver = vm["dns"].as<std::string>();
      std::unique_ptr<transport::resolver> resolver;
      try {
        resolver = std::make_unique<transport::resolver>(worker, dns);
      } catch (const std::system_error& e) {
        throw usage_error(fmt::format("--dns: {}", e.what()));
      }
      resolver->resolve(target, forced, [&](std::error_code ec, std::vector<transport::resolved_target> list) {
        resolve_error = ec;
        found = std::move(list);
        resolved = true;
      });
      worker.run_until([&] { return resolved; }, std::chrono::seconds(30));
    }
    if (!resolved || resolve_error) {
      fmt::print(stderr, "sipwright: options: cannot resolve '{}': {}\n", target.host,
                 resolved ? resolve_error.message() : "no answer");
      return exit_failed;
    }
    // One transport carries the probes: the first usable target's; failover stays on it.
    std::optional<transport::transport_kind> kind;
    std::vector<transport::endpoint> targets;
    for (const auto& t : found) {
      if (t.transport != transport::transport_kind::udp && t.transport != transport::transport_kind::tcp) continue;
      if (!kind) kind = t.transport;
      if (t.transport == *kind) targets.push_back(t.address);
    }
    if (!kind) {
      fmt::print(stderr, "sipwright: options: '{}' resolves only to TLS or WebSocket targets, not available yet\n",
                 uri_text);
      return exit_failed;
    }
    std::optional<transport::endpoint> local;
    if (vm.count("listen")) {
      const std::string listen = vm["listen"].as<std::string>();
      const auto [host, listen_port] = split_host_port(listen);
      local = transport::endpoint::from_numeric(host, static_cast<std::uint16_t>(listen_port));
      if (!local) throw usage_error(fmt::format("--listen: '{}' is not HOST[:PORT] with a numeric host", listen));
    } else {
      local = transport::endpoint::source_toward(targets.front());
      if (!local) {
        fmt::print(stderr, "sipwright: options: no route to {}\n", targets.front().host_port());
        return exit_failed;
      }
    }

    std::unique_ptr<transport::transport> link;
    try {
      if (*kind == transport::transport_kind::tcp) {
        auto tcp = std::make_unique<transport::tcp_transport>(worker, *local);
        tcp->start();
        link = std::move(tcp);
      } else {
        auto udp = std::make_unique<transport::udp_transport>(worker, *local);
        udp->start();
        link = std::move(udp);
      }
    } catch (const std::system_error& e) {
      fmt::print(stderr, "sipwright: options: cannot listen on {}: {}\n", local->host_port(), e.code().message());
      return exit_environment;
    }
    txn::transaction_layer layer(worker.timers(), {.timeout = static_cast<runtime::tick>(timeout.count())});
    link->set_sink(&layer);

    const std::string& request_uri = uri_text;
    fmt::print("OPTIONS {} over {} from {}\n", request_uri, transport::transport_name(*kind), link->local().host_port());
    std::fflush(stdout);
    int answered = 0, failed = 0;
    std::vector<double> rtts;
    txn::options_pinger pinger(worker, layer, *link,
                               {request_uri, targets, count, static_cast<runtime::tick>(interval.count())},
                               [&](const txn::ping_result& r) {
                                 if (r.kind == txn::ping_result::outcome::answered) {
                                   ++answered;
                                   rtts.push_back(r.rtt_ms);
                                   fmt::print("{}: {} {} from {} time={:.2f} ms\n", r.sequence, r.status, r.reason,
                                              r.from.host_port(), r.rtt_ms);
                                 } else {
                                   ++failed;
                                   fmt::print("{}: {} after {:.0f} ms\n", r.sequence, r.reason, r.rtt_ms);
                                 }
                                 std::fflush(stdout);
                               });
    worker.timers().advance(worker.now());
    pinger.start();
    const auto limit = interval * count + timeout + std::chrono::seconds(1);
    worker.run_until([&] { return pinger.done(); }, limit);

    fmt::print("--- {} ---\n{} sent, {} answered, {} failed", request_uri, count, answered, count - answered);
    if (!rtts.empty()) {
      double sum = 0;
      for (double r : rtts) sum += r;
      fmt::print("; rtt min/avg/max = {:.2f}/{:.2f}/{:.2f} ms", *std::min_element(rtts.begin(), rtts.end()),
                 sum / static_cast<double>(rtts.size()), *std::max_element(rtts.begin(), rtts.end()));
    }
    fmt::print("\n");
    (void)failed;
    return answered == count ? exit_ok : exit_failed;
  } catch (const usage_error& e) {
    fmt::print(stderr, "sipwright: {} (see 'sipwright --help')\n", e.what());
    return exit_usage;
  } catch (const po::error& e) {
    fmt::print(stderr, "sipwright: options: {} (see 'sipwright --help')\n", e.what());
    return exit_usage;
  }
}

}  // namespace sw::cli
