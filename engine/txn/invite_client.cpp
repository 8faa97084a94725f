#include "txn/invite_client.hpp"

#include "txn/derived_requests.hpp"

namespace sw::txn {

using state = invite_client_state;

void invite_client::on_timer(timer t) {
  switch (t) {
    case timer::a: on_timer_a(); break;
    case timer::b: on_timer_b(); break;
    case timer::d: on_timer_d(); break;
    case timer::m: on_timer_m(); break;
    default: break;
  }
}

void invite_client::start() {
  ++ctx_.stats.client_started;
  // §17.1.1.2: "If an unreliable transport is being used, the client transaction MUST start
  // timer A with a value of T1 ... For any transport, the client transaction MUST start timer
  // B with a value of 64*T1 seconds."
  start_deadline(ctx_.timers.timer_f());
  interval_ = ctx_.timers.t1;
  arm(slot_ab, timer::a, timer::b, interval_);
  send(request_);
}

void invite_client::on_timer_a() {
  if (state_ != state::calling) return;
  // "When timer A fires, the client transaction MUST retransmit the request by passing it to
  // the transport layer, and MUST reset the timer with a value of 2*T1."
  interval_ *= 2;
  ++ctx_.stats.retransmissions;
  arm(slot_ab, timer::a, timer::b, interval_);
  send(request_);
}

void invite_client::on_timer_b() {
  // "If the client transaction is still in the 'Calling' state when timer B fires, the client
  // transaction SHOULD inform the TU that a timeout has occurred."
  if (state_ != state::calling) return;
  ++ctx_.stats.timeouts;
  terminate();
  user_.on_timeout(*this);
}

void invite_client::on_timer_d() {
  if (state_ == state::completed) terminate();
}

void invite_client::on_timer_m() {
  if (state_ == state::accepted) terminate();
}

void invite_client::on_transport_error(std::error_code ec) {
  if (state_ != state::calling && state_ != state::proceeding) return;
  ++ctx_.stats.transport_errors;
  terminate();
  user_.on_transport_error(*this, ec);
}

void invite_client::on_response(const sip::message& response) {
  const int status = response.status();
  switch (state_) {
    case state::calling:
    case state::proceeding:
      ++ctx_.stats.responses;
      if (status < 200) {
        // "If the client transaction receives a provisional response while in the 'Calling'
        // state, it transitions to the 'Proceeding' state. In the 'Proceeding' state, the client
        // transaction SHOULD NOT retransmit the request any longer."
        state_ = state::proceeding;
        stop_timer(slot_ab);  // no retransmission; and Timer B only ever ends Calling
        user_.on_response(*this, response);
        return;
      }
      stop_timer(slot_ab);
      if (status < 300) {
        // RFC 6026 §8.4: "a 2xx response ... MUST be passed up to the TU, and the client
        // transaction MUST transition to the Accepted state", with Timer M at 64*T1.
        state_ = state::accepted;
        start_timer(slot_dm, timer::m, 64 * ctx_.timers.t1);
        user_.on_response(*this, response);
        // Accepted passes 2xx up and sends nothing (the TU ACKs): the INVITE is not needed.
        release(request_);
        return;
      }
      // "When in either the 'Calling' or 'Proceeding' states, reception of a response with
      // status code from 300-699 MUST cause the client transaction to transition to
      // 'Completed'. The client transaction MUST pass the received response up to the TU, and
      // the client transaction MUST generate an ACK request". Timer D: 32 s or more on
      // unreliable transports, zero on reliable ones.
      ack_ = build_non_2xx_ack(request_, response);
      send(ack_);
      if (reliable()) {
        terminate();
      } else {
        state_ = state::completed;
        start_timer(slot_dm, timer::d, ctx_.timers.timer_d);
      }
      user_.on_response(*this, response);
      release(request_);  // Completed resends the ACK, never the INVITE
      return;
    case state::completed:
      // "Any retransmissions of the final response that are received while in the 'Completed'
      // state MUST cause the ACK to be re-passed to the transport layer for retransmission, but
      // the newly received response MUST NOT be passed up to the TU."
      if (status >= 300) send(ack_);
      return;
    case state::accepted:
      // RFC 6026: further 2xx (retransmissions, other forks) go to the TU, which ACKs them.
      if (status >= 200 && status < 300) user_.on_response(*this, response);
      return;
    case state::terminated:
      return;
  }
}

void invite_client::terminate() noexcept {
  state_ = state::terminated;
  stop_timers();
  finished();
}

}  // namespace sw::txn
