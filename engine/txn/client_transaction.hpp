// The non-INVITE client transaction of RFC 3261 §17.1.2 (figure 6): Trying, Proceeding,
// Completed, Terminated, with Timers E (retransmit), F (timeout) and K (absorb
// retransmitted responses). One function per event; the state is an enum.
#pragma once

#include <string>
#include <system_error>

#include "runtime/timer_wheel.hpp"
#include "sip/message.hpp"
#include "transport/transport.hpp"
#include "txn/timers.hpp"

namespace sw::txn {

class client_transaction;

// The transaction user: hears every response and how the transaction ended.
class client_user {
 public:
  virtual ~client_user() = default;
  virtual void on_response(client_transaction& t, const sip::message& response) = 0;
  // Timer F fired: no final response in time (the TU sees it as a 408).
  virtual void on_timeout(client_transaction& t) = 0;
  virtual void on_transport_error(client_transaction& t, std::error_code ec) = 0;
};

enum class client_state : unsigned char { trying, proceeding, completed, terminated };

class client_transaction {
 public:
  client_transaction(runtime::timer_wheel& wheel, const timer_config& timers, counters& stats,
                     transport::transport& via, const transport::endpoint& to, std::string request,
                     std::string branch, client_user& user);
  ~client_transaction();
  client_transaction(const client_transaction&) = delete;
  client_transaction& operator=(const client_transaction&) = delete;

  // Sends the request and starts the timers.
  void start();

  // Events.
  void on_response(const sip::message& response);
  void on_timer_e();
  void on_timer_f();
  void on_timer_k();
  void on_transport_error(std::error_code ec);

  client_state state() const noexcept { return state_; }
  const std::string& branch() const noexcept { return branch_; }
  const transport::endpoint& destination() const noexcept { return to_; }
  bool terminated() const noexcept { return state_ == client_state::terminated; }

 private:
  enum timer_tag : std::uint32_t { timer_e, timer_f, timer_k };
  static void fire(void* self, std::uint32_t tag);
  void send();
  void terminate();

  runtime::timer_wheel& wheel_;
  const timer_config& timers_;
  counters& stats_;
  transport::transport& transport_;
  transport::endpoint to_;
  std::string request_;
  std::string branch_;
  client_user& user_;
  client_state state_ = client_state::trying;
  runtime::tick interval_ = 0;
  runtime::timer_id e_, f_, k_;
};

}  // namespace sw::txn
