// A call, as the SIP.js Session of ../shared/reference/sipjs-session-api.md: one INVITE
// usage (RFC 3261 §13-15) from either side, with its methods (progress, accept, reject,
// cancel, bye, terminate, hold, unhold, reinvite, dtmf) and its events. The state is an enum;
// each method and each arriving message is one function. Events keep the orderings of
// DESIGN.md: `terminated` exactly once and last; `failed` only before acceptance;
// `rejected` then `failed` then `terminated`; a 2xx racing a CANCEL gives `accepted`, `bye`,
// `terminated`.
#pragma once

#include <memory>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "dialog/dialog.hpp"
#include "runtime/short_string.hpp"
#include "runtime/timer_wheel.hpp"
#include "session/digest.hpp"
#include "sip/message.hpp"
#include "transport/endpoint.hpp"
#include "txn/client_transaction.hpp"
#include "txn/server_transaction.hpp"

namespace sw::session {

class user_agent;
class session;

enum class event_kind : unsigned char {
  progress, accepted, rejected, failed, terminated, cancel, reinvite, refer, replaced, dtmf, bye,
};
std::string_view event_name(event_kind kind) noexcept;

struct event {
  event_kind kind = event_kind::progress;
  int status = 0;               // progress, accepted, rejected: the response's status
  std::string_view reason = {};      // its phrase, or why (failed, terminated)
  char tone = 0;                // dtmf
  int duration_ms = 0;          // dtmf
  bool local = false;           // dtmf, bye: we sent it
  std::string_view direction = {};   // reinvite: the offer's direction (sendrecv, sendonly, inactive)
  session* other = nullptr;          // replaced: the session that replaces this one
};

enum class session_state : unsigned char {
  calling,         // UAC: INVITE sent, no provisional yet
  cancel_pending,  // UAC: cancel() before any 1xx; CANCEL goes with the first one (§9.1)
  proceeding,      // UAC: a provisional arrived
  canceling,       // UAC: CANCEL sent, waiting for the INVITE's final response
  incoming,        // UAS: INVITE received (100 sent)
  incoming_early,  // UAS: a provisional sent
  waiting_ack,     // UAS: 2xx sent, no ACK yet (we retransmit the 2xx)
  established,
  terminating,     // BYE sent
  terminated,
};

struct reply_options {
  int status_code = 0;          // 0: the method's default (180, 200, 480)
  std::string reason_phrase = {};
  std::string extra_headers = {};    // full lines, each ending in CRLF
  std::string body = {};             // replaces the SDP we would send
  std::string content_type = {};
};

struct dtmf_options {
  int duration = 100;           // ms, SIP.js default
  int inter_tone_gap = 500;     // ms, SIP.js default
  std::string extra_headers = {};
};

class session final : public txn::client_user {
 public:
  // --- methods (SIP.js names) ---
  void progress(const reply_options& options = {});
  void accept(const reply_options& options = {});
  void reject(const reply_options& options = {});
  void cancel();
  void bye();
  // CANCEL, a rejection, a BYE or nothing, by state.
  void terminate();
  void hold();
  void unhold();
  void reinvite();
  void dtmf(std::string_view tones, const dtmf_options& options = {});
  // Blind transfer to a URI, or attended transfer to the party of `other` (with Replaces).
  void refer(std::string_view target);
  void refer(session& other);
  // Transferee: place the call the last REFER asked for (done at once when the user agent's
  // config says follow_refer, the default), reporting its progress in NOTIFYs.
  void follow_refer();
  // Any final response to the INVITE we received (SIP.js reply()): 1xx as progress, 2xx as
  // accept, 300-699 as reject.
  void reply(const reply_options& options);
  // SIP.js sendRequest(): any request inside the established dialog (MESSAGE, INFO, UPDATE
  // without an offer ...); its final status arrives through on_request_done.
  void send_request(std::string_view method, const reply_options& options = {});
  std::function<void(session&, std::string_view method, int status)> on_request_done;

  // --- fields ---
  session_state state() const noexcept { return state_; }
  bool outbound() const noexcept { return outbound_; }
  // Acceptance and the terminated event, in milliseconds of the user agent's timer wheel:
  // the clock its worker read for this turn of the loop; meaningful once the event happened.
  // Reading the clock again for each was 1.7% of a call.
  runtime::tick start_time() const noexcept { return start_time_; }
  runtime::tick end_time() const noexcept { return end_time_; }
  std::string_view local_identity() const noexcept;   // the From (UAC) / To (UAS) we present
  std::string_view remote_identity() const noexcept;
  std::string_view call_id() const noexcept { return call_id_; }
  const dialog::dialog* current_dialog() const noexcept { return dialog_valid_ ? &dialog_ : nullptr; }
  void* data = nullptr;  // the application's

