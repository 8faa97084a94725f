// The INVITE usage from both sides: the UAC's INVITE and its responses, the UAS's answers,
// and ending a call. In-dialog requests (BYE, INFO, re-INVITE) live in session_dialog.cpp.
#include "session/session.hpp"

#include <fmt/format.h>

#include "session/sdp_glue.hpp"
#include "session/user_agent.hpp"
#include "sip/builder.hpp"
#include "sip/chars.hpp"
#include "sip/header_values.hpp"
#include "txn/derived_requests.hpp"

namespace sw::session {

namespace {
// The fields of our INVITE a dialog keeps, read back from its bytes without the parser: a
// 2xx would otherwise parse the whole INVITE again. One pass over its lines; the builder
// spells header names in full, one per line, as `Name: value`. nullopt when it does not look
// as the builder writes (then the caller parses it).
std::optional<dialog::dialog::uac_request> read_own_invite(std::string_view text, std::string_view local_tag,
                                                           bool& has_body) {
  const std::size_t line_end = text.find("\r\n");
  if (line_end == std::string_view::npos) return std::nullopt;
  const std::string_view request_line = text.substr(0, line_end);
  const std::size_t sp1 = request_line.find(' '), sp2 = request_line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 <= sp1) return std::nullopt;
  dialog::dialog::uac_request r{
      .from = {}, .from_tag = local_tag, .request_uri = request_line.substr(sp1 + 1, sp2 - sp1 - 1), .contact = {}};
  std::string_view cseq_value;
  std::size_t pos = line_end + 2;
  for (;;) {
    const std::size_t nl = sip::lex::find_long(text, '\n', pos);
    if (nl == std::string_view::npos || nl == pos || text[nl - 1] != '\r') return std::nullopt;
    const std::string_view line = text.substr(pos, nl - 1 - pos);
    pos = nl + 1;
    if (line.empty()) break;  // the end of the headers
    auto value_of = [&line](std::string_view name) {
      return line.size() > name.size() + 1 && line.starts_with(name) && line[name.size()] == ':' &&
                     line[name.size() + 1] == ' '
                 ? line.substr(name.size() + 2)
                 : std::string_view{};
    };
    if (line[0] == 'F' && r.from.empty()) r.from = value_of("From");
    else if (line[0] == 'C' && r.contact.empty() && line.starts_with("Co")) r.contact = value_of("Contact");
    else if (line[0] == 'C' && cseq_value.empty()) cseq_value = value_of("CSeq");
  }
  const auto cseq = sip::parse_u32(cseq_value.substr(0, cseq_value.find(' ')));
  if (r.from.empty() || !cseq) return std::nullopt;
  r.cseq = *cseq;
  has_body = pos < text.size();
  return r;
}

// Re-reading the INVITE we sent (for a dialog, a fork, an auth retry) reuses one message per
// thread: a fresh sip::message allocates its 4 KB buffer, a fifth of a call's setup cost.
sip::message& scratch_message() {
  thread_local sip::message m;
  return m;
}
}  // namespace

std::string_view event_name(event_kind kind) noexcept {
  switch (kind) {
    case event_kind::progress: return "progress";
    case event_kind::accepted: return "accepted";
    case event_kind::rejected: return "rejected";
    case event_kind::failed: return "failed";
    case event_kind::terminated: return "terminated";
    case event_kind::cancel: return "cancel";
    case event_kind::reinvite: return "reinvite";
    case event_kind::refer: return "refer";
    case event_kind::replaced: return "replaced";
    case event_kind::dtmf: return "dtmf";
    case event_kind::bye: return "bye";
  }
  return "?";
}

session::session(user_agent& ua, bool outbound, std::string_view call_id)
    : ua_(ua), outbound_(outbound), state_(outbound ? session_state::calling : session_state::incoming),
      call_id_(call_id) {}

// A destructor cancels its timers, so a dead session is never called back.
session::~session() {
  for (auto id : {retransmit_timer_, reinvite_timer_, cancel_timer_}) ua_.wheel_.cancel(id);
  if (dtmf_) ua_.wheel_.cancel(dtmf_->timer);
}

