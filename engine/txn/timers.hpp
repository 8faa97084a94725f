// RFC 3261 §17 timer values: T1 (RTT estimate), T2 (cap on non-INVITE request and INVITE
// response retransmit intervals) and T4 (how long a message may live in the network).
#pragma once

#include "runtime/timer_wheel.hpp"

namespace sw::txn {

struct timer_config {
  runtime::tick t1 = 500;
  runtime::tick t2 = 4000;
  runtime::tick t4 = 5000;
  // Bounds a client transaction (Timers B and F); defaults to 64*T1 when 0.
  runtime::tick timeout = 0;
  // Timer D: "at least 32 seconds for unreliable transports" (§17.1.1.2).
  runtime::tick timer_d = 32000;

  runtime::tick timer_f() const noexcept { return timeout ? timeout : 64 * t1; }
};

struct counters {
  std::uint64_t client_started = 0;
  std::uint64_t retransmissions = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t transport_errors = 0;
  std::uint64_t responses = 0;
  std::uint64_t stray_responses = 0;  // matched no transaction
  std::uint64_t malformed = 0;
  std::uint64_t stateless_answers = 0;
  std::uint64_t server_started = 0;
  std::uint64_t request_retransmissions = 0;  // absorbed or answered from the transaction
  std::uint64_t response_retransmissions = 0; // Timer G
  std::uint64_t ack_timeouts = 0;             // Timer H: no ACK for a final non-2xx
};

}  // namespace sw::txn
