#include "txn/client_transaction.hpp"

#include <algorithm>

namespace sw::txn {

client_transaction::client_transaction(runtime::timer_wheel& wheel, const timer_config& timers, counters& stats,
                                       transport::transport& via, const transport::endpoint& to,
                                       std::string request, std::string branch, client_user& user)
    : wheel_(wheel), timers_(timers), stats_(stats), transport_(via), to_(to), request_(std::move(request)),
      branch_(std::move(branch)), user_(user) {}

// A destructor cancels its timers, so a dead transaction is never called back.
client_transaction::~client_transaction() {
  wheel_.cancel(e_);
  wheel_.cancel(f_);
  wheel_.cancel(k_);
}

void client_transaction::fire(void* self, std::uint32_t tag) {
  auto* t = static_cast<client_transaction*>(self);
  switch (tag) {
    case timer_e: t->on_timer_e(); break;
    case timer_f: t->on_timer_f(); break;
    case timer_k: t->on_timer_k(); break;
    default: break;
  }
}

void client_transaction::send() {
  if (const std::error_code ec = transport_.send(to_, request_)) on_transport_error(ec);
}

void client_transaction::start() {
  ++stats_.client_started;
  // §17.1.2.2: "The 'Trying' state is entered when the TU initiates a new client transaction
  // with a request. When entering this state, the client transaction SHOULD set timer F to fire
  // in 64*T1 seconds ... If an unreliable transport is in use, the client transaction MUST set
  // timer E to fire in T1 seconds."
  f_ = wheel_.schedule(timers_.timer_f(), fire, this, timer_f);
  if (!transport::is_reliable(transport_.kind())) {
    interval_ = timers_.t1;
    e_ = wheel_.schedule(interval_, fire, this, timer_e);
  }
  send();
}

void client_transaction::on_timer_e() {
  if (state_ != client_state::trying && state_ != client_state::proceeding) return;
  // "If timer E fires while still in this state, the timer is reset, but this time with a
  // value of MIN(2*T1, T2) ... If Timer E fires while in the Proceeding state, the request MUST
  // be passed to the transport layer for retransmission, and Timer E MUST be reset with a
  // value of T2 seconds."
  interval_ = state_ == client_state::trying ? std::min(2 * interval_, timers_.t2) : timers_.t2;
  ++stats_.retransmissions;
  e_ = wheel_.schedule(interval_, fire, this, timer_e);
  send();
}

void client_transaction::on_timer_f() {
  if (state_ != client_state::trying && state_ != client_state::proceeding) return;
  // "If Timer F fires while the client transaction is still in the 'Trying' state, the client
  // transaction SHOULD inform the TU about the timeout, and then it SHOULD enter the
  // 'Terminated' state." Likewise in Proceeding.
  ++stats_.timeouts;
  terminate();
  user_.on_timeout(*this);
}

void client_transaction::on_timer_k() {
  if (state_ == client_state::completed) terminate();
}

void client_transaction::on_transport_error(std::error_code ec) {
  if (state_ == client_state::terminated || state_ == client_state::completed) return;
  // §17.1.4: "the client transaction SHOULD inform the TU that a transport failure has
  // occurred, and the client transaction SHOULD transition directly to the 'Terminated' state."
  ++stats_.transport_errors;
  terminate();
  user_.on_transport_error(*this, ec);
}

void client_transaction::on_response(const sip::message& response) {
  const int status = response.status();
  switch (state_) {
    case client_state::trying:
    case client_state::proceeding:
      ++stats_.responses;
      if (status < 200) {
        // "If a provisional response is received while in the 'Trying' state, the response
        // MUST be passed to the TU, and then the client transaction SHOULD move to the
        // 'Proceeding' state."
        state_ = client_state::proceeding;
        user_.on_response(*this, response);
        return;
      }
      // "If a final response (status codes 200-699) is received while in the 'Trying' state,
      // the response MUST be passed to the TU, and the client transaction MUST transition to the
      // 'Completed' state." Timer K is T4 for unreliable transports, zero for reliable ones.
      state_ = client_state::completed;
      wheel_.cancel(e_);
      wheel_.cancel(f_);
      if (transport::is_reliable(transport_.kind())) {
        state_ = client_state::terminated;
      } else {
        k_ = wheel_.schedule(timers_.t4, fire, this, timer_k);
      }
      user_.on_response(*this, response);
      return;
    case client_state::completed:
      return;  // "any retransmissions of the final response that are received are absorbed"
    case client_state::terminated:
      return;
  }
}

void client_transaction::terminate() {
  state_ = client_state::terminated;
  wheel_.cancel(e_);
  wheel_.cancel(f_);
  wheel_.cancel(k_);
}

}  // namespace sw::txn