std::string_view session::local_identity() const noexcept {
  return dialog_valid_ ? dialog_.local_uri() : std::string_view{};
}
std::string_view session::remote_identity() const noexcept {
  return dialog_valid_ ? dialog_.remote_uri() : std::string_view{};
}

void session::emit(const event& e) {
  if (terminated_emitted_) return;  // nothing fires after terminated
  on_transfer_progress(e);
  if (e.kind == event_kind::terminated) {
    terminated_emitted_ = true;
    end_time_ = ua_.wheel_.now();
  }
  if (on_event) on_event(*this, e);
}

void session::finish(std::string_view reason) {
  if (state_ == session_state::terminated) return;
  // An INVITE still waiting for its final response (a BYE on the early dialog, a CANCEL
  // never answered) must not call back a session that will be freed.
  if (outbound_ && !accepted_ && setup_) ua_.layer_.abandon(setup_->invite_branch, true);
  state_ = session_state::terminated;
  if (dialog_valid_) dialog_.terminate();
  ua_.wheel_.cancel(retransmit_timer_);
  if (dtmf_) ua_.wheel_.cancel(dtmf_->timer);
  ua_.wheel_.cancel(reinvite_timer_);
  reason_.assign(reason);
  emit({.kind = event_kind::terminated, .reason = reason_});
  ua_.forget_later(*this);
}

void session::end(std::string_view reason) {
  reason_.assign(reason);
  if (!accepted_) emit({.kind = event_kind::failed, .reason = reason_});
  finish(reason_);
}

// ---- UAC ---------------------------------------------------------------------------------

void session::on_response(txn::client_transaction& t, const sip::message& r) {
  // A final answer other than a challenge ends that request's authentication: the next
  // request's challenge is answered afresh (servers challenge each request, RFC 3261 §22.3).
  if (r.status() >= 200 && r.status() != 401 && r.status() != 407 && auth_) auth_->reset();
  if (is_our_invite(t, r)) {
    on_invite_response(t, r);
    return;
  }
  // Every request but CANCEL (and ACK, which has no response) can be challenged (§22.2).
  if ((r.status() == 401 || r.status() == 407) && t.method() != sip::method::cancel &&
      retry_with_credentials(t, r))
    return;
  if (t.method() == sip::method::invite) {
    on_reinvite_response(r);
  } else if (t.method() == sip::method::bye) {
    if (r.status() >= 200) finish("BYE answered");
  } else if (t.method() != sip::method::cancel && t.method() != sip::method::prack) {
    if (r.status() >= 200 && on_request_done) {
      sip::message& sent = scratch_message();
      if (!sent.parse(t.request())) on_request_done(*this, sent.method_text(), r.status());
    }
  }
}

void session::on_timeout(txn::client_transaction& t) {
  if (is_our_invite(t)) {
    end("timeout: no final response to INVITE (Timer B)");
  } else if (t.method() == sip::method::bye) {
    finish("BYE timed out");
  } else if (t.method() == sip::method::invite) {
    reinvite_ = reinvite_state::none;  // a re-INVITE that timed out ends the call (§14.1)
    bye();
  }
}

void session::on_transport_error(txn::client_transaction& t, std::error_code ec) {
  const std::string why = "transport error: " + ec.message();
  if (is_our_invite(t)) {
    end(why);
  } else if (t.method() == sip::method::bye) {
    finish(why);
  } else if (t.method() == sip::method::invite) {
    reinvite_ = reinvite_state::none;  // as for a timeout: the re-INVITE failed, end the call
    bye();
  }
}

