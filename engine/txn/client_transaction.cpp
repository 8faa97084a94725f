#include "txn/client_transaction.hpp"

#include <algorithm>

namespace sw::txn {

using state = non_invite_client_state;

void non_invite_client::on_timer(timer t) {
  switch (t) {
    case timer::e: on_timer_e(); break;
    case timer::f: on_timer_f(); break;
    case timer::k: on_timer_k(); break;
    default: break;
  }
}

void client_transaction::arm(unsigned slot, timer retransmit, timer timeout, runtime::tick interval) {
  const runtime::tick now = ctx_.wheel.now();
  const runtime::tick left = deadline_ > now ? deadline_ - now : 0;
  if (!reliable() && interval < left) start_timer(slot, retransmit, interval);
  else start_timer(slot, timeout, left);
}

void non_invite_client::start() {
  ++ctx_.stats.client_started;
  // §17.1.2.2: "The 'Trying' state is entered when the TU initiates a new client transaction
  // with a request. When entering this state, the client transaction SHOULD set timer F to fire
  // in 64*T1 seconds ... If an unreliable transport is in use, the client transaction MUST set
  // timer E to fire in T1 seconds."
  start_deadline(ctx_.timers.timer_f());
  interval_ = ctx_.timers.t1;
  arm(slot_ef, timer::e, timer::f, interval_);
  send(request_);
}

void non_invite_client::on_timer_e() {
  if (state_ != state::trying && state_ != state::proceeding) return;
  // "If timer E fires while still in this state, the timer is reset, but this time with a
  // value of MIN(2*T1, T2) ... If Timer E fires while in the Proceeding state, the request MUST
  // be passed to the transport layer for retransmission, and Timer E MUST be reset with a
  // value of T2 seconds."
  interval_ = state_ == state::trying ? std::min(2 * interval_, ctx_.timers.t2) : ctx_.timers.t2;
  ++ctx_.stats.retransmissions;
  arm(slot_ef, timer::e, timer::f, interval_);
  send(request_);
}

void non_invite_client::on_timer_f() {
  if (state_ != state::trying && state_ != state::proceeding) return;
  // "If Timer F fires while the client transaction is still in the 'Trying' state, the client
  // transaction SHOULD inform the TU about the timeout, and then it SHOULD enter the
  // 'Terminated' state." Likewise in Proceeding.
  ++ctx_.stats.timeouts;
  terminate();
  user_.on_timeout(*this);
}

void non_invite_client::on_timer_k() {
  // "If Timer K fires while in this state, the client transaction MUST transition to the
  // 'Terminated' state."
  if (state_ == state::completed) terminate();
}

void non_invite_client::on_transport_error(std::error_code ec) {
  if (state_ == state::terminated || state_ == state::completed) return;
  ++ctx_.stats.transport_errors;
  terminate();
  user_.on_transport_error(*this, ec);
}

void non_invite_client::on_response(const sip::message& response) {
  if (state_ == state::completed || state_ == state::terminated) {
    return;  // "any retransmissions of the final response that are received are absorbed"
  }
  ++ctx_.stats.responses;
  if (response.status() < 200) {
    // "If a provisional response is received while in the 'Trying' state, the response MUST
    // be passed to the TU, and then the client transaction SHOULD move to the 'Proceeding'
    // state."
    state_ = state::proceeding;
    user_.on_response(*this, response);
    return;
  }
  // "If a final response (status codes 200-699) is received while in the 'Trying' state, the
  // response MUST be passed to the TU, and the client transaction MUST transition to the
  // 'Completed' state." Timer K is T4 for unreliable transports, zero for reliable ones.
  stop_timer(slot_ef);
  if (reliable()) {
    terminate();
  } else {
    state_ = state::completed;
    start_timer(slot_k, timer::k, ctx_.timers.t4);
  }
  user_.on_response(*this, response);
  // Completed only absorbs retransmitted responses: the request is not sent again. The TU
  // read it above if it needed it (an authenticated retry is built from it).
  release(request_);
}

void non_invite_client::terminate() noexcept {
  state_ = state::terminated;
  stop_timers();
  finished();
}

}  // namespace sw::txn
