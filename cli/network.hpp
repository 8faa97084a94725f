// What the network commands (options, call, answer) share: option parsing for durations,
// URIs, transports and addresses; RFC 3263 resolution of the target on the worker; and
// opening the transport. Failures are exceptions here, at start-up, turned into exit codes
// by each command.
#pragma once

#include <boost/program_options.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/worker.hpp"
#include "sip/uri.hpp"
#include "transport/transport.hpp"

namespace sw::cli {

// A wrong option or argument: one line, exit 2.
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// The command cannot go on (no route, name unknown, port in use): the message and `code`.
struct command_failure : std::runtime_error {
  command_failure(int exit_code, const std::string& message) : std::runtime_error(message), code(exit_code) {}
  int code;
};

std::chrono::milliseconds duration_option(const boost::program_options::variables_map& vm, const char* name,
                                          std::chrono::milliseconds fallback);
sip::uri sip_uri_argument(const std::string& text, std::string_view command);
std::optional<transport::transport_kind> transport_option(const boost::program_options::variables_map& vm);
// "host", "host:port", "[v6]", "[v6]:port" or a bare IPv6 address, as a numeric endpoint.
std::optional<transport::endpoint> parse_host_port(const std::string& text, std::uint16_t default_port);

// --transport, --listen and --dns.
void add_network_options(boost::program_options::options_description& d);

// Where requests to `target` go, in RFC 3263 order, all on one transport.
struct route {
  transport::transport_kind kind = transport::transport_kind::udp;
  std::vector<transport::endpoint> targets;
};
route resolve_route(runtime::worker& w, const sip::uri& target, std::optional<transport::transport_kind> forced,
                    const boost::program_options::variables_map& vm);

// --listen, or the address the kernel routes from toward `toward`, on an ephemeral port.
transport::endpoint local_endpoint(const boost::program_options::variables_map& vm,
                                   const transport::endpoint& toward);

// Opens and starts a UDP or TCP transport on `local`.
std::unique_ptr<transport::transport> open_transport(runtime::worker& w, transport::transport_kind kind,
                                                     const transport::endpoint& local);

// Runs a command body, turning the exceptions above (and program_options errors) into the
// one-line message and exit code of the contract.
template <typename Body>
int run_command(std::string_view command, Body body);

}  // namespace sw::cli

#include "network_run.ipp"
