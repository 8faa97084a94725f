#include "network.hpp"

#include <fmt/core.h>

#include "commands.hpp"
#include "duration.hpp"
#include "transport/resolver.hpp"
#include "transport/tcp_transport.hpp"
#include "transport/udp_transport.hpp"

namespace po = boost::program_options;

namespace sw::cli {

std::chrono::milliseconds duration_option(const po::variables_map& vm, const char* name,
                                          std::chrono::milliseconds fallback) {
  if (!vm.count(name)) return fallback;
  const auto text = vm[name].as<std::string>();
  const auto d = parse_duration(text);
  if (!d) throw usage_error(fmt::format("--{}: '{}' is not a duration (try 500ms, 2s, 1m)", name, text));
  return *d;
}

sip::uri sip_uri_argument(const std::string& text, std::string_view command) {
  sip::uri target;
  const sip::parse_error e = sip::parse_uri(text, target);
  if (e || !target.is_sip())
    throw usage_error(fmt::format("'{}' is not a sip: or sips: URI{}", text,
                                  e ? fmt::format(" ({} at byte {})", e.what(), e.offset) : ""));
  (void)command;
  return target;
}

std::optional<transport::transport_kind> transport_option(const po::variables_map& vm) {
  if (!vm.count("transport")) return std::nullopt;
  const std::string name = vm["transport"].as<std::string>();
  const auto kind = transport::parse_transport(name);
  if (!kind || (*kind != transport::transport_kind::udp && *kind != transport::transport_kind::tcp))
    throw usage_error(fmt::format("--transport: '{}' is not udp or tcp", name));
  return kind;
}

std::optional<transport::endpoint> parse_host_port(const std::string& text, std::uint16_t default_port) {
  std::string host = text;
  int port = default_port;
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string::npos) return std::nullopt;
    host = text.substr(1, close - 1);
    if (close + 1 < text.size()) {
      if (text[close + 1] != ':') return std::nullopt;
      port = std::atoi(text.c_str() + close + 2);
    }
  } else if (const std::size_t colon = text.find(':');
             colon != std::string::npos && text.find(':', colon + 1) == std::string::npos) {
    host = text.substr(0, colon);
    port = std::atoi(text.c_str() + colon + 1);
  }
  if (port < 0 || port > 65535) return std::nullopt;
  return transport::endpoint::from_numeric(host, static_cast<std::uint16_t>(port));
}

void add_network_options(po::options_description& d) {
  d.add_options()("transport", po::value<std::string>())("listen", po::value<std::string>())
      ("dns", po::value<std::string>());
}

route resolve_route(runtime::worker& w, const sip::uri& target, std::optional<transport::transport_kind> forced,
                    const po::variables_map& vm) {
  // RFC 3263: NAPTR, SRV and A/AAAA on the worker's loop; a numeric host needs no DNS.
  transport::resolver_config dns;
  if (vm.count("dns")) dns.nameserver = vm["dns"].as<std::string>();
  std::unique_ptr<transport::resolver> resolver;
  try {
    resolver = std::make_unique<transport::resolver>(w, dns);
  } catch (const std::system_error& e) {
    throw usage_error(fmt::format("--dns: {}", e.what()));
  }
  std::error_code error;
  std::vector<transport::resolved_target> found;
  bool resolved = false;
  resolver->resolve(target, forced, [&](std::error_code ec, std::vector<transport::resolved_target> list) {
    error = ec;
    found = std::move(list);
    resolved = true;
  });
  w.run_until([&] { return resolved; }, std::chrono::seconds(30));
  if (!resolved || error)
    throw command_failure(exit_failed, fmt::format("cannot resolve '{}': {}", target.host,
                                                   resolved ? error.message() : "no answer"));
  route r;
  bool chosen = false;
  for (const auto& t : found) {
    if (t.transport != transport::transport_kind::udp && t.transport != transport::transport_kind::tcp) continue;
    if (!chosen) {
      r.kind = t.transport;
      chosen = true;
    }
    if (t.transport == r.kind) r.targets.push_back(t.address);
  }
  if (!chosen)
    throw command_failure(exit_failed, fmt::format("'{}' resolves only to TLS or WebSocket targets, not available yet",
                                                   target.host));
  return r;
}

transport::endpoint local_endpoint(const po::variables_map& vm, const transport::endpoint& toward) {
  if (vm.count("listen")) {
    const std::string listen = vm["listen"].as<std::string>();
    const auto local = parse_host_port(listen, 0);
    if (!local) throw usage_error(fmt::format("--listen: '{}' is not HOST[:PORT] with a numeric host", listen));
    return *local;
  }
  const auto local = transport::endpoint::source_toward(toward);
  if (!local) throw command_failure(exit_failed, fmt::format("no route to {}", toward.host_port()));
  return *local;
}

std::unique_ptr<transport::transport> open_transport(runtime::worker& w, transport::transport_kind kind,
                                                     const transport::endpoint& local) {
  try {
    if (kind == transport::transport_kind::tcp) {
      auto tcp = std::make_unique<transport::tcp_transport>(w, local);
      tcp->start();
      return tcp;
    }
    auto udp = std::make_unique<transport::udp_transport>(w, local);
    udp->start();
    return udp;
  } catch (const std::system_error& e) {
    throw command_failure(exit_environment, fmt::format("cannot listen on {}: {}", local.host_port(), e.code().message()));
  }
}

}  // namespace sw::cli
