// Client transactions (RFC 3261 §17.1): the non-INVITE one of figure 6 here, the INVITE one
// in invite_client.hpp. The TU hears responses and how the transaction ended.
#pragma once

#include <string>

#include "sip/message.hpp"
#include "txn/transaction.hpp"

namespace sw::txn {

class client_transaction;

class client_user {
 public:
  virtual ~client_user() = default;
  virtual void on_response(client_transaction& t, const sip::message& response) = 0;
  // Timer F or B fired: no final response in time (the TU treats it as a 408).
  virtual void on_timeout(client_transaction& t) = 0;
  virtual void on_transport_error(client_transaction& t, std::error_code ec) = 0;
};

class client_transaction : public transaction {
 public:
  // Sends the request and starts the timers.
  virtual void start() = 0;
  virtual void on_response(const sip::message& response) = 0;
  // Ends the transaction without a word to its user: the user is going away (a session
  // freed while its INVITE still waits, a registration destroyed mid-request).
  virtual void abandon() noexcept = 0;
  // The request as sent; empty once a final response has arrived (the transaction never sends
  // it again, and its TU reads it while handling that response).
  const std::string& request() const noexcept { return request_; }
  bool is_client() const noexcept final { return true; }

 protected:
  client_transaction(const context& ctx, transport::transport& via, const transport::endpoint& to,
                     std::string request, std::string_view branch, sip::method method, client_user& user)
      : transaction(ctx, via, to, branch, method), request_(std::move(request)), user_(user) {}

  // Timers A and B (INVITE) or E and F (non-INVITE) share one wheel entry: it is set for the
  // next retransmission when that comes before the timeout (`deadline_`), else for the
  // timeout. A request answered at once costs one timer, not two.
  void start_deadline(runtime::tick timeout) noexcept { deadline_ = ctx_.wheel.now() + timeout; }
  void arm(unsigned slot, timer retransmit, timer timeout, runtime::tick interval);

  std::string request_;
  client_user& user_;
  runtime::tick deadline_ = 0;
};

enum class non_invite_client_state : unsigned char { trying, proceeding, completed, terminated };

class non_invite_client final : public client_transaction {
 public:
  non_invite_client(const context& ctx, transport::transport& via, const transport::endpoint& to,
                    std::string request, std::string_view branch, sip::method method, client_user& user)
      : client_transaction(ctx, via, to, std::move(request), branch, method, user) {}

  void start() override;
  void on_response(const sip::message& response) override;
  void on_transport_error(std::error_code ec) override;
  void on_timer_e();
  void on_timer_f();
  void on_timer_k();
  void abandon() noexcept override { terminate(); }

  non_invite_client_state state() const noexcept { return state_; }
  bool terminated() const noexcept override { return state_ == non_invite_client_state::terminated; }

 private:
  enum slot : unsigned { slot_ef, slot_k };
  void on_timer(timer t) override;
  void terminate() noexcept;

  non_invite_client_state state_ = non_invite_client_state::trying;
  runtime::tick interval_ = 0;
};

}  // namespace sw::txn