  std::function<void(session&, const event&)> on_event;

  // --- from the transaction layer, through the user agent ---
  void on_response(txn::client_transaction& t, const sip::message& response) override;
  void on_timeout(txn::client_transaction& t) override;
  void on_transport_error(txn::client_transaction& t, std::error_code ec) override;
  void on_request(txn::server_transaction& t, const sip::message& request);
  // True when the ACK was the awaited one (awaits_ack) and confirmed its 2xx.
  bool on_ack(const sip::message& ack);
  // Whether an ACK with this CSeq is the one awaited for the 2xx being retransmitted: the
  // initial INVITE's or a re-INVITE's (§13.2.2.4: an ACK repeats its INVITE's CSeq number).
  // Not the dialog's remote CSeq: a re-INVITE answered 491 meanwhile raised it, and its ACK
  // belongs to that 491's transaction.
  bool awaits_ack(std::uint32_t cseq) const noexcept {
    if (state_ == session_state::waiting_ack) return cseq == invite_cseq_;
    return reinvite_2xx_ && state_ == session_state::established && cseq == reinvite_2xx_->cseq;
  }
  void on_cancel_received();

  session(user_agent& ua, bool outbound, std::string_view call_id);
  ~session() override;

 private:
  friend class user_agent;
  enum class reinvite_state : unsigned char { none, pending, retry_wait };

  void emit(const event& e);
  void end(std::string_view reason);  // failed (before acceptance), then terminated
  void finish(std::string_view reason);  // terminated, once
  void send_ack(std::uint32_t cseq, std::string_view sdp = {});
  bool send_cancel(std::string_view invite);  // false when `invite` is not there to cancel
  void send_in_dialog(std::string_view method, std::string_view content_type, std::string_view body,
                      std::string_view extra_headers = {});
  void send_in(dialog::dialog& d, std::string_view method, std::string_view content_type, std::string_view body,
               std::string_view extra_headers);
  void send_reinvite(std::string_view direction);
  std::string response(int status, std::string_view reason, std::string_view extra, std::string_view content_type,
                       std::string_view body);
  void on_invite_response(txn::client_transaction& t, const sip::message& r);
  // The transaction of our INVITE (not of a re-INVITE): by its branch while the setup state
  // lasts; once accepted, a response by its CSeq (a re-INVITE's is always higher).
  bool is_our_invite(const txn::client_transaction& t) const noexcept {
    return setup_ && t.method() == sip::method::invite && t.branch() == setup_->invite_branch;
  }
  bool is_our_invite(const txn::client_transaction& t, const sip::message& response) const noexcept {
    return is_our_invite(t) || (outbound_ && accepted_ && !setup_ && t.method() == sip::method::invite &&
                                response.cseq().number == invite_cseq_);
  }
  void release_setup() noexcept;
  // The dialog a response to our INVITE makes; the INVITE is re-read from its bytes once
  // (and tells, through `invite_had_body`, whether it carried our offer).
  dialog::dialog uac_dialog(const sip::message& response, std::string_view sent_invite,
                            bool* invite_had_body = nullptr) const;
  // Our INVITE as its transaction keeps it, for a CANCEL the user asks for ("" once the
  // transaction is gone).
  std::string_view sent_invite() const;
  void on_reinvite_response(const sip::message& r);
  bool retry_with_credentials(txn::client_transaction& t, const sip::message& r);
  void ack_and_bye_fork(const sip::message& r);
  void on_info(txn::server_transaction& t, const sip::message& request);
  void on_reinvite_request(txn::server_transaction& t, const sip::message& request);
  static void on_timer(void* self, std::uint32_t tag);
  void on_refer_request(txn::server_transaction& t, const sip::message& request);
  void on_notify(txn::server_transaction& t, const sip::message& request);
  void send_notify(int status, std::string_view reason, bool final);
  void on_transfer_progress(const event& e);
  void on_prack(txn::server_transaction& t, const sip::message& request);
  struct early_dialog;
  // The early dialog of a provisional's To tag, made on its first provisional (RFC 3261
  // §13.2.2.1: each fork that answers is its own early dialog).
  early_dialog& early_fork(const sip::message& provisional, std::string_view sent_invite);
  bool on_reliable_provisional(const sip::message& response, early_dialog* fork);
  void send_next_tone();

