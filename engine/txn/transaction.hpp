// What the four transaction kinds of RFC 3261 §17 share: identity (branch, method), where
// they send, their timers on the worker's wheel, and termination. Each kind is its own class
// with an enum of states and one function per event.
#pragma once

#include <array>
#include <string>
#include <vector>
#include <system_error>

#include "runtime/short_string.hpp"
#include "runtime/timer_wheel.hpp"
#include "sip/method.hpp"
#include "transport/transport.hpp"
#include "txn/timers.hpp"

namespace sw::txn {

// The RFC's timer letters; a transaction uses at most three at once.
enum class timer : std::uint8_t { a, b, d, e, f, k, g, h, i, j, l, m };

class transaction;

struct context {
  runtime::timer_wheel& wheel;
  const timer_config& timers;
  counters& stats;
  // Terminated transactions, for the layer to free at its next sweep: a sweep then costs
  // what terminated, not what is alive.
  std::vector<transaction*>& finished;
};

class transaction {
 public:
  virtual ~transaction();
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;

  std::string_view branch() const noexcept { return branch_; }
  sip::method method() const noexcept { return method_; }
  transport::transport& via() const noexcept { return transport_; }
  const transport::endpoint& peer() const noexcept { return peer_; }
  bool reliable() const noexcept { return transport::is_reliable(transport_.kind()); }
  virtual bool terminated() const noexcept = 0;
  virtual bool is_client() const noexcept = 0;
  // §17.1.4 / §17.2.4: a transport failure ends the transaction and tells the TU.
  virtual void on_transport_error(std::error_code ec) = 0;

 protected:
  transaction(const context& ctx, transport::transport& via, const transport::endpoint& peer, std::string_view branch,
              sip::method method);

  // Timer `t` in one of three slots; scheduling a slot again replaces what it held.
  void start_timer(unsigned slot, timer t, runtime::tick delay);
  void stop_timer(unsigned slot) noexcept;
  void stop_timers() noexcept;
  virtual void on_timer(timer t) = 0;
  // Called once by each kind's terminate(): queues the transaction for the layer's sweep.
  void finished();
  // Sends; a failure is reported through on_transport_error and false is returned.
  bool send(std::string_view bytes);
  // Frees a message the transaction will never send again. A transaction outlives its last
  // send by up to 64*T1 (Timers M, L, J, D, K), and with calls arriving at load those bytes
  // would stay out of cache until the transaction ends; freed now, the next call reuses them.
  static void release(std::string& bytes) noexcept { std::string().swap(bytes); }

  // The layer's: it outlives every transaction it made. A reference, not a copy of its four
  // references: a transaction is a cache line or two that each new call writes cold.
  const context& ctx_;

 private:
  static void fire(void* self, std::uint32_t tag);

  transport::transport& transport_;
  transport::endpoint peer_;
  runtime::short_string branch_;
  sip::method method_;
  std::array<runtime::timer_id, 3> timers_{};
  bool finished_ = false;
};

}  // namespace sw::txn
