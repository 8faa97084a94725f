// Requests inside an established call: BYE, INFO (DTMF), and re-INVITE (hold, unhold,
// reinvite) with RFC 3261 §14.1 glare handling, sent and received.
#include <fmt/format.h>

#include <random>

#include "session/sdp_glue.hpp"
#include "session/session.hpp"
#include "session/user_agent.hpp"
#include "sip/builder.hpp"
#include "txn/derived_requests.hpp"

namespace sw::session {

namespace {

bool valid_tone(char c) {
  return (c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D') || (c >= 'a' && c <= 'd');
}

// application/dtmf-relay: "Signal=5\r\nDuration=160\r\n" (the de-facto format, Cisco and
// Asterisk); application/dtmf: the tone alone (RFC 2976's example body).
bool parse_dtmf_body(std::string_view type, std::string_view body, char& tone, int& duration) {
  auto trim = [](std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r' || v.back() == '\n')) v.remove_suffix(1);
    return v;
  };
  if (type == "application/dtmf") {
    const std::string_view t = trim(body);
    if (t.size() != 1 || !valid_tone(t[0])) return false;
    tone = t[0];
    duration = 0;
    return true;
  }
  tone = 0;
  duration = 0;
  while (!body.empty()) {
    const std::size_t nl = body.find('\n');
    std::string_view line = trim(body.substr(0, nl));
    body = nl == std::string_view::npos ? std::string_view{} : body.substr(nl + 1);
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view name = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
    if ((name == "Signal" || name == "signal") && value.size() == 1 && valid_tone(value[0])) tone = value[0];
    if (name == "Duration" || name == "duration") duration = std::atoi(std::string(value).c_str());
  }
  return tone != 0;
}

std::string_view media_type_of(const sip::message& m) {
  sip::media_type t;
  if (sip::parse_media_type(m.header(sip::header_id::content_type), t)) return {};
  return m.header(sip::header_id::content_type).substr(0, static_cast<std::size_t>(t.subtype.data() + t.subtype.size() -
                                                                                   m.header(sip::header_id::content_type).data()));
}

}  // namespace

void session::send_in_dialog(std::string_view method, std::string_view content_type, std::string_view body,
                             std::string_view extra_headers) {
  send_in(dialog_, method, content_type, body, extra_headers);
}

void session::send_in(dialog::dialog& d, std::string_view method, std::string_view content_type,
                      std::string_view body, std::string_view extra_headers) {
  std::string request;
  const runtime::short_string branch = ua_.layer_.new_branch();
  d.build_request(method, {.branch = branch, .via_sent_by = ua_.local_host_port(),
                           .transport = transport::transport_name(ua_.link_.kind()),
                           .extra_headers = extra_headers, .content_type = content_type, .body = body},
                  request);
  ua_.layer_.start_client(ua_.link_, ua_.next_hop(d, peer_), std::move(request), branch, sip::method_from(method),
                          *this);
}

void session::send_request(std::string_view method, const reply_options& options) {
  if (state_ != session_state::established && state_ != session_state::waiting_ack) return;
  // Methods with their own machinery go through it.
  if (method == "INVITE" || method == "BYE" || method == "ACK" || method == "CANCEL" || method == "PRACK") return;
  send_in_dialog(method, options.content_type, options.body, options.extra_headers);
}

// ---- DTMF over INFO --------------------------------------------------------------------

void session::dtmf(std::string_view tones, const dtmf_options& options) {
  if (state_ != session_state::established && state_ != session_state::waiting_ack) return;
  if (!dtmf_) dtmf_ = std::make_unique<dtmf_queue>();
  for (char c : tones)
    if (valid_tone(c)) dtmf_->tones.push_back(c);
  dtmf_->options = options;
  if (!ua_.wheel_.pending(dtmf_->timer)) send_next_tone();
}

void session::send_next_tone() {
  if (!dtmf_ || dtmf_->tones.empty() ||
      (state_ != session_state::established && state_ != session_state::waiting_ack))
    return;
  const char tone = dtmf_->tones.front();
  dtmf_->tones.erase(dtmf_->tones.begin());
  const dtmf_options& o = dtmf_->options;
  const std::string body = fmt::format("Signal={}\r\nDuration={}\r\n", tone, o.duration);
  send_in_dialog("INFO", "application/dtmf-relay", body, o.extra_headers);
  emit({.kind = event_kind::dtmf, .tone = tone, .duration_ms = o.duration, .local = true});
  // The next tone after this one's duration and the gap (SIP.js semantics).
  if (!dtmf_->tones.empty())
    dtmf_->timer = ua_.wheel_.schedule(static_cast<runtime::tick>(o.duration + o.inter_tone_gap), on_timer, this, 1);
}

void session::on_info(txn::server_transaction& t, const sip::message& request) {
  const std::string_view type = media_type_of(request);
  char tone = 0;
  int duration = 0;
  auto answer = [&](int status, std::string_view reason, std::string_view extra = {}) {
    t.respond(status, txn::build_response(request, status, reason, {.extra_headers = extra}));
  };
  if ((type == "application/dtmf-relay" || type == "application/dtmf") &&
      parse_dtmf_body(type, request.body(), tone, duration)) {
    answer(200, "OK");
    emit({.kind = event_kind::dtmf, .tone = tone, .duration_ms = duration, .local = false});
    return;
  }
  if (request.body().empty()) {
    answer(200, "OK");  // an empty INFO is a keep-alive probe of the dialog
    return;
  }
  // RFC 3261 §21.4.13 and RFC 6086: a body we do not understand is 415, with what we accept.
  answer(415, "Unsupported Media Type", "Accept: application/dtmf-relay, application/dtmf\r\n");
}

// ---- re-INVITE: hold, unhold, reinvite ---------------------------------------------------

namespace {
constexpr std::string_view k_directions[] = {"sendrecv", "sendonly", "recvonly", "inactive"};
}  // namespace

std::uint8_t session::direction_code(std::string_view name) {
  for (std::uint8_t i = 0; i < std::size(k_directions); ++i)
    if (k_directions[i] == name) return i;
  return 0;
}

std::string_view session::direction_name(std::uint8_t code) { return k_directions[code < std::size(k_directions) ? code : 0]; }

void session::hold() {
  if (direction_name(local_direction_) == "sendonly") return;
  send_reinvite("sendonly");
}

void session::unhold() { send_reinvite("sendrecv"); }

void session::reinvite() { send_reinvite(direction_name(local_direction_)); }

void session::send_reinvite(std::string_view direction) {
  if (state_ != session_state::established) return;
  pending_direction_ = direction_code(canonical_direction(direction));
  if (reinvite_ == reinvite_state::pending) return;  // the 2xx of the current one will carry on
  reinvite_ = reinvite_state::pending;
  ++sdp_version_;
  media_endpoint local = ua_.media();
  local.version = sdp_version_;
  send_in_dialog("INVITE", "application/sdp", audio_offer(local, direction_name(pending_direction_)));
}

void session::on_reinvite_response(const sip::message& r) {
  const int status = r.status();
  if (status < 200) return;
  if (status < 300) {
    send_ack(r.cseq().number);
    dialog_.on_refresh_response(r);
    local_direction_ = pending_direction_;
    reinvite_ = reinvite_state::none;
    return;
  }
  if (status == 491) {
    // §14.1: "If the UAC ... owns the Call-ID ... it MUST set a timer with a value randomly
    // chosen between 2.1 and 4 seconds in units of 10 ms. If the UAC does not own the
    // Call-ID, the timer has a randomly chosen value of between 0 and 2 seconds".
    std::uniform_int_distribution<int> tens(outbound_ ? 210 : 0, outbound_ ? 400 : 200);
    reinvite_ = reinvite_state::retry_wait;
    reinvite_timer_ =
        ua_.wheel_.schedule(static_cast<runtime::tick>(tens(ua_.random_) * 10), on_timer, this, 2);
    return;
  }
  reinvite_ = reinvite_state::none;  // refused: the session stays as it was (§14.1)
}

void session::on_reinvite_request(txn::server_transaction& t, const sip::message& request) {
  const std::string contact = "Contact: " + ua_.contact() + "\r\n";
  auto answer = [&](int status, std::string_view reason, std::string_view body) {
    std::string response = txn::build_response(request, status, reason,
                                               {.extra_headers = status < 300 ? std::string_view(contact) : std::string_view{},
                                                .content_type = body.empty() ? std::string_view{} : "application/sdp",
                                                .body = body,
                                                .record_route = true});
    if (status >= 200 && status < 300) {
      // §13.3.1.4 holds for re-INVITEs too: the core retransmits the 2xx until the ACK.
      reinvite_2xx_ =
          std::make_unique<sent_2xx>(sent_2xx{std::move(response), t.peer(), request.cseq().number});
      retransmit_interval_ = ua_.layer_.timers().t1;
      retransmit_elapsed_ = 0;
      ua_.wheel_.cancel(retransmit_timer_);
      retransmit_timer_ = ua_.wheel_.schedule(retransmit_interval_, on_timer, this, 6);
      t.respond_kept(status, reinvite_2xx_->response);
      return;
    }
    t.respond(status, std::move(response));
  };
  // §14.2: "A UAS that receives a second INVITE before it sends the final response to a first
  // INVITE with a lower CSeq ... MUST return a 491" — and so does one with its own re-INVITE
  // pending (glare).
  if (reinvite_ == reinvite_state::pending || state_ == session_state::waiting_ack) {
    answer(491, "Request Pending", {});
    return;
  }
  const std::string_view offered = request.body().empty() ? "sendrecv" : offered_direction(request.body());
  media_endpoint local = ua_.media();
  local.version = ++sdp_version_;
  const std::string* sdp =
      request.body().empty() ? &audio_offer(local, direction_name(local_direction_)) : audio_answer(request.body(), local, answer_direction(offered));
  if (!sdp) {
    answer(488, "Not Acceptable Here", {});
    return;
  }
  answer(200, "OK", *sdp);
  reason_.assign(offered);
  emit({.kind = event_kind::reinvite, .direction = reason_});
}

// ---- requests that arrive in the dialog ------------------------------------------------

void session::on_request(txn::server_transaction& t, const sip::message& request) {
  if (const int status = dialog_.on_request(request)) {
    t.respond_plain(status, "Server Internal Error", request);
    return;
  }
  switch (request.method()) {
    case sip::method::bye:
      t.respond_plain(200, "OK", request);
      emit({.kind = event_kind::bye, .local = false});
      finish("BYE received");
      return;
    case sip::method::info: on_info(t, request); return;
    case sip::method::invite: on_reinvite_request(t, request); return;
    case sip::method::refer: on_refer_request(t, request); return;
    case sip::method::prack: on_prack(t, request); return;
    case sip::method::notify: on_notify(t, request); return;
    default:
      t.respond(405, txn::build_response(request, 405, "Method Not Allowed",
                                         {.extra_headers = "Allow: INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, REFER, NOTIFY\r\n"}));
  }
}

void session::on_prack(txn::server_transaction& t, const sip::message& request) {
  sip::rack rack;
  // RFC 3262 §3: a PRACK whose RAck matches the outstanding reliable 1xx stops its
  // retransmissions and gets 200; one that matches nothing gets 481.
  if (sip::parse_rack(request.header(sip::header_id::rack), rack) || rack.rseq != rseq_ || !setup_ || setup_->unacked_1xx.empty()) {
    t.respond_plain(481, "Call/Transaction Does Not Exist", request);
    return;
  }
  ua_.wheel_.cancel(retransmit_timer_);
  setup_->unacked_1xx.clear();
  t.respond_plain(200, "OK", request);
}

}  // namespace sw::session