void session::on_invite_response(txn::client_transaction& t, const sip::message& r) {
  const int status = r.status();
  if (status < 200) {
    early_dialog* fork = r.to().tag().empty() ? nullptr : &early_fork(r, t.request());
    if (fork && !dialog_valid_) {
      dialog_ = fork->d;  // the session's dialog until a 2xx picks the one that answered
      dialog_valid_ = true;
    }
    if (state_ == session_state::calling) state_ = session_state::proceeding;
    if (state_ == session_state::cancel_pending) {
      // §9.1: "a CANCEL ... SHOULD NOT be sent ... until a provisional response" arrived.
      send_cancel(t.request());
      state_ = session_state::canceling;
    }
    if (status > 100 && !on_reliable_provisional(r, fork)) return;  // a retransmitted reliable 1xx
    if (status > 100) emit({.kind = event_kind::progress, .status = status, .reason = r.reason()});
    return;
  }
  if (status < 300) {
    if (accepted_) {
      // RFC 6026: a retransmitted 2xx of our dialog is ACKed again; another fork's 2xx is
      // ACKed and ended with BYE (the first 2xx wins).
      if (dialog_valid_ && dialog_.matches(r)) send_ack(r.cseq().number);
      else ack_and_bye_fork(r);
      return;
    }
    bool offered = true;
    dialog_ = uac_dialog(r, t.request(), &offered);
    dialog_valid_ = true;
    // The early dialog this 2xx confirms may have sent PRACKs: later requests count on.
    for (const early_dialog& e : setup_->early)
      if (e.d.remote_tag() == r.to().tag()) dialog_.note_local_cseq(e.d.local_cseq());
    accepted_ = true;
    start_time_ = ua_.wheel_.now();
    // inviteWithoutSdp: the 2xx carries the offer, the ACK our answer (RFC 3261 §13.2.2.4).
    const std::string* answer = nullptr;
    if (!offered && !r.body().empty()) answer = audio_answer(r.body(), ua_.media(), "sendrecv");
    send_ack(r.cseq().number, answer ? std::string_view(*answer) : std::string_view{});
    // Retransmitted and forked 2xx still reach us through the INVITE transaction until its
    // Timer M (64*T1), and need only the dialog and this CSeq (is_our_invite,
    // ack_and_bye_fork): the setup state goes now, not 32 s later.
    invite_cseq_ = r.cseq().number;
    release_setup();
    const bool racing_cancel = state_ == session_state::canceling || state_ == session_state::cancel_pending;
    state_ = session_state::established;
    emit({.kind = event_kind::accepted, .status = status, .reason = r.reason()});
    if (racing_cancel) bye();  // the 2xx won the race with our CANCEL
    return;
  }
  if ((status == 401 || status == 407) && retry_with_credentials(t, r)) return;
  reason_ = setup_->auth_failure.empty() ? fmt::format("{} {}", status, r.reason()) : setup_->auth_failure;
  emit({.kind = event_kind::rejected, .status = status, .reason = r.reason()});
  end(reason_);
}

std::string_view session::sent_invite() const {
  const txn::client_transaction* t = ua_.layer_.find_client(setup_->invite_branch, true);
  return t ? std::string_view(t->request()) : std::string_view();
}

dialog::dialog session::uac_dialog(const sip::message& response, std::string_view sent, bool* invite_had_body) const {
  const auto& own = setup_->own;
  if (own.from_size != 0 && own.contact_at + own.contact_size <= sent.size()) {
    if (invite_had_body) *invite_had_body = own.has_body;
    constexpr std::size_t k_uri_at = std::string_view("INVITE ").size();
    const std::string_view from = sent.substr(own.from_at, own.from_size);
    // The From ends with ";tag=" and our tag: the tag is taken from there, so the dialog
    // keeps it as a place inside the From.
    const std::string_view tag = setup_->local_tag;
    return dialog::dialog::from_uac(dialog::dialog::uac_request{.from = from,
                                                                .from_tag = from.ends_with(tag) ? from.substr(from.size() - tag.size()) : tag,
                                                                .request_uri = sent.substr(k_uri_at, own.uri_size),
                                                                .contact = sent.substr(own.contact_at, own.contact_size),
                                                                .cseq = 1},
                                    response);
  }
  bool has_body = false;
  if (const auto read = read_own_invite(sent, setup_->local_tag, has_body)) {
    if (invite_had_body) *invite_had_body = has_body;
    return dialog::dialog::from_uac(*read, response);
  }
  sip::message& invite = scratch_message();
  invite.parse(sent);  // we built it: it parses
  if (invite_had_body) *invite_had_body = !invite.body().empty();
  return dialog::dialog::from_uac(invite, response);
}

