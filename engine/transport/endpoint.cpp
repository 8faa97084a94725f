#include "transport/endpoint.hpp"

#include <arpa/inet.h>
#include <unistd.h>

#include <cstring>

namespace sw::transport {

std::string_view transport_name(transport_kind kind) noexcept {
  switch (kind) {
    case transport_kind::udp: return "UDP";
    case transport_kind::tcp: return "TCP";
    case transport_kind::tls: return "TLS";
    case transport_kind::ws: return "WS";
    case transport_kind::wss: return "WSS";
  }
  return "UDP";
}

std::optional<transport_kind> parse_transport(std::string_view name) noexcept {
  for (auto k : {transport_kind::udp, transport_kind::tcp, transport_kind::tls, transport_kind::ws, transport_kind::wss}) {
    const std::string_view n = transport_name(k);
    if (n.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < n.size(); ++i)
      if ((name[i] | 0x20) != (n[i] | 0x20)) same = false;
    if (same) return k;
  }
  return std::nullopt;
}

bool is_reliable(transport_kind kind) noexcept { return kind != transport_kind::udp; }

std::optional<endpoint> endpoint::from_numeric(std::string_view host, std::uint16_t port) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  char text[INET6_ADDRSTRLEN] = {};
  std::memcpy(text, host.data(), host.size());
  endpoint e;
  sockaddr_in* v4 = &e.storage.v4;
  sockaddr_in6* v6 = &e.storage.v6;
  if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    e.size = sizeof(sockaddr_in);
    return e;
  }
  if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    e.size = sizeof(sockaddr_in6);
    return e;
  }
  return std::nullopt;
}

std::optional<endpoint> endpoint::source_toward(const endpoint& to) {
  const int fd = ::socket(to.storage.any.sa_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::nullopt;
  endpoint local;
  local.size = sizeof local.storage;
  const bool ok = ::connect(fd, to.address(), to.size) == 0 &&
                  ::getsockname(fd, local.address(), &local.size) == 0;
  ::close(fd);
  if (!ok) return std::nullopt;
  return from_numeric(local.host(), 0);
}

std::uint16_t endpoint::port() const noexcept {
  if (is_v6()) return ntohs(storage.v6.sin6_port);
  return ntohs(storage.v4.sin_port);
}

std::string endpoint::host() const {
  char text[INET6_ADDRSTRLEN] = {};
  if (is_v6()) inet_ntop(AF_INET6, &storage.v6.sin6_addr, text, sizeof text);
  else inet_ntop(AF_INET, &storage.v4.sin_addr, text, sizeof text);
  return text;
}

std::string endpoint::host_port() const {
  std::string out;
  out.reserve(INET6_ADDRSTRLEN + 8);
  if (is_v6()) out.push_back('[');
  out.append(host());
  if (is_v6()) out.push_back(']');
  out.push_back(':');
  out.append(std::to_string(port()));
  return out;
}

}  // namespace sw::transport
