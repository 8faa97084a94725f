// An in-memory transport for benchmarks: two of them connected back to back stand for the
// two ends of a link, with no socket and no thread. send() copies the bytes into the peer's
// queue and returns; nothing is delivered inside send(), because the session and transaction
// code is not written for re-entrant delivery (a response arriving while its request is
// still being sent). pump() then parses the queued datagrams, each with one reused
// sip::message per transport as the UDP transport does, and hands them to the sinks until
// both queues are empty.
//
// The kind is chosen at construction: UDP keeps the transaction layer's UDP timers (A/E
// retransmission, then D/K/J/L/M absorbing retransmissions); nothing is ever lost, so no
// retransmission fires as long as the caller advances no time. TCP (or any reliable kind)
// has no retransmission timers and ends non-INVITE transactions at once; the bytes are still
// parsed as whole messages, not framed from a stream.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "sip/message.hpp"
#include "transport/transport.hpp"

namespace sw::bench {

namespace net = ::sw::transport;

class memory_transport final : public net::transport {
 public:
  memory_transport(net::transport_kind kind, const net::endpoint& local);

  // Makes `a` and `b` each other's only peer.
  static void connect(memory_transport& a, memory_transport& b) noexcept;

  net::transport_kind kind() const noexcept override { return kind_; }
  const net::endpoint& local() const noexcept override { return local_; }
  // Copies `bytes` into the peer's queue. An endpoint that is not the peer's address is
  // unreachable (an error at once, as a UDP send to an unroutable address would be).
  std::error_code send(const net::endpoint& to, std::string_view bytes) override;

  // Delivers what was queued for this transport before the call; what the sink sends in
  // reply is queued (here or at the peer) for the next round. Returns how many it delivered.
  std::size_t deliver();
  bool idle() const noexcept { return inbox_.index.empty(); }

  // Delivers on both ends, round after round, until both queues are empty. Returns the
  // number of messages delivered.
  static std::size_t pump(memory_transport& a, memory_transport& b);

  struct counters {
    std::uint64_t sent = 0;
    std::uint64_t sent_bytes = 0;
    std::uint64_t delivered = 0;
    std::uint64_t malformed = 0;
    std::uint64_t unreachable = 0;
  };
  const counters& stats() const noexcept { return stats_; }

  // Observes every datagram this transport delivers (before parsing), e.g. to keep a copy.
  void (*tap)(void* context, std::string_view bytes) = nullptr;
  void* tap_context = nullptr;

 private:
  // Datagrams back to back in one byte buffer; both vectors keep their capacity, so a queue
  // that has grown once allocates nothing more.
  struct queue {
    struct entry {
      std::uint32_t offset;
      std::uint32_t size;
    };
    std::vector<char> bytes;
    std::vector<entry> index;
    void clear() noexcept {
      bytes.clear();
      index.clear();
    }
  };

  net::transport_kind kind_;
  net::endpoint local_;
  memory_transport* peer_ = nullptr;
  queue inbox_;       // filled by the peer's send()
  queue delivering_;  // the round being delivered (swapped with inbox_)
  sip::message message_;
  counters stats_;
};

}  // namespace sw::bench
