#include "txn/invite_server.hpp"

#include <algorithm>

#include "txn/derived_requests.hpp"

namespace sw::txn {

using state = invite_server_state;

void invite_server::on_timer(timer t) {
  switch (t) {
    case timer::g: on_timer_g(); break;
    case timer::h: on_timer_h(); break;
    case timer::i: on_timer_i(); break;
    case timer::l: on_timer_l(); break;
    default: break;
  }
}

bool invite_server::send_trying(const sip::message& request) {
  if (state_ != state::proceeding || !last_response_.empty()) return false;
  trying_sent_ = true;
  sip::out_buffer out;
  write_response(out, request, 100, "Trying");
  return send({out.data(), out.size()});
}

bool invite_server::respond(int status, std::string response) {
  if (status >= 200 && status < 300) return send_2xx(status, response);  // not kept: see send_2xx
  if (state_ != state::proceeding) return false;
  last_response_ = std::move(response);
  if (status < 200) {
    // §17.2.1: "The TU passes any number of provisional responses to the server transaction.
    // So long as the server transaction is in the 'Proceeding' state, each of these MUST be
    // passed to the transport layer for transmission."
    return send(last_response_);
  }
  final_status_ = status;
  if (!send(last_response_)) return false;
  // "While in the 'Proceeding' state, if the TU passes a response with status code from 300 to
  // 699 to the server transaction, the response MUST be passed to the transport layer for
  // transmission, and the state machine MUST enter the 'Completed' state. For unreliable
  // transports, timer G is set to fire in T1 seconds ... timer H MUST be set to fire in 64*T1
  // seconds for all transports."
  state_ = state::completed;
  if (!reliable()) {
    interval_ = ctx_.timers.t1;
    start_timer(slot_g, timer::g, interval_);
  }
  start_timer(slot_h, timer::h, 64 * ctx_.timers.t1);
  return true;
}

bool invite_server::respond_kept(int status, std::string_view response) {
  if (status >= 200 && status < 300) return send_2xx(status, response);
  return respond(status, std::string(response));
}

bool invite_server::send_2xx(int status, std::string_view response) {
  // RFC 6026 §7.1: in Accepted, the TU's 2xx retransmissions are passed to the transport. The
  // transaction never resends a 2xx by itself (retransmitted INVITEs are absorbed), so it
  // keeps no copy.
  if (state_ == state::accepted) return send(response);
  if (state_ != state::proceeding) return false;
  final_status_ = status;
  if (!send(response)) return false;
  // "If, while in the 'Proceeding' state, the TU passes a 2xx response to the server
  // transaction, the server transaction MUST pass this response to the transport layer for
  // transmission ... The server transaction MUST then transition to the 'Accepted' state"
  // and start Timer L at 64*T1.
  state_ = state::accepted;
  start_timer(slot_il, timer::l, 64 * ctx_.timers.t1);
  release(last_response_);  // the last provisional, if the TU sent one: Accepted absorbs retransmitted INVITEs
  return true;
}

void invite_server::on_request(const sip::message& request) {
  const bool ack = request.method() == sip::method::ack;
  if (!ack) ++ctx_.stats.request_retransmissions;
  switch (state_) {
    case state::proceeding:
      // "If a request retransmission is received while in the 'Proceeding' state, the most
      // recent provisional response that was received from the TU MUST be passed to the
      // transport layer for retransmission."
      if (ack) return;
      if (!last_response_.empty()) send(last_response_);
      else if (trying_sent_) send_trying(request);
      return;
    case state::completed:
      if (!ack) {
        send(last_response_);  // "the server SHOULD pass the response to the transport"
        return;
      }
      // "If an ACK is received while the server transaction is in the 'Completed' state, the
      // server transaction MUST transition to the 'Confirmed' state." Timer I: T4 for
      // unreliable transports, zero for reliable ones.
      stop_timer(slot_g);
      stop_timer(slot_h);
      if (reliable()) {
        terminate();
      } else {
        state_ = state::confirmed;
        start_timer(slot_il, timer::i, ctx_.timers.t4);
      }
      return;
    case state::accepted:
      // RFC 6026 §7.1: "the server transaction MUST pass [an ACK] to the TU" in Accepted (a
      // peer that reuses the INVITE's branch for the ACK of a 2xx).
      if (ack) user_.on_ack(request, peer(), via());
      return;
    case state::confirmed:
    case state::terminated:
      return;  // absorbed
  }
}

void invite_server::on_timer_g() {
  if (state_ != state::completed) return;
  // "If timer G fires, the response is passed to the transport layer once more for
  // retransmission, and timer G is set to fire in MIN(2*T1, T2) seconds."
  interval_ = std::min(2 * interval_, ctx_.timers.t2);
  ++ctx_.stats.response_retransmissions;
  start_timer(slot_g, timer::g, interval_);
  send(last_response_);
}

void invite_server::on_timer_h() {
  if (state_ != state::completed) return;
  // "If timer H fires while in the 'Completed' state, it implies that the ACK was never
  // received. In this case, the server transaction MUST transition to the 'Terminated' state,
  // and MUST indicate to the TU that a transaction failure has occurred."
  ++ctx_.stats.ack_timeouts;
  terminate();
  user_.on_ack_timeout(*this);
}

void invite_server::on_timer_i() {
  if (state_ == state::confirmed) terminate();
}

void invite_server::on_timer_l() {
  if (state_ == state::accepted) terminate();
}

void invite_server::on_transport_error(std::error_code ec) {
  if (state_ == state::terminated) return;
  ++ctx_.stats.transport_errors;
  terminate();
  user_.on_transport_error(*this, ec);
}

void invite_server::terminate() {
  state_ = state::terminated;
  stop_timers();
  finished();
}

}  // namespace sw::txn
