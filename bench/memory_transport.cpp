#include "memory_transport.hpp"

#include <utility>

namespace sw::bench {

memory_transport::memory_transport(net::transport_kind kind, const net::endpoint& local)
    : kind_(kind), local_(local) {}

void memory_transport::connect(memory_transport& a, memory_transport& b) noexcept {
  a.peer_ = &b;
  b.peer_ = &a;
}

std::error_code memory_transport::send(const net::endpoint& to, std::string_view bytes) {
  if (!peer_ || !(to == peer_->local_)) {
    ++stats_.unreachable;
    return std::make_error_code(std::errc::host_unreachable);
  }
  if (bytes.size() > 65535 && kind_ == net::transport_kind::udp)
    return std::make_error_code(std::errc::message_size);
  queue& q = peer_->inbox_;
  const auto offset = static_cast<std::uint32_t>(q.bytes.size());
  // The wire: one copy, as a datagram into a socket buffer (resize would zero the room first).
  q.bytes.insert(q.bytes.end(), bytes.begin(), bytes.end());
  q.index.push_back({offset, static_cast<std::uint32_t>(bytes.size())});
  ++stats_.sent;
  stats_.sent_bytes += bytes.size();
  return {};
}

std::size_t memory_transport::deliver() {
  if (inbox_.index.empty()) return 0;
  // Take this round's datagrams; whatever the sink sends meanwhile goes to a fresh inbox_.
  std::swap(inbox_, delivering_);
  const sip::parse_options options{.stream = kind_ != net::transport_kind::udp};
  const net::endpoint& from = peer_->local_;
  for (const queue::entry& e : delivering_.index) {
    const std::string_view bytes(delivering_.bytes.data() + e.offset, e.size);
    if (tap) tap(tap_context, bytes);
    const sip::parse_error error = message_.parse(bytes, options);
    if (!sink_) continue;
    if (error) {
      ++stats_.malformed;
      sink_->on_malformed(message_, error, from, *this);
    } else {
      sink_->on_message(message_, from, *this);
    }
  }
  const std::size_t n = delivering_.index.size();
  stats_.delivered += n;
  delivering_.clear();
  return n;
}

std::size_t memory_transport::pump(memory_transport& a, memory_transport& b) {
  std::size_t total = 0;
  while (!a.idle() || !b.idle()) {
    total += a.deliver();
    total += b.deliver();
  }
  return total;
}

}  // namespace sw::bench
