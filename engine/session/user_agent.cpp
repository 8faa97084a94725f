#include "session/user_agent.hpp"

#include <algorithm>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "sip/builder.hpp"
#include "sip/chars.hpp"
#include "sip/request_check.hpp"
#include "txn/derived_requests.hpp"
#include "txn/invite_server.hpp"

namespace sw::session {

namespace {
// A terminated session stays at least this long so that late responses to its transactions
// (Timers D and M are 32 s) still find it; then it is freed. See session_linger().
constexpr runtime::tick k_linger = 40'000;
constexpr runtime::tick k_reap_interval = 1000;

constexpr std::string_view k_methods[] = {"INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "INFO", "REFER", "NOTIFY", "PRACK"};
constexpr std::string_view k_extensions[] = {"replaces", "100rel"};
constexpr std::string_view k_bodies[] = {"application/sdp"};
}  // namespace

user_agent::user_agent(runtime::timer_wheel& wheel, txn::transaction_layer& layer, transport::transport& link,
                       ua_config config)
    : wheel_(wheel), layer_(layer), link_(link), config_(std::move(config)), random_(runtime::splitmix64::from_device()),
      media_address_(link.local().host()), media_session_id_(random_() % 1'000'000'000) {
  layer_.set_server_user(this);
  reaper_ = wheel_.schedule(k_reap_interval, reap, this);
}

user_agent::~user_agent() {
  wheel_.cancel(reaper_);
  layer_.set_server_user(nullptr);
}

// 15 hex digits (60 random bits, well past RFC 3261's 32 for tags) fit std::string's
// short-string buffer, so a tag costs no allocation.
std::string user_agent::new_token() {
  // 60 random bits in 15 hex digits: enough for a tag (RFC 3261 §19.3 asks for 32) and short
  // enough for std::string's inline buffer.
  std::string t(15, '0');
  sip::lex::write_hex(t.data(), random_(), 15);
  return t;
}

const user_agent::local_strings& user_agent::local_text() const {
  // The transport's address is fixed once bound; comparing it keeps the cache honest anyway.
  if (local_.host_port.empty() || !(local_.address == link_.local())) {
    local_.address = link_.local();
    local_.host = local_.address.host();
    local_.host_port = local_.address.host_port();
    local_.contact = link_.kind() == transport::transport_kind::udp
                         ? fmt::format("<sip:{}@{}>", config_.user, local_.host_port)
                         : fmt::format("<sip:{}@{};transport={}>", config_.user, local_.host_port,
                                       transport::transport_name(link_.kind()));
  }
  return local_;
}

media_endpoint user_agent::media() const {
  return {media_address_, link_.local().is_v6(), config_.media_port, media_session_id_, 1};
}

transport::endpoint user_agent::next_hop(const dialog::dialog& d, const transport::endpoint& fallback) const {
  const std::string_view uri = d.next_hop_uri();
  if (uri != last_hop_.uri || last_hop_.uri.empty()) {
    sip::uri hop;
    last_hop_.uri.assign(uri);
    last_hop_.address.reset();
    if (!sip::parse_uri(uri, hop) && hop.is_sip())
      last_hop_.address = transport::endpoint::from_numeric(hop.host, hop.has_port ? hop.port : 5060);
  }
  return last_hop_.address ? *last_hop_.address : fallback;
}

session& user_agent::invite(std::string_view target, const transport::endpoint& destination,
                            const invite_options& options) {
  // 60 random bits and our name: 25 bytes, inside the session's short_string.
  char call_id_text[] = "000000000000000@sipwright";  // the 15 digits are written below
  const std::string_view call_id(call_id_text, sizeof call_id_text - 1);
  do sip::lex::write_hex(call_id_text, random_(), 15);
  while (sessions_.find(call_id));
  // Made before its table entry, so that the entry is never left empty.
  auto made = std::make_unique<session>(*this, true, call_id);
  session& s = *made;
  sessions_.find_or_insert(s.call_id()) = std::move(made);
  s.peer_ = destination;
  s.setup_->local_tag = new_token();

  const local_strings& local = local_text();  // once: each call compares the transport's address
  const std::string_view domain = config_.domain.empty() ? std::string_view(local.host) : config_.domain;
  std::string_view extra = options.extra_headers;
  std::string extra_with_privacy;
  if (options.anonymous) {
    // RFC 3323 §4.1.1.3 and RFC 3325: an anonymous From, and Privacy: id for the identity
    // the network asserts.
    extra_with_privacy = std::string(extra) + "Privacy: id\r\n";
    extra = extra_with_privacy;
  }
  const runtime::short_string branch = layer_.new_branch();
  const std::string_view body = options.without_sdp ? std::string_view{} : audio_offer(media(), "sendrecv");
  const std::string_view tag = s.setup_->local_tag;
  sip::out_buffer out;
  sip::message_builder b(out);
  b.request_line("INVITE", target)
      .via(transport::transport_name(link_.kind()), local.host_port, branch)
      .max_forwards(70);
  const std::size_t from_line = out.size();
  if (options.anonymous)
    b.header_parts(sip::header_id::from, "\"Anonymous\" <sip:anonymous@anonymous.invalid>;tag=", tag);
  else if (!config_.display_name.empty())
    b.header_parts(sip::header_id::from, "\"", config_.display_name, "\" <sip:", config_.user, "@", domain, ">;tag=",
                   tag);
  else
    b.header_parts(sip::header_id::from, "<sip:", config_.user, "@", domain, ">;tag=", tag);
  const std::size_t from_end = out.size();
  b.header_parts(sip::header_id::to, "<", target, ">")
      .header(sip::header_id::call_id, s.call_id())
      .cseq(1, "INVITE");
  const std::size_t contact_line = out.size();
  b.header(sip::header_id::contact, local.contact)
      .header(sip::header_id::allow, "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, REFER, NOTIFY")
      .header(sip::header_id::user_agent, "sipwright");
  if (options.rel100 == rel100_mode::supported) b.header(sip::header_id::supported, "100rel, replaces");
  else b.header(sip::header_id::supported, "replaces");
  if (options.rel100 == rel100_mode::required) b.header(sip::header_id::require, "100rel");
  if (!extra.empty()) out.append(extra);
  b.finish(body.empty() ? std::string_view{} : "application/sdp", body);
  const std::size_t k_from = sip::header_line_start(sip::header_id::from).size();
  const std::size_t k_contact = sip::header_line_start(sip::header_id::contact).size();
  if (out.size() <= 0xffff)
    s.setup_->own = {.from_at = static_cast<std::uint16_t>(from_line + k_from),
                     .from_size = static_cast<std::uint16_t>(from_end - 2 - from_line - k_from),
                     .contact_at = static_cast<std::uint16_t>(contact_line + k_contact),
                     .contact_size = static_cast<std::uint16_t>(local.contact.size()),
                     .uri_size = static_cast<std::uint16_t>(target.size()),
                     .has_body = !body.empty()};
  s.setup_->invite_branch = branch;
  layer_.start_client(link_, destination, std::string(out.data(), out.size()), branch, sip::method::invite,
                      s);
  return s;
}

session* user_agent::find_session(const sip::message& m) {
  const auto* found = sessions_.find(m.call_id());
  if (!found) return nullptr;
  session& s = **found;
  return s.dialog_valid_ && s.dialog_.matches(m) ? &s : nullptr;
}

bool user_agent::on_request(txn::server_transaction& t, const sip::message& m) {
  if (!m.to().tag().empty()) {
    session* s = find_session(m);
    if (!s || s->state_ == session_state::terminated) return false;  // the layer answers 481
    s->on_request(t, m);
    return true;
  }
  if (m.method() != sip::method::invite) return false;  // OPTIONS and the rest: the fallback
  if (sessions_.find(m.call_id())) {
    // §8.2.2.2: the same Call-ID and From tag again without a To tag is a merged request.
    t.respond(482, txn::build_response(m, 482, "Loop Detected", {.to_tag = new_token()}));
    return true;
  }
  const sip::check_result check = sip::check_request(m, {k_methods, k_extensions, k_bodies});
  if (check) {
    std::string extra;
    if (check.status == 420) {
      extra = "Unsupported: ";
      for (std::size_t i = 0; i < check.unsupported_count; ++i)
        extra.append(i ? ", " : "").append(check.unsupported[i]);
      extra += "\r\n";
    } else if (check.status == 415) {
      extra = "Accept: application/sdp\r\n";
    }
    t.respond(check.status, txn::build_response(m, check.status, check.reason,
                                                {.to_tag = new_token(), .extra_headers = extra}));
    return true;
  }

  // A new INVITE without a To tag has an INVITE server transaction (the layer made it so).
  if (config_.trying_at_once) static_cast<txn::invite_server&>(t).send_trying(m);
  auto made = std::make_unique<session>(*this, false, m.call_id());
  session& s = *made;
  sessions_.find_or_insert(s.call_id()) = std::move(made);  // absent: checked above
  s.peer_ = t.peer();
  s.invite_cseq_ = m.cseq().number;
  s.setup_->incoming = &t;
  s.setup_->incoming_branch = t.branch();
  s.setup_->local_tag = new_token();
  s.dialog_ = dialog::dialog::from_uas(m, s.setup_->local_tag, contact());
  s.dialog_valid_ = true;
  // The header lines every answer to this INVITE repeats (§8.2.6.2, §12.1.1 Record-Route).
  sip::out_buffer head;
  txn::write_response_headers(head, m, {.to_tag = s.setup_->local_tag, .record_route = true});
  s.setup_->response_headers = head.view();
  // RFC 3262 §3: reliable provisionals when the caller requires them, or supports them and
  // we are set to use them.
  s.reliable_1xx_ = sip::list_contains(m.header(sip::header_id::require), "100rel") ||
                    (config_.answer_rel100 != rel100_mode::none &&
                     sip::list_contains(m.header(sip::header_id::supported), "100rel"));
  // The offer is a view into the INVITE until the application has had its say (on_invite,
  // or the `replaced` event of the call this one replaces): most answer there. The INVITE's
  // bytes go with this dispatch, so an offer still to answer then gets its own copy.
  s.setup_->remote_sdp = m.body();
  // RFC 3891 §3: an INVITE with Replaces naming no session we have is 481.
  if (m.find(sip::header_id::replaces) && !replace_existing(m, s))
    s.reject({.status_code = 481, .reason_phrase = "Call/Transaction Does Not Exist"});
  else if (on_invite)
    on_invite(s);
  else
    s.reject({.status_code = 480});
  // `head` and the INVITE's bytes go with this dispatch: what an unanswered call still needs
  // of them is copied; an answered one needs neither.
  if (s.setup_) {
    const bool unanswered = s.state_ == session_state::incoming || s.state_ == session_state::incoming_early;
    auto keep = [unanswered](std::string_view& view, std::string& copy) {
      if (unanswered && !view.empty()) {
        copy.assign(view);
        view = copy;
      } else if (!unanswered) {
        view = {};
      }
    };
    keep(s.setup_->response_headers, s.setup_->response_headers_copy);
    keep(s.setup_->remote_sdp, s.setup_->remote_sdp_copy);
  }
  return true;
}

void user_agent::on_ack(const sip::message& ack, const transport::endpoint&, transport::transport&) {
  if (session* s = find_session(ack)) s->on_ack(ack);
}

bool user_agent::on_awaited_ack(const sip::message& ack) {
  session* s = find_session(ack);
  return s && s->on_ack(ack);
}

void user_agent::on_cancel(txn::server_transaction& invite, const sip::message& cancel) {
  // The CANCEL carries its INVITE's Call-ID (§9.1): the session is found by it, and checked
  // to own this very transaction.
  const auto* found = sessions_.find(cancel.call_id());
  if (!found) return;
  session& s = **found;
  if (s.setup_ && s.setup_->incoming == &invite && s.setup_->incoming_branch == invite.branch()) s.on_cancel_received();
}

std::optional<user_agent::credentials> user_agent::answer_challenge(const sip::message& r, auth_attempts& attempts,
                                                                  std::string_view method, std::string_view uri,
                                                                  std::string_view body, std::string& why_not) {
  const auto challenge_id = challenge_header_for(r.status());
  const auto credentials_id = credentials_header_for(r.status());
  if (!challenge_id || !credentials_id) return std::nullopt;
  if (config_.password.empty()) {
    why_not = fmt::format("{} {} (no credentials to answer with)", r.status(), r.reason());
    return std::nullopt;
  }
  std::vector<sip::digest_challenge> challenges;
  for (const auto& h : r.headers()) {
    if (h.id != *challenge_id) continue;
    sip::digest_challenge ch;
    if (!sip::parse_challenge(h.value, ch)) challenges.push_back(ch);
  }
  const auto pick = pick_challenge(challenges);
  if (!pick) {
    why_not = fmt::format("{} {} (no challenge we support)", r.status(), r.reason());
    return std::nullopt;
  }
  // A second challenge after an answered one, not stale, means the credentials are wrong: the
  // request ends with that reason instead of looping.
  const auth_verdict verdict = attempts.judge(challenges[*pick]);
  if (!should_answer(verdict)) {
    why_not = fmt::format("{} {} ({})", r.status(), r.reason(), describe(verdict));
    return std::nullopt;
  }
  auto value = digest_.answer(challenges[*pick], {.method = method,
                                                  .uri = uri,
                                                  .username = config_.auth_user.empty() ? config_.user : config_.auth_user,
                                                  .password = config_.password,
                                                  .body = body});
  if (!value) {
    why_not = fmt::format("{} {} ({})", r.status(), r.reason(), value.error().message());
    return std::nullopt;
  }
  return credentials{*credentials_id, std::move(value).value()};
}

void user_agent::on_transport_error(txn::server_transaction& t, std::error_code ec) {
  // The INVITE's transaction ended under a ringing call (a TCP caller gone): the session must
  // not answer through it any more.
  session* hit = nullptr;
  sessions_.for_each([&](std::unique_ptr<session>& s) {
    if (s->setup_ && s->setup_->incoming == &t && s->setup_->incoming_branch == t.branch()) hit = s.get();
  });
  if (!hit) return;
  hit->setup_->incoming = nullptr;
  hit->end("transport error: " + ec.message());
}

std::string_view user_agent::call_id_of(const std::unique_ptr<session>& s) noexcept {
  return s ? s->call_id() : std::string_view();
}

runtime::tick session_linger(const txn::timer_config& t) noexcept {
  // Its transactions call a session back until their last timer: Timers M, L and J at 64*T1,
  // D at timer_d, B and F at the configured timeout (a CANCEL's transaction outlives its
  // session). A session freed before would be called after it is gone.
  constexpr runtime::tick k_margin = 1000;
  return std::max({k_linger, 64 * t.t1 + k_margin, t.timer_f() + k_margin, t.timer_d + k_margin});
}

void user_agent::forget_later(session& s) {
  dying_.emplace_back(wheel_.now() + session_linger(layer_.timers()), &s);
}

void user_agent::reap(void* self, std::uint32_t) {
  auto* ua = static_cast<user_agent*>(self);
  // dying_ is in time order: free its due prefix.
  std::size_t due = 0;
  while (due < ua->dying_.size() && ua->dying_[due].first <= ua->wheel_.now()) {
    if (auto* found = ua->sessions_.find(ua->dying_[due].second->call_id())) ua->sessions_.erase(found);
    ++due;
  }
  ua->dying_.erase(ua->dying_.begin(), ua->dying_.begin() + static_cast<std::ptrdiff_t>(due));
  ua->reaper_ = ua->wheel_.schedule(k_reap_interval, reap, ua);
}

}  // namespace sw::session
