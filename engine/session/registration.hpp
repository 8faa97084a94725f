// A REGISTER binding (RFC 3261 §10.2): register with an expiry, refresh before it runs out,
// unregister; digest challenges (401/407) answered once per nonce, a wrong password ends in
// `failed` with its reason rather than a loop.
#pragma once

#include <functional>
#include <string>

#include "session/digest.hpp"
#include "transport/endpoint.hpp"
#include "txn/client_transaction.hpp"

namespace sw::session {

class user_agent;

enum class registration_state : unsigned char { unregistered, registering, registered, unregistering, failed };
std::string_view registration_state_name(registration_state s) noexcept;

struct registration_options {
  std::string registrar;            // Request-URI: sip:example.com
  std::string aor;                  // To and From: sip:alice@example.com
  std::uint32_t expires = 3600;     // asked for; the registrar may grant less
  transport::endpoint destination;  // next hop (the registrar or an outbound proxy)
};

class registration final : public txn::client_user {
 public:
  registration(user_agent& ua, registration_options options);
  ~registration() override;

  void register_binding();
  void unregister();

  registration_state state() const noexcept { return state_; }
  std::uint32_t granted_expires() const noexcept { return granted_; }
  const std::string& reason() const noexcept { return reason_; }
  // Every change of state, with the final response that caused it (0: a timeout or error).
  std::function<void(registration&, int status)> on_change;

  void on_response(txn::client_transaction& t, const sip::message& response) override;
  void on_timeout(txn::client_transaction& t) override;
  void on_transport_error(txn::client_transaction& t, std::error_code ec) override;

 private:
  void send(std::uint32_t expires, std::string_view credentials_header = {}, std::string_view credentials = {});
  void change(registration_state s, int status);
  static void refresh(void* self, std::uint32_t);

  user_agent& ua_;
  registration_options options_;
  registration_state state_ = registration_state::unregistered;
  std::string call_id_, from_tag_;
  std::uint32_t cseq_ = 0;
  std::uint32_t asked_ = 0;
  std::uint32_t granted_ = 0;
  std::string last_request_;
  std::string last_branch_;
  auth_attempts auth_;
  std::string reason_;
  runtime::timer_id refresh_timer_;
};

}  // namespace sw::session