session::early_dialog& session::early_fork(const sip::message& r, std::string_view sent) {
  for (early_dialog& e : setup_->early)
    if (e.d.remote_tag() == r.to().tag()) return e;
  return setup_->early.emplace_back(early_dialog{uac_dialog(r, sent), 0});
}

bool session::on_reliable_provisional(const sip::message& r, early_dialog* fork) {
  if (!sip::list_contains(r.header(sip::header_id::require), "100rel")) return true;
  const auto rseq = sip::parse_u32(r.header(sip::header_id::rseq));
  if (!rseq || !fork) return true;
  // RFC 3262 §4: per early dialog (each fork counts its own RSeq), a retransmission (an RSeq
  // not above the last) is not passed up again; a new one is acknowledged with PRACK inside
  // that fork's dialog, its RAck naming it.
  if (fork->rseq != 0 && *rseq <= fork->rseq) return false;
  fork->rseq = *rseq;
  send_in(fork->d, "PRACK", {}, {}, fmt::format("RAck: {} {} INVITE\r\n", *rseq, r.cseq().number));
  return true;
}

void session::send_ack(std::uint32_t cseq, std::string_view sdp) {
  // §13.2.2.4: the ACK for a 2xx is built by the UA core, with a new branch, and is not a
  // transaction: it goes straight to the transport. Nothing keeps it, so it is built in a
  // buffer that keeps its capacity from one ACK to the next.
  thread_local std::string ack;
  const runtime::short_string branch = ua_.layer_.new_branch();
  dialog_.build_request("ACK", {.branch = branch, .via_sent_by = ua_.local_host_port(),
                                .transport = transport::transport_name(ua_.link_.kind()),
                                .content_type = sdp.empty() ? std::string_view{} : "application/sdp", .body = sdp,
                                .cseq = cseq},
                        ack);
  ua_.link_.send(ua_.next_hop(dialog_, peer_), ack);
}

void session::ack_and_bye_fork(const sip::message& r) {
  // The fork's dialog has our side of the confirmed one (the INVITE's From, tag and Contact)
  // and the fork's side from its 2xx. A 2xx without Contact (RFC 3261 §13.3.1.4 requires one)
  // is sent to the confirmed dialog's target, not to the INVITE's Request-URI.
  dialog::dialog fork = dialog::dialog::from_uac(dialog::dialog::uac_request{.from = dialog_.local_uri(),
                                                                             .from_tag = dialog_.local_tag(),
                                                                             .request_uri = dialog_.remote_target(),
                                                                             .contact = dialog_.local_contact(),
                                                                             .cseq = r.cseq().number},
                                                 r);
  std::string request;
  const std::string_view transport_name = transport::transport_name(ua_.link_.kind());
  const runtime::short_string ack_branch = ua_.layer_.new_branch();
  fork.build_request("ACK", {.branch = ack_branch, .via_sent_by = ua_.local_host_port(), .transport = transport_name,
                             .cseq = r.cseq().number},
                     request);
  const transport::endpoint to = ua_.next_hop(fork, peer_);
  ua_.link_.send(to, request);
  const runtime::short_string bye_branch = ua_.layer_.new_branch();
  fork.build_request("BYE", {.branch = bye_branch, .via_sent_by = ua_.local_host_port(), .transport = transport_name},
                     request);
  ua_.layer_.start_client(ua_.link_, to, request, bye_branch, sip::method::bye, ua_.fork_sink_);
}

bool session::send_cancel(std::string_view invite) {
  std::string cancel = txn::build_cancel(invite);
  if (cancel.empty()) return false;
  // §9.1: if no final response arrives within 64*T1 of the CANCEL, the INVITE is given up.
  cancel_timer_ = ua_.wheel_.schedule(64 * ua_.layer_.timers().t1, on_timer, this, 5);
  ua_.layer_.start_client(ua_.link_, peer_, std::move(cancel), setup_->invite_branch, sip::method::cancel, *this);
  return true;
}

