// A socket address (IPv4 or IPv6) without asio in the header, so the transaction layer and
// everything above can name peers cheaply.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace sw::transport {

enum class transport_kind : std::uint8_t { udp, tcp, tls, ws, wss };
std::string_view transport_name(transport_kind kind) noexcept;  // "UDP", "TCP", ...
std::optional<transport_kind> parse_transport(std::string_view name) noexcept;  // any case
bool is_reliable(transport_kind kind) noexcept;

// An IPv4 or IPv6 socket address: 28 bytes of address and its size, 32 in all. Not a
// sockaddr_storage (128 bytes): every transaction, session and queued datagram keeps one, and
// with tens of thousands of calls alive those bytes are cache lines a call must bring in.
// The largest member first: `socket_address{}` zero-initializes the first member, and
// operator== compares all of `size` bytes (an IPv6 scope id nobody set must be zero).
union socket_address {
  sockaddr_in6 v6;
  sockaddr_in v4;
  sockaddr any;
};

struct endpoint {
  socket_address storage{};
  socklen_t size = 0;

  // A numeric host ("192.0.2.1", "::1", "[::1]") and port.
  static std::optional<endpoint> from_numeric(std::string_view host, std::uint16_t port);
  // The local address the kernel would send from toward `to` (a connected UDP socket's name,
  // port 0): what Via and Contact should carry instead of a wildcard.
  static std::optional<endpoint> source_toward(const endpoint& to);
  bool is_v6() const noexcept { return storage.any.sa_family == AF_INET6; }
  sockaddr* address() noexcept { return &storage.any; }
  const sockaddr* address() const noexcept { return &storage.any; }
  std::uint16_t port() const noexcept;
  std::string host() const;          // "192.0.2.1" or "::1"
  std::string host_port() const;     // "192.0.2.1:5060" or "[::1]:5060", for Via and Contact
  // Inline, and an IPv4 address as two words: the user agent checks its cached local
  // address this way several times per call, and a call of memcmp cost more than the compare.
  bool operator==(const endpoint& other) const noexcept {
    if (size != other.size) return false;
    if (size == sizeof(sockaddr_in)) {
      std::uint64_t a[2], b[2];
      std::memcpy(a, &storage, sizeof a);
      std::memcpy(b, &other.storage, sizeof b);
      return a[0] == b[0] && a[1] == b[1];
    }
    return std::memcmp(&storage, &other.storage, size) == 0;
  }
};

}  // namespace sw::transport
