// TCP: one listening socket per worker and a connection per peer, reused for everything sent
// to that peer and for the answers to what arrives on it (RFC 3261 §18). Framing comes from
// sip/framing; RFC 5626 CRLFCRLF pings are answered with CRLF. A send to a peer without a
// connection opens one and queues the bytes until it is up; a failed connect or a reset is
// reported to the sink, which ends the transactions waiting on that peer.
#pragma once

#include <memory>

#include "runtime/worker.hpp"
#include "transport/transport.hpp"

namespace sw::transport {

class tcp_transport final : public transport {
 public:
  // Listens on `local` (port 0: ephemeral). Throws std::system_error when it cannot.
  tcp_transport(runtime::worker& w, const endpoint& local);
  ~tcp_transport() override;

  transport_kind kind() const noexcept override { return transport_kind::tcp; }
  const endpoint& local() const noexcept override;
  // Queues the bytes on the peer's connection, opening it when needed; errors come later
  // through sink::on_transport_error.
  std::error_code send(const endpoint& to, std::string_view bytes) override;

  void start();  // accept connections
  void close();

  struct counters {
    std::uint64_t accepted = 0, connected = 0, connect_failures = 0, received = 0, sent = 0, malformed = 0,
                  keepalives = 0, closed = 0;
  };
  const counters& stats() const noexcept;
  std::size_t connections() const noexcept;

  struct impl;  // defined in the .cpp: asio stays out of this header

 private:
  std::shared_ptr<impl> impl_;
};

}  // namespace sw::transport