bool session::retry_with_credentials(txn::client_transaction& t, const sip::message& r) {
  sip::message& original = scratch_message();
  if (original.parse(t.request())) return false;
  std::string why_not;
  if (!auth_) auth_ = std::make_unique<auth_attempts>();
  const auto answer = ua_.answer_challenge(r, *auth_, original.method_text(), original.request_uri_text(),
                                           original.body(), why_not);
  if (!answer) {
    if (setup_) setup_->auth_failure = std::move(why_not);
    return false;
  }
  // The same request with a new branch, the next CSeq and the credentials (§22.2).
  const runtime::short_string branch = ua_.layer_.new_branch();
  const std::uint32_t cseq = original.cseq().number + 1;
  sip::out_buffer out;
  sip::message_builder b(out);
  b.request_line(original.method_text(), original.request_uri_text());
  bool first_via = true;
  for (const auto& h : original.headers()) {
    if (h.id == sip::header_id::authorization || h.id == sip::header_id::proxy_authorization ||
        h.id == sip::header_id::content_length || h.id == sip::header_id::content_type)
      continue;
    if (h.id == sip::header_id::via && first_via) {
      first_via = false;
      b.via(transport::transport_name(ua_.link_.kind()), ua_.local_host_port(), branch);
    } else if (h.id == sip::header_id::cseq) {
      b.cseq(cseq, original.method_text());
    } else {
      b.header(h.name, h.value);
    }
  }
  b.header(answer->header, answer->value);
  b.finish(original.header(sip::header_id::content_type), original.body());
  std::string request(out.data(), out.size());
  const sip::method method = original.method();
  if (is_our_invite(t)) {
    setup_->invite_branch = branch;
    setup_->own = {};  // the retry is laid out otherwise: read it
    ua_.layer_.start_client(ua_.link_, peer_, std::move(request), branch, method, *this);
  } else {
    // Inside a dialog, the retry's CSeq is taken: later requests count on from it.
    if (dialog_valid_) dialog_.note_local_cseq(cseq);
    ua_.layer_.start_client(ua_.link_, t.peer(), std::move(request), branch, method, *this);
  }
  return true;
}

// ---- UAS ---------------------------------------------------------------------------------

std::string session::response(int status, std::string_view reason, std::string_view extra,
                              std::string_view content_type, std::string_view body) {
  sip::out_buffer out;
  sip::message_builder b(out);
  b.status_line(status, reason);
  out.append(setup_->response_headers);
  if (status > 100 && status < 300) b.header(sip::header_id::contact, ua_.contact());
  if (!extra.empty()) out.append(extra);
  b.finish(content_type, body);
  return {out.data(), out.size()};
}

void session::progress(const reply_options& o) {
  if (state_ != session_state::incoming && state_ != session_state::incoming_early) return;
  const int status = o.status_code ? o.status_code : 180;
  if (status <= 100 || status >= 200) return;
  if (reliable_1xx_ && !setup_->unacked_1xx.empty()) return;  // §3: one unacknowledged reliable 1xx at a time
  state_ = session_state::incoming_early;
  std::string extra = o.extra_headers;
  if (reliable_1xx_) extra += fmt::format("Require: 100rel\r\nRSeq: {}\r\n", ++rseq_);
  std::string provisional = response(status, o.reason_phrase.empty() ? "Ringing" : o.reason_phrase, extra,
                                     o.content_type, o.body);
  setup_->incoming->respond(status, provisional);
  if (reliable_1xx_) {
    // RFC 3262 §3: retransmitted with T1 doubling until its PRACK (over any transport).
    setup_->unacked_1xx = std::move(provisional);
    retransmit_interval_ = ua_.layer_.timers().t1;
    retransmit_elapsed_ = 0;
    retransmit_timer_ = ua_.wheel_.schedule(retransmit_interval_, on_timer, this, 3);
  }
}

