// RFC 3263 target resolution ("Locating SIP Servers"): a SIP or SIPS URI becomes an ordered
// list of (address, transport) to try, through NAPTR, SRV and A/AAAA lookups made with
// c-ares on the worker's io_context. Nothing blocks the worker; asio and c-ares stay out of
// this header.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "runtime/worker.hpp"
#include "sip/uri.hpp"
#include "transport/endpoint.hpp"

namespace sw::transport {

enum class resolve_errc : std::uint8_t {
  not_found = 1,          // the name does not exist, or has no usable records (NXDOMAIN, NODATA)
  timeout,                // the name server did not answer within timeout × tries
  bad_name,               // not a sip:/sips: URI, or a host that is not a valid domain name
  server_failure,         // SERVFAIL, REFUSED, an unreadable answer, or no name server reachable
  unsupported_transport,  // a transport we do not speak (transport=sctp), or UDP for a sips: URI
};

const std::error_category& resolve_category() noexcept;
std::error_code make_error_code(resolve_errc e) noexcept;

struct resolved_target {
  endpoint address;
  transport_kind transport = transport_kind::udp;
  bool operator==(const resolved_target& other) const noexcept {
    return transport == other.transport && address == other.address;
  }
};

struct resolver_config {
  // "127.0.0.1:5353" or "[::1]:53" (a comma-separated list is accepted): use only these
  // servers, no search domains and no /etc/hosts — a hermetic resolver for tests and labs.
  // Empty: /etc/resolv.conf and /etc/hosts, as the system resolver does.
  std::string nameserver;
  // First try's timeout per query; c-ares doubles it for each further try (2 s + 4 s).
  std::chrono::milliseconds timeout{2000};
  int tries = 2;
  // DNS lookups in flight at once (an A/AAAA lookup counts once); more wait their turn, so
  // a burst of resolutions does not overflow socket buffers and turn into timeouts.
  int max_in_flight = 64;
};

// The default port of a transport: 5060 for UDP and TCP, 5061 for TLS, 80 for WS, 443 for WSS.
std::uint16_t default_port(transport_kind kind) noexcept;

// RFC 3263 §4.1 and §4.2, with TARGET the `maddr` parameter when present, else the host:
// - a numeric host (IPv4 or [IPv6]) is used as it is: port from the URI, else the transport's
//   default; no DNS;
// - transport: `forced` when given (a command-line --transport wins over the URI), else the
//   URI's `transport` parameter, else UDP (TLS for sips:) when the host is numeric or a port is
//   given, else NAPTR decides. `tcp` on a sips: URI means TLS; UDP on a sips: URI is an error;
// - a host name with a port: A/AAAA only (no NAPTR, no SRV);
// - a host name with a known transport and no port: SRV `_sip._udp`, `_sip._tcp` or
//   `_sips._tcp` for that transport, then A/AAAA on the default port;
// - no port and no transport: NAPTR (flag "s"; SIP+D2U → UDP, SIP+D2T → TCP, SIPS+D2T → TLS;
//   sips: keeps SIPS+D2T only), sorted by order then preference, then SRV of each replacement;
//   without usable NAPTR records: SRV `_sip._udp` then `_sip._tcp` (`_sips._tcp` only, for
//   sips:); without SRV records: A/AAAA on the default port of UDP (TLS for sips:);
// - SRV records are sorted by priority, with RFC 2782 weighted random order within a priority;
//   a target "." is skipped; each target expands to its A/AAAA addresses (sorted by RFC 6724
//   as c-ares does), duplicates removed;
// - WS and WSS (transport=ws/wss): A/AAAA only, default ports 80/443.
// TLS, WS and WSS targets are kept in the list: the caller skips what it cannot use.
class resolver {
 public:
  using query_id = std::uint64_t;
  using callback = std::function<void(std::error_code, std::vector<resolved_target>)>;

  // Throws std::system_error when c-ares cannot start or `nameserver` does not parse.
  explicit resolver(runtime::worker& w, resolver_config config = {});
  // Pending queries are dropped: their callbacks are destroyed without being called.
  // Destroy the resolver on the worker's thread, before the worker.
  ~resolver();
  resolver(const resolver&) = delete;
  resolver& operator=(const resolver&) = delete;

  // Starts resolving `target` (read during the call only). `done` runs exactly once on the
  // worker's thread — never inside resolve() itself, even for a numeric host — unless
  // cancel(id) or ~resolver() comes first, in which case it never runs. On success the list is
  // non-empty; on failure it is empty and the error is a resolve_errc.
  query_id resolve(const sip::uri& target, std::optional<transport_kind> forced, callback done);
  // Drops a pending query's callback; no effect when it has already run.
  void cancel(query_id id) noexcept;
  // Queries whose callback has not run yet.
  std::size_t pending() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// The ordered targets of one request, for failover (RFC 3263 §4.3): the client sends to
// next(); on a transport error or a timeout, or a 503 (§4.3 and RFC 3261 §21.5.4), it calls
// next() again and sends a new request (new branch) there, until next() returns nullptr.
class target_set {
 public:
  target_set() = default;
  explicit target_set(std::vector<resolved_target> targets) noexcept : targets_(std::move(targets)) {}

  // The next target to try, nullptr when every target has been handed out.
  const resolved_target* next() noexcept {
    return next_if([](const resolved_target&) { return true; });
  }
  // The same, skipping (for good) the targets `usable` rejects, e.g. TLS without TLS support.
  template <class Pred>
  const resolved_target* next_if(Pred usable) {
    while (next_ < targets_.size()) {
      const std::size_t at = next_++;
      if (usable(targets_[at])) {
        current_ = at;
        return &targets_[at];
      }
    }
    current_ = k_none;
    return nullptr;
  }
  // What the last next() returned (nullptr before the first call and after the last target).
  const resolved_target* current() const noexcept {
    return current_ < targets_.size() ? &targets_[current_] : nullptr;
  }
  std::size_t remaining() const noexcept { return targets_.size() - next_; }
  bool empty() const noexcept { return targets_.empty(); }
  std::size_t size() const noexcept { return targets_.size(); }
  const std::vector<resolved_target>& targets() const noexcept { return targets_; }
  // Starts over from the first target (a new request after the whole list failed once).
  void rewind() noexcept {
    next_ = 0;
    current_ = k_none;
  }

 private:
  static constexpr std::size_t k_none = static_cast<std::size_t>(-1);
  std::vector<resolved_target> targets_;
  std::size_t next_ = 0;
  std::size_t current_ = k_none;  // an index, so copies stay valid
};

}  // namespace sw::transport

template <>
struct std::is_error_code_enum<sw::transport::resolve_errc> : std::true_type {};
