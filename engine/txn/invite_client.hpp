// The INVITE client transaction of RFC 3261 §17.1.1 (figure 5) with RFC 6026's Accepted
// state: Calling, Proceeding, Completed, Accepted, Terminated; Timers A (retransmit),
// B (timeout), D (absorb final retransmissions) and M (absorb 2xx retransmissions and forks).
#pragma once

#include "txn/client_transaction.hpp"

namespace sw::txn {

enum class invite_client_state : unsigned char { calling, proceeding, completed, accepted, terminated };

class invite_client final : public client_transaction {
 public:
  invite_client(const context& ctx, transport::transport& via, const transport::endpoint& to, std::string request,
                std::string_view branch, client_user& user)
      : client_transaction(ctx, via, to, std::move(request), branch, sip::method::invite, user) {}

  void start() override;
  void on_response(const sip::message& response) override;
  void on_transport_error(std::error_code ec) override;
  void on_timer_a();
  void on_timer_b();
  void on_timer_d();
  void on_timer_m();
  void abandon() noexcept override { terminate(); }

  invite_client_state state() const noexcept { return state_; }
  bool terminated() const noexcept override { return state_ == invite_client_state::terminated; }
  // The ACK sent for a non-2xx final response, resent for each retransmission of it.
  const std::string& ack() const noexcept { return ack_; }

 private:
  enum slot : unsigned { slot_ab, slot_dm };
  void on_timer(timer t) override;
  void terminate() noexcept;

  invite_client_state state_ = invite_client_state::calling;
  runtime::tick interval_ = 0;
  std::string ack_;
};

}  // namespace sw::txn