  user_agent& ua_;
  bool outbound_;
  bool accepted_ = false;
  bool terminated_emitted_ = false;
  bool dialog_valid_ = false;
  // RFC 3262: UAS — send 1xx reliably; UAC — the last RSeq PRACKed; UAS — the last sent.
  bool reliable_1xx_ = false;
  session_state state_;
  reinvite_state reinvite_ = reinvite_state::none;
  // Our media direction and the one a re-INVITE in progress offers, as direction_code()s: a
  // byte each, not a 16-byte view (the session is written cold once per call at load).
  std::uint8_t local_direction_ = 0;  // sendrecv
  std::uint8_t pending_direction_ = 0;
  static std::uint8_t direction_code(std::string_view name);
  static std::string_view direction_name(std::uint8_t code);
  std::uint32_t sdp_version_ = 1;
  std::uint32_t rseq_ = 0;  // UAS: the RSeq of our last reliable provisional (a UAC counts per fork)
  // The initial INVITE's CSeq: the UAC's own, once a 2xx accepted it; the peer's, on the UAS.
  std::uint32_t invite_cseq_ = 0;
  runtime::short_string call_id_;
  transport::endpoint peer_;  // where the INVITE went (UAC) or came from (UAS)
  dialog::dialog dialog_;
  std::unique_ptr<auth_attempts> auth_;  // made by the first challenge: most calls have none

  struct early_dialog {
    dialog::dialog d;
    std::uint32_t rseq = 0;  // the fork's last reliable provisional (RFC 3262)
  };
  // What only the setup of the call needs (the INVITE we sent, the lines of our answers, the
  // offer until answered ...): freed once the call is up — at the ACK (UAS), or at the 2xx
  // (UAC) — so an idle established call stays small.
  struct setup_state {
    std::string local_tag;
    runtime::short_string invite_branch;          // UAC: our INVITE's (and its CANCEL's)
    txn::server_transaction* incoming = nullptr;  // UAS: the INVITE's transaction until our final answer
    runtime::short_string incoming_branch;        // matched with the address: addresses get reused
    // UAS: the Via..CSeq lines of our answers. Like the offer, a view into a buffer of the
    // user agent while on_invite runs, copied into response_headers_copy only if the call
    // is still unanswered after it.
    std::string_view response_headers;
    std::string response_headers_copy;
    // UAS: the offer, until answered. A view into the INVITE while on_invite runs (most
    // applications answer there); copied into remote_sdp_copy only if it is still unanswered.
    std::string_view remote_sdp;
    std::string remote_sdp_copy;
    std::string last_2xx;                         // UAS: retransmitted until ACK
    std::string unacked_1xx;                      // UAS: a reliable 1xx until its PRACK
    std::string auth_failure;
    std::vector<early_dialog> early;              // UAC: one per fork that sent a provisional with a To tag
    // UAC: where the From and Contact values lie in the INVITE as first built, so that the
    // dialog is made without reading the INVITE again; size 0 once an authenticated retry
    // has rebuilt it (then it is read).
    struct own_invite_layout {
      std::uint16_t from_at = 0, from_size = 0, contact_at = 0, contact_size = 0, uri_size = 0;
      bool has_body = false;
    } own;
  };
  std::unique_ptr<setup_state> setup_ = std::make_unique<setup_state>();
  struct dtmf_queue {
    std::string tones;
    dtmf_options options;
    runtime::timer_id timer;  // the next tone's
  };
  std::unique_ptr<dtmf_queue> dtmf_;
  struct transfer_state {
    std::string refer_to;      // transferee: the last REFER's target
    std::string refer_origin;  // a call placed for a REFER: the Call-ID of the call that asked
    bool final_notified = false;  // the subscription's last NOTIFY went (RFC 3515 §2.4.5)
  };
  std::unique_ptr<transfer_state> transfer_;
  struct sent_2xx {
    std::string response;
    transport::endpoint to;  // where the re-INVITE came from: responses follow the Via
    std::uint32_t cseq = 0;  // the re-INVITE's, which its ACK repeats
  };
  std::unique_ptr<sent_2xx> reinvite_2xx_;  // our 2xx to a peer's re-INVITE, until its ACK

  // cancel_timer_: §9.1, the INVITE given up 64*T1 after our CANCEL if no final response came.
  runtime::timer_id retransmit_timer_, reinvite_timer_, cancel_timer_;
  runtime::tick retransmit_interval_ = 0;
  runtime::tick retransmit_elapsed_ = 0;
  runtime::tick start_time_ = 0, end_time_ = 0;
  std::string reason_;  // keeps the text events point at
};

}  // namespace sw::session
