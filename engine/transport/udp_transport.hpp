// UDP: one socket per worker (SO_REUSEPORT lets workers share a port), large buffers,
// batched receive with recvmmsg, and batched send: what a worker sends while it handles one
// batch of input leaves in one sendmmsg when the handler returns.
#pragma once

#include <memory>
#include <system_error>

#include "runtime/worker.hpp"
#include "transport/transport.hpp"

namespace sw::transport {

class udp_transport final : public transport {
 public:
  // Binds to `local` (port 0: ephemeral). Throws std::system_error when it cannot bind:
  // transports are built at start-up.
  udp_transport(runtime::worker& w, const endpoint& local, bool reuse_port = false);
  ~udp_transport() override;

  transport_kind kind() const noexcept override { return transport_kind::udp; }
  const endpoint& local() const noexcept override;
  // Queues the datagram for the next sendmmsg; errors come later through
  // sink::on_transport_error, for the transaction that waits on `to`.
  std::error_code send(const endpoint& to, std::string_view bytes) override;
  // Sends what is queued now (also done by the worker after the current handler).
  void flush();

  // Starts receiving; messages go to the sink on the worker's thread.
  void start();
  void close();

  struct counters {
    std::uint64_t received = 0, sent = 0, malformed = 0, send_errors = 0, send_batches = 0;
  };
  const counters& stats() const noexcept;

 private:
  struct impl;
  std::shared_ptr<impl> impl_;  // shared with the posted flush, which may outlive us
};

}  // namespace sw::transport
