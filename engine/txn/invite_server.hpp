// The INVITE server transaction of RFC 3261 §17.2.1 (figure 7) with RFC 6026's Accepted
// state: Proceeding, Completed, Confirmed, Accepted, Terminated; Timers G (retransmit the final
// non-2xx), H (give up waiting for ACK), I (absorb ACK retransmissions) and L (absorb INVITE
// retransmissions after a 2xx).
#pragma once

#include "txn/server_transaction.hpp"

namespace sw::txn {

enum class invite_server_state : unsigned char { proceeding, completed, confirmed, accepted, terminated };

class invite_server final : public server_transaction {
 public:
  invite_server(const context& ctx, transport::transport& via, const transport::endpoint& from, std::string_view branch,
                std::string sent_by, server_user& user)
      : server_transaction(ctx, via, from, branch, sip::method::invite, std::move(sent_by), user) {
    ++ctx_.stats.server_started;
  }

  // §17.2.1's 100 (Trying), sent and not kept: it is built from the request alone, so a
  // retransmitted INVITE (the same bytes) builds it again, until the TU sends a provisional.
  bool send_trying(const sip::message& request);
  bool trying_sent() const noexcept { return trying_sent_; }
  bool respond(int status, std::string response) override;
  // A 2xx is sent without a copy: RFC 6026 §7.1 leaves its retransmission to the TU.
  bool respond_kept(int status, std::string_view response) override;
  // A retransmitted INVITE, or the ACK for a non-2xx final response.
  void on_request(const sip::message& request) override;
  void on_transport_error(std::error_code ec) override;
  void on_timer_g();
  void on_timer_h();
  void on_timer_i();
  void on_timer_l();

  invite_server_state state() const noexcept { return state_; }
  bool terminated() const noexcept override { return state_ == invite_server_state::terminated; }

 private:
  enum slot : unsigned { slot_g, slot_h, slot_il };
  void on_timer(timer t) override;
  void terminate();
  bool send_2xx(int status, std::string_view response);

  invite_server_state state_ = invite_server_state::proceeding;
  bool trying_sent_ = false;
  runtime::tick interval_ = 0;
};

}  // namespace sw::txn
