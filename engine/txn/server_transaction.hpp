// Server transactions (RFC 3261 §17.2): the non-INVITE one of figure 8 here, the INVITE one
// in invite_server.hpp. The TU answers through respond(); retransmitted requests are absorbed
// or answered with the last response, never passed up again.
#pragma once

#include <memory>
#include <string>

#include "sip/message.hpp"
#include "txn/transaction.hpp"

namespace sw::txn {

class server_transaction;

class server_user {
 public:
  virtual ~server_user() = default;
  // A new request and its transaction. Returning false leaves it to the layer's stateless
  // fallback, which answers through the same transaction.
  virtual bool on_request(server_transaction& t, const sip::message& request) = 0;
  // An ACK for a 2xx: it has its own branch and belongs to the dialog, not to a transaction.
  virtual void on_ack(const sip::message&, const transport::endpoint&, transport::transport&) {}
  // Asked first, before any transaction is looked for: true when the TU took the ACK as the
  // one it awaits for a 2xx it sent, by the CSeq of the INVITE it answered (RFC 6026 gives such
  // an ACK to the TU whatever its branch; the ACK of a non-2xx repeats another INVITE's CSeq).
  // Saves the transaction lookup, which for a 2xx's ACK finds nothing, on every call; an ACK
  // left here goes the usual way.
  virtual bool on_awaited_ack(const sip::message&) { return false; }
  // A CANCEL (`cancel`, with the INVITE's Call-ID and tags) matched this pending INVITE; the
  // layer answered the CANCEL with 200. The TU should answer the INVITE with 487.
  virtual void on_cancel(server_transaction&, const sip::message& /*cancel*/) {}
  // Timer H: a final non-2xx response to an INVITE was never acknowledged.
  virtual void on_ack_timeout(server_transaction&) {}
  virtual void on_transport_error(server_transaction&, std::error_code) {}
};

class server_transaction : public transaction {
 public:
  // Sends a response the TU built; returns false when the state does not allow it (a final
  // response was sent already) or the transport failed.
  virtual bool respond(int status, std::string response) = 0;
  // The same for a response the TU keeps itself (a UAS core retransmits its 2xx to an INVITE
  // until the ACK, §13.3.1.4): the transaction copies it only if it may send it again.
  virtual bool respond_kept(int status, std::string_view response) { return respond(status, std::string(response)); }
  // A final response that is the request's own Via, From, To, Call-ID and CSeq under a
  // status line (build_response with nothing else), to a request whose To has its tag
  // already: a non-INVITE transaction sends it and builds it again from a retransmitted
  // request (the same bytes) rather than keep it for Timer J's 32 s. `reason` must be a
  // string literal: it is kept as a view.
  virtual bool respond_plain(int status, std::string_view reason, const sip::message& request);
  // A retransmission of the request (or the ACK, for INVITE) matched this transaction.
  virtual void on_request(const sip::message& request) = 0;
  // The last final response status, 0 while none was sent.
  int final_status() const noexcept { return final_status_; }
  // The sent-by of the top Via, part of the match (§17.2.3).
  const std::string& sent_by() const noexcept { return sent_by_; }
  bool is_client() const noexcept final { return false; }
  // The RFC 2543 match key of a request without a magic-cookie branch; empty otherwise.
  std::string_view legacy_key() const noexcept { return legacy_key_ ? std::string_view(*legacy_key_) : std::string_view(); }
  void set_legacy_key(std::string key) { legacy_key_ = std::make_unique<std::string>(std::move(key)); }

 protected:
  server_transaction(const context& ctx, transport::transport& via, const transport::endpoint& from,
                     std::string_view branch, sip::method method, std::string sent_by, server_user& user)
      : transaction(ctx, via, from, branch, method), sent_by_(std::move(sent_by)), user_(user) {}

  std::string sent_by_;
  std::unique_ptr<std::string> legacy_key_;  // only RFC 2543 peers have one: 8 bytes, not 32
  server_user& user_;
  std::string last_response_;
  int final_status_ = 0;
};

enum class non_invite_server_state : unsigned char { trying, proceeding, completed, terminated };

class non_invite_server final : public server_transaction {
 public:
  non_invite_server(const context& ctx, transport::transport& via, const transport::endpoint& from, std::string_view branch,
                    sip::method method, std::string sent_by, server_user& user)
      : server_transaction(ctx, via, from, branch, method, std::move(sent_by), user) {
    ++ctx_.stats.server_started;
  }

  bool respond(int status, std::string response) override;
  bool respond_plain(int status, std::string_view reason, const sip::message& request) override;
  void on_request(const sip::message& request) override;
  void on_transport_error(std::error_code ec) override;
  void on_timer_j();

  non_invite_server_state state() const noexcept { return state_; }
  bool terminated() const noexcept override { return state_ == non_invite_server_state::terminated; }

 private:
  void on_timer(timer t) override;
  void terminate();

  bool send_plain(const sip::message& request);
  bool complete();

  non_invite_server_state state_ = non_invite_server_state::trying;
  std::string_view plain_reason_;  // set: the final response is built, not kept
};

}  // namespace sw::txn
