#include "txn/server_transaction.hpp"

#include "txn/derived_requests.hpp"

namespace sw::txn {

using state = non_invite_server_state;

void non_invite_server::on_timer(timer t) {
  if (t == timer::j) on_timer_j();
}

bool non_invite_server::respond(int status, std::string response) {
  if (state_ == state::completed || state_ == state::terminated) return false;
  last_response_ = std::move(response);
  if (status < 200) {
    // §17.2.2: "While in the 'Trying' state, if the TU passes a provisional response to the
    // server transaction, the server transaction MUST enter the 'Proceeding' state."
    state_ = state::proceeding;
    return send(last_response_);
  }
  // "If the TU passes a final response (status codes 200-699) to the server while in the
  // 'Proceeding' state, the transaction MUST enter the 'Completed' state ... When the server
  // transaction enters the 'Completed' state, it MUST set Timer J to fire in 64*T1 seconds for
  // unreliable transports, and zero seconds for reliable transports."
  final_status_ = status;
  if (!send(last_response_)) return false;
  return complete();
}

bool non_invite_server::complete() {
  if (reliable()) {
    terminate();
  } else {
    state_ = state::completed;
    start_timer(0, timer::j, 64 * ctx_.timers.t1);
  }
  return true;
}

bool server_transaction::respond_plain(int status, std::string_view reason, const sip::message& request) {
  return respond(status, build_response(request, status, reason));
}

bool non_invite_server::respond_plain(int status, std::string_view reason, const sip::message& request) {
  if (status < 200 || request.to().tag().empty()) return server_transaction::respond_plain(status, reason, request);
  if (state_ == state::completed || state_ == state::terminated) return false;
  final_status_ = status;
  plain_reason_ = reason;
  release(last_response_);  // a provisional sent before, if any
  if (!send_plain(request)) return false;
  return complete();
}

bool non_invite_server::send_plain(const sip::message& request) {
  sip::out_buffer out;
  write_response(out, request, final_status_, plain_reason_);
  return send(out.view());
}

void non_invite_server::on_request(const sip::message& request) {
  ++ctx_.stats.request_retransmissions;
  switch (state_) {
    case state::trying:
      return;  // "any further request retransmissions are discarded"
    case state::proceeding:
    case state::completed:
      // "If a retransmission of the request is received while in the 'Proceeding' state, the
      // most recently sent provisional response MUST be passed to the transport layer";
      // in 'Completed', the final response.
      if (state_ == state::completed && !plain_reason_.empty()) send_plain(request);
      else send(last_response_);
      return;
    case state::terminated:
      return;
  }
}

void non_invite_server::on_timer_j() {
  if (state_ == state::completed) terminate();
}

void non_invite_server::on_transport_error(std::error_code ec) {
  if (state_ == state::terminated) return;
  ++ctx_.stats.transport_errors;
  terminate();
  user_.on_transport_error(*this, ec);
}

void non_invite_server::terminate() {
  state_ = state::terminated;
  stop_timers();
  finished();
}

}  // namespace sw::txn