void session::accept(const reply_options& o) {
  if (state_ != session_state::incoming && state_ != session_state::incoming_early) return;
  const int status = o.status_code ? o.status_code : 200;
  // Views: our offer or answer stays where sdp_glue keeps it until the response is built.
  std::string_view body = o.body;
  std::string_view content_type = o.content_type;
  if (body.empty()) {
    const media_endpoint local = ua_.media();
    if (setup_->remote_sdp.empty()) {
      body = audio_offer(local, "sendrecv");  // INVITE without SDP: the offer goes in the 2xx
    } else if (const std::string* answer = audio_answer(setup_->remote_sdp, local, "sendrecv")) {
      body = *answer;
    } else {
      reject({.status_code = 488, .reason_phrase = "Not Acceptable Here"});
      return;
    }
    content_type = "application/sdp";
  }
  ua_.wheel_.cancel(retransmit_timer_);  // a reliable 1xx still unacknowledged stops here
  setup_->unacked_1xx.clear();
  setup_->last_2xx = response(status, o.reason_phrase.empty() ? "OK" : o.reason_phrase, o.extra_headers, content_type, body);
  setup_->incoming->respond_kept(status, setup_->last_2xx);
  setup_->incoming = nullptr;  // final: the transaction goes on alone
  dialog_.confirm();
  accepted_ = true;
  start_time_ = ua_.wheel_.now();
  state_ = session_state::waiting_ack;
  // RFC 3261 §13.3.1.4: the UAS core retransmits the 2xx (T1 doubling to T2) until the ACK,
  // over any transport, and gives up after 64*T1.
  retransmit_interval_ = ua_.layer_.timers().t1;
  retransmit_elapsed_ = 0;
  retransmit_timer_ = ua_.wheel_.schedule(retransmit_interval_, on_timer, this, 0);
  emit({.kind = event_kind::accepted, .status = status, .reason = "OK"});
}

void session::reply(const reply_options& o) {
  if (o.status_code < 200) progress(o);
  else if (o.status_code < 300) accept(o);
  else reject(o);
}

void session::reject(const reply_options& o) {
  if (state_ != session_state::incoming && state_ != session_state::incoming_early) return;
  const int status = o.status_code ? o.status_code : 480;
  if (status < 300) return;
  const std::string reason = o.reason_phrase.empty() ? "Temporarily Unavailable" : o.reason_phrase;
  setup_->incoming->respond(status, response(status, reason, o.extra_headers, o.content_type, o.body));
  setup_->incoming = nullptr;  // final: the transaction goes on alone
  emit({.kind = event_kind::rejected, .status = status, .reason = reason});
  end(fmt::format("rejected with {} {}", status, reason));
}

void session::on_cancel_received() {
  if (state_ != session_state::incoming && state_ != session_state::incoming_early) return;
  emit({.kind = event_kind::cancel});
  // §9.2: the INVITE is answered 487, in our dialog's words (our To tag).
  setup_->incoming->respond(487, response(487, "Request Terminated", {}, {}, {}));
  setup_->incoming = nullptr;  // final: the transaction goes on alone
  end("canceled by the caller");
}

bool session::on_ack(const sip::message& ack) {
  if (!awaits_ack(ack.cseq().number)) return false;  // not the ACK of the 2xx we retransmit
  ua_.wheel_.cancel(retransmit_timer_);
  if (state_ == session_state::established) {  // a re-INVITE's 2xx
    reinvite_2xx_.reset();
    return true;
  }
  state_ = session_state::established;  // waiting_ack: the initial INVITE's 2xx
  release_setup();
  return true;
}

void session::release_setup() noexcept {
  ua_.wheel_.cancel(cancel_timer_);
  setup_.reset();
}

// ---- ending ------------------------------------------------------------------------------

