// Wiring of `sipwright call`: one call through the engine's user agent, each event printed
// with its time since the INVITE; hangs up --duration after the answer (and the DTMF).
#include "call_command.hpp"

#include <fmt/core.h>

#include "commands.hpp"
#include "network.hpp"
#include "session/user_agent.hpp"

namespace po = boost::program_options;

namespace sw::cli {

namespace {

std::string describe(const session::event& e) {
  using session::event_kind;
  switch (e.kind) {
    case event_kind::progress:
    case event_kind::accepted:
    case event_kind::rejected: return fmt::format("{} {} {}", event_name(e.kind), e.status, e.reason);
    case event_kind::dtmf: return fmt::format("dtmf {} {} ({} ms)", e.local ? "sent" : "received", e.tone, e.duration_ms);
    case event_kind::bye: return fmt::format("bye {}", e.local ? "sent" : "received");
    case event_kind::reinvite: return fmt::format("reinvite {}", e.direction);
    case event_kind::failed:
    case event_kind::terminated: return fmt::format("{} ({})", event_name(e.kind), e.reason);
    default: return std::string(event_name(e.kind));
  }
}

}  // namespace

int call_command(const std::vector<std::string>& args) {
  return run_command("call", [&] {
    po::options_description desc("call");
    desc.add_options()("uri", po::value<std::string>())("target", po::value<std::string>())
        ("user", po::value<std::string>())("password", po::value<std::string>())("from", po::value<std::string>())
        ("duration", po::value<std::string>())("dtmf", po::value<std::string>())("timeout", po::value<std::string>());
    add_network_options(desc);
    po::positional_options_description positional;
    positional.add("uri", 1);
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(desc).positional(positional).run(), vm);
    if (!vm.count("uri")) throw usage_error("missing the URI to call, e.g. sip:bob@127.0.0.1:5060");
    const std::string uri_text = vm["uri"].as<std::string>();
    const sip::uri target = sip_uri_argument(uri_text, "call");
    const auto forced = transport_option(vm);
    const auto duration = duration_option(vm, "duration", std::chrono::milliseconds(0));
    const auto timeout = duration_option(vm, "timeout", std::chrono::milliseconds(32000));
    const std::string tones = vm.count("dtmf") ? vm["dtmf"].as<std::string>() : std::string();
    for (char c : tones)
      if (!std::isdigit(static_cast<unsigned char>(c)) && !std::strchr("*#ABCDabcd", c))
        throw usage_error(fmt::format("--dtmf: '{}' is not a DTMF tone (0-9 * # A-D)", c));

    session::ua_config config;
    if (vm.count("user")) config.user = config.auth_user = vm["user"].as<std::string>();
    if (vm.count("password")) config.password = vm["password"].as<std::string>();
    if (vm.count("from")) {
      const sip::uri from = sip_uri_argument(vm["from"].as<std::string>(), "call");
      if (!from.user.empty()) config.user = std::string(from.user);
      config.domain = std::string(from.host);
    }

    runtime::worker worker;
    route r;
    if (vm.count("target")) {
      // --target: the next hop (an outbound proxy or the server itself), as SIPp's remote host.
      const auto hop = parse_host_port(vm["target"].as<std::string>(), 5060);
      if (!hop) throw usage_error(fmt::format("--target: '{}' is not HOST[:PORT] with a numeric host",
                                              vm["target"].as<std::string>()));
      r.kind = forced.value_or(transport::transport_kind::udp);
      r.targets.push_back(*hop);
    } else {
      r = resolve_route(worker, target, forced, vm);
    }
    auto link = open_transport(worker, r.kind, local_endpoint(vm, r.targets.front()));
    txn::transaction_layer layer(worker.timers(), {.timeout = static_cast<runtime::tick>(timeout.count())});
    link->set_sink(&layer);
    session::user_agent ua(worker.timers(), layer, *link, config);

    const auto start = std::chrono::steady_clock::now();
    auto print = [&](std::string_view what) {
      const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      fmt::print("{:8.3f}s  {}\n", t, what);
      std::fflush(stdout);
    };
    print(fmt::format("INVITE {} via {} over {} from {}", uri_text, r.targets.front().host_port(),
                      transport::transport_name(r.kind), link->local().host_port()));

    bool accepted = false, ended = false, clean = false;
    std::string reason;
    std::size_t tones_sent = 0;
    runtime::timer_id hangup;
    session::session& call = ua.invite(uri_text, r.targets.front());
    auto hang_up = [](void* s, std::uint32_t) { static_cast<session::session*>(s)->bye(); };
    call.on_event = [&](session::session& s, const session::event& e) {
      print(describe(e));
      switch (e.kind) {
        case session::event_kind::accepted:
          accepted = true;
          if (!tones.empty()) s.dtmf(tones);
          else hangup = worker.timers().schedule(static_cast<runtime::tick>(duration.count()), hang_up, &s);
          break;
        case session::event_kind::dtmf:
          if (e.local && ++tones_sent == tones.size())
            hangup = worker.timers().schedule(static_cast<runtime::tick>(duration.count()), hang_up, &s);
          break;
        case session::event_kind::bye: clean = true; break;
        case session::event_kind::terminated:
          ended = true;
          reason = std::string(e.reason);
          break;
        default: break;
      }
    };
    const auto limit = timeout * 2 + duration + std::chrono::milliseconds(600 * (tones.size() + 1)) + std::chrono::seconds(5);
    worker.run_until([&] { return ended; }, limit);
    worker.timers().cancel(hangup);
    if (!ended) {
      fmt::print(stderr, "sipwright: call: gave up waiting for the call to end\n");
      return exit_failed;
    }
    if (!accepted || !clean) {
      fmt::print(stderr, "sipwright: call: {}\n", reason);
      return exit_failed;
    }
    return exit_ok;
  });
}

}  // namespace sw::cli
