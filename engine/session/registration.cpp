#include "session/registration.hpp"

#include <fmt/format.h>

#include "session/user_agent.hpp"
#include "sip/builder.hpp"
#include "sip/header_values.hpp"
#include "sip/name_addr.hpp"

namespace sw::session {

std::string_view registration_state_name(registration_state s) noexcept {
  switch (s) {
    case registration_state::unregistered: return "unregistered";
    case registration_state::registering: return "registering";
    case registration_state::registered: return "registered";
    case registration_state::unregistering: return "unregistering";
    case registration_state::failed: return "failed";
  }
  return "?";
}

registration::registration(user_agent& ua, registration_options options)
    : ua_(ua), options_(std::move(options)) {
  // §10.2: "the same Call-ID for all registrations" of this binding, CSeq going up.
  call_id_ = fmt::format("{}@sipwright", ua_.new_token());
  from_tag_ = ua_.new_token();
}

registration::~registration() {
  ua_.wheel_.cancel(refresh_timer_);
  // A REGISTER still in flight must not call back a registration that is gone.
  if (!last_branch_.empty()) ua_.layer_.abandon(last_branch_, false);
}

void registration::change(registration_state s, int status) {
  state_ = s;
  if (on_change) on_change(*this, status);
}

void registration::register_binding() {
  auth_.reset();
  change(registration_state::registering, 0);
  send(options_.expires);
}

void registration::unregister() {
  ua_.wheel_.cancel(refresh_timer_);
  auth_.reset();
  change(registration_state::unregistering, 0);
  send(0);
}

void registration::send(std::uint32_t expires, std::string_view credentials_header, std::string_view credentials) {
  asked_ = expires;
  const runtime::short_string branch = ua_.layer_.new_branch();
  sip::out_buffer out;
  sip::message_builder b(out);
  b.request_line("REGISTER", options_.registrar)
      .via(transport::transport_name(ua_.link_.kind()), ua_.local_host_port(), branch)
      .max_forwards(70)
      .header(sip::header_id::from, "<{}>;tag={}", options_.aor, from_tag_)
      .header_parts(sip::header_id::to, "<", options_.aor, ">")
      .header(sip::header_id::call_id, call_id_)
      .cseq(++cseq_, "REGISTER")
      .header(sip::header_id::contact, ua_.contact())
      .header(sip::header_id::expires, "{}", expires)
      .header(sip::header_id::user_agent, "sipwright");
  if (!credentials_header.empty()) b.header(credentials_header, credentials);
  b.finish();
  last_request_.assign(out.data(), out.size());
  last_branch_ = branch;
  ua_.layer_.start_client(ua_.link_, options_.destination, last_request_, branch, sip::method::register_, *this);
}

void registration::on_response(txn::client_transaction&, const sip::message& r) {
  const int status = r.status();
  // Only the answer to the latest REGISTER counts: an unregister may overtake a refresh
  // still in flight, whose 200 must not be read as the unregister's.
  if (status < 200 || r.cseq().number != cseq_) return;
  if (status == 401 || status == 407) {
    if (const auto answer = ua_.answer_challenge(r, auth_, "REGISTER", options_.registrar, {}, reason_)) {
      send(asked_, sip::header_name(answer->header), answer->value);
      return;
    }
    change(registration_state::failed, status);
    return;
  }
  if (status >= 300) {
    reason_ = fmt::format("{} {}", status, r.reason());
    change(registration_state::failed, status);
    return;
  }
  if (asked_ == 0) {
    granted_ = 0;
    reason_ = "unregistered";
    change(registration_state::unregistered, status);
    return;
  }
  // §10.2.4: the registrar may shorten the expiry, in our Contact's expires parameter or in
  // Expires. Refresh before it runs out (at half, as most UAs do, at most 60 s early).
  granted_ = asked_;
  if (const auto e = sip::parse_u32(r.header(sip::header_id::expires))) granted_ = *e;
  auto contacts = r.values(sip::header_id::contact);
  std::string_view v;
  const std::string ours = ua_.contact();
  while (contacts.next(v)) {
    sip::name_addr contact;
    if (sip::parse_name_addr(v, contact)) continue;
    if (ours.find(contact.uri_text) == std::string::npos) continue;
    if (const auto p = contact.param("expires"); p)
      if (const auto e = sip::parse_u32(*p)) granted_ = *e;
  }
  reason_ = "registered";
  auth_.reset();
  const runtime::tick seconds = granted_ > 120 ? granted_ - 60 : std::max<runtime::tick>(granted_ / 2, 1);
  ua_.wheel_.cancel(refresh_timer_);
  refresh_timer_ = ua_.wheel_.schedule(seconds * 1000, refresh, this);
  change(registration_state::registered, status);
}

void registration::refresh(void* self, std::uint32_t) {
  auto* r = static_cast<registration*>(self);
  if (r->state_ == registration_state::registered) {
    r->auth_.reset();
    r->send(r->options_.expires);
  }
}

void registration::on_timeout(txn::client_transaction& t) {
  if (t.request() != last_request_) return;  // a superseded REGISTER
  reason_ = "timeout: no answer from the registrar";
  change(registration_state::failed, 0);
}

void registration::on_transport_error(txn::client_transaction& t, std::error_code ec) {
  if (t.request() != last_request_) return;
  reason_ = "transport error: " + ec.message();
  change(registration_state::failed, 0);
}

}  // namespace sw::session