void session::cancel() {
  switch (state_) {
    case session_state::calling: state_ = session_state::cancel_pending; return;
    case session_state::proceeding:
      // The INVITE transaction lives until its final response, and a transport error that
      // ends it ends this session too; so its bytes are there unless something broke.
      if (!send_cancel(sent_invite())) {
        end("cancel failed: the INVITE transaction is gone");
        return;
      }
      state_ = session_state::canceling;
      return;
    default: return;
  }
}

void session::terminate() {
  switch (state_) {
    case session_state::calling:
    case session_state::proceeding: cancel(); return;
    case session_state::incoming:
    case session_state::incoming_early: reject({.status_code = 480}); return;
    case session_state::waiting_ack:
    case session_state::established: bye(); return;
    default: return;
  }
}

void session::bye() {
  if (state_ != session_state::established && state_ != session_state::waiting_ack) return;
  ua_.wheel_.cancel(retransmit_timer_);
  if (dtmf_) ua_.wheel_.cancel(dtmf_->timer);
  state_ = session_state::terminating;
  send_in_dialog("BYE", {}, {});
  emit({.kind = event_kind::bye, .local = true});
}

void session::on_timer(void* self, std::uint32_t tag) {
  auto* s = static_cast<session*>(self);
  switch (tag) {
    case 0: {  // 2xx retransmission
      if (s->state_ != session_state::waiting_ack) return;
      s->retransmit_elapsed_ += s->retransmit_interval_;
      if (s->retransmit_elapsed_ >= 64 * s->ua_.layer_.timers().t1) {
        // §13.3.1.4: "If the server retransmits the 2xx response for 64*T1 seconds without
        // receiving an ACK, the dialog is confirmed, but the session SHOULD be terminated."
        s->bye();
        return;
      }
      s->ua_.link_.send(s->peer_, s->setup_->last_2xx);
      s->retransmit_interval_ = std::min(2 * s->retransmit_interval_, s->ua_.layer_.timers().t2);
      s->retransmit_timer_ = s->ua_.wheel_.schedule(s->retransmit_interval_, on_timer, s, 0);
      return;
    }
    case 1: s->send_next_tone(); return;
    case 6: {  // our 2xx to a re-INVITE, until its ACK (§13.3.1.4)
      if (!s->reinvite_2xx_ || s->state_ != session_state::established) return;
      s->retransmit_elapsed_ += s->retransmit_interval_;
      if (s->retransmit_elapsed_ >= 64 * s->ua_.layer_.timers().t1) {
        s->reinvite_2xx_.reset();
        s->bye();  // "the session SHOULD be terminated"
        return;
      }
      s->ua_.link_.send(s->reinvite_2xx_->to, s->reinvite_2xx_->response);
      s->retransmit_interval_ = std::min(2 * s->retransmit_interval_, s->ua_.layer_.timers().t2);
      s->retransmit_timer_ = s->ua_.wheel_.schedule(s->retransmit_interval_, on_timer, s, 6);
      return;
    }
    case 5:
      if (s->state_ == session_state::canceling) s->end("no final response to INVITE after CANCEL");
      return;
    case 3: {  // reliable provisional retransmission (RFC 3262 §3)
      if (s->state_ != session_state::incoming_early || s->setup_->unacked_1xx.empty()) return;
      s->retransmit_elapsed_ += s->retransmit_interval_;
      if (s->retransmit_elapsed_ >= 64 * s->ua_.layer_.timers().t1) {
        // "the UAS SHOULD reject the original request with a 5xx response"
        s->setup_->unacked_1xx.clear();
        s->reject({.status_code = 500, .reason_phrase = "Reliable Provisional Response Not Acknowledged"});
        return;
      }
      s->ua_.link_.send(s->peer_, s->setup_->unacked_1xx);
      s->retransmit_interval_ *= 2;
      s->retransmit_timer_ = s->ua_.wheel_.schedule(s->retransmit_interval_, on_timer, s, 3);
      return;
    }
    case 2:  // §14.1: the glare wait is over
      if (s->reinvite_ == reinvite_state::retry_wait && s->state_ == session_state::established)
        s->send_reinvite(direction_name(s->pending_direction_));
      return;
    default: return;
  }
}

}  // namespace sw::session
