// A user agent on one worker: it places calls (invite), hands incoming ones to the
// application (on_invite), and routes what arrives inside a dialog to its session. It is the
// transaction layer's server user; each session is the client user of its own transactions.
#pragma once

#include <functional>
#include <optional>
#include <memory>
#include <string>
#include <unordered_map>

#include "runtime/splitmix64.hpp"
#include "runtime/string_table.hpp"
#include "runtime/timer_wheel.hpp"
#include "session/digest.hpp"
#include "session/sdp_glue.hpp"
#include "session/session.hpp"
#include "transport/transport.hpp"
#include "txn/transaction_layer.hpp"

namespace sw::session {

// RFC 3262 reliable provisional responses: not offered, offered (Supported), or demanded
// (Require) by a caller; for an answerer, whether it uses them when a caller offers them.
enum class rel100_mode : unsigned char { none, supported, required };

struct ua_config {
  std::string user = "sipwright";      // the user part of From and Contact
  std::string display_name = {};
  std::string domain = {};                  // the host of From; the local address when empty
  std::string auth_user = {};               // digest username; `user` when empty
  std::string password = {};                // digest password; no credentials when empty
  std::uint16_t media_port = 40000;    // the port our SDP announces (RTP comes with the media issue)
  bool follow_refer = true;            // a transferee places the referred call at once
  rel100_mode answer_rel100 = rel100_mode::supported;  // answerer: reliable 1xx when the caller supports them
  // Answerer: a 100 Trying for every INVITE that gets a session, before on_invite runs (one
  // refused at once, 482 or 420 say, gets its final only). Without it the 100 goes only to an
  // INVITE on_invite leaves unanswered (RFC 3261 §17.2.1 needs none for one answered at once);
  // `sipwright answer` sets it, to show a caller the whole usual sequence.
  bool trying_at_once = false;
};

struct invite_options {
  std::string extra_headers = {};           // full lines, each ending in CRLF
  bool anonymous = false;              // From anonymous, Privacy: id (RFC 3323)
  bool without_sdp = false;            // the offer comes in the 2xx, the answer in the ACK
  rel100_mode rel100 = rel100_mode::none;   // SIP.js rel100
};

// How long a terminated session is kept before it is freed: past the last timer of every
// transaction that may still call it back, with the layer's timer values.
runtime::tick session_linger(const txn::timer_config& timers) noexcept;

class user_agent final : public txn::server_user {
 public:
  user_agent(runtime::timer_wheel& wheel, txn::transaction_layer& layer, transport::transport& link,
             ua_config config = {});
  ~user_agent() override;

  // Places a call to `target` (a sip: URI) through `destination` (the next hop).
  session& invite(std::string_view target, const transport::endpoint& destination, const invite_options& options = {});
  // A new incoming session: set its on_event, then progress, accept or reject it.
  std::function<void(session&)> on_invite;
  // A call placed to follow a REFER of `original`: set its on_event to watch it.
  std::function<void(session& original, session& transfer)> on_transfer;

  std::size_t active_sessions() const noexcept { return sessions_.size(); }
  const ua_config& config() const noexcept { return config_; }

  // txn::server_user
  bool on_request(txn::server_transaction& t, const sip::message& request) override;
  void on_ack(const sip::message& ack, const transport::endpoint& from, transport::transport& via) override;
  bool on_awaited_ack(const sip::message& ack) override;
  void on_cancel(txn::server_transaction& invite, const sip::message& cancel) override;
  void on_transport_error(txn::server_transaction& t, std::error_code ec) override;

 private:
  friend class session;
  friend class registration;
  std::string new_token();
  // Our Contact and Via sent-by, formatted once per local address rather than per message.
  const std::string& contact() const { return local_text().contact; }
  const std::string& local_host_port() const { return local_text().host_port; }
  // Where a request inside `d` goes: its next hop when that is a numeric address, else `fallback`.
  transport::endpoint next_hop(const dialog::dialog& d, const transport::endpoint& fallback) const;
  void forget_later(session& s);  // frees a terminated session once its transactions are over
  static void reap(void* self, std::uint32_t);
  media_endpoint media() const;
  session* find_session(const sip::message& m);
  // The credentials answering a 401/407 to a request (its method, Request-URI and body),
  // judged by `attempts`: nullopt with `why_not` set when the challenge must not be answered
  // (no password, nothing supported, wrong credentials).
  struct credentials {
    sip::header_id header;
    std::string value;
  };
  std::optional<credentials> answer_challenge(const sip::message& response, auth_attempts& attempts,
                                              std::string_view method, std::string_view uri, std::string_view body,
                                              std::string& why_not);
  // An INVITE with Replaces (RFC 3891): ends the session it names; false when none matches.
  bool replace_existing(const sip::message& invite, session& replacement);

  // Hears the BYE that ends a losing fork (§13.2.2.4); nothing to tell anyone.
  struct quiet_user final : txn::client_user {
    void on_response(txn::client_transaction&, const sip::message&) override {}
    void on_timeout(txn::client_transaction&) override {}
    void on_transport_error(txn::client_transaction&, std::error_code) override {}
  } fork_sink_;

  runtime::timer_wheel& wheel_;
  txn::transaction_layer& layer_;
  transport::transport& link_;
  ua_config config_;
  digest_client digest_;
  static std::string_view call_id_of(const std::unique_ptr<session>& s) noexcept;
  using session_table = runtime::string_table<std::unique_ptr<session>, std::string_view (*)(const std::unique_ptr<session>&) noexcept>;
  session_table sessions_{call_id_of};  // by Call-ID; each Call-ID once
  // Terminated sessions and when to free them, in that order; each is still in sessions_.
  std::vector<std::pair<runtime::tick, session*>> dying_;
  runtime::timer_id reaper_;
  runtime::splitmix64 random_;
  std::string media_address_;
  std::uint64_t media_session_id_;
  struct local_strings {
    transport::endpoint address;
    std::string host;
    std::string host_port;
    std::string contact;
  };
  const local_strings& local_text() const;
  mutable local_strings local_;
  // The last next-hop URI resolved and what it gave (nullopt: not a numeric sip/sips URI, so
  // the caller's fallback). The calls of a load test share their next hop (the server's
  // Record-Route or Contact), so each in-dialog request skips a URI parse and inet_pton.
  struct resolved_hop {
    std::string uri;
    std::optional<transport::endpoint> address;
  };
  mutable resolved_hop last_hop_;
};

}  // namespace sw::session
