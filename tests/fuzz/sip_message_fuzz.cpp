// libFuzzer target for the SIP message layer (engine/sip). Built and run by scripts/fuzz.sh.
//
// For every input it:
//  (a) parses it as a datagram and as a stream message, in a fresh message whose buffer slack
//      beyond the input is ASan-poisoned (so a read one byte past the message is reported even
//      though message::buffer_ is larger), and again in a reused message (stale state after
//      reset()); on success it walks every typed view, runs check_request, serializes the
//      message and re-parses the output, aborting when a key field differs, and builds a
//      response and a copy of the request with message_builder, which must parse as well;
//  (b) runs frame() over it;
//  (c) runs parse_uri, unescape and the single-value parsers over it as text.
// Header values handed to the value parsers are first copied into exactly sized heap blocks,
// so a parser that reads past the end of its view trips ASan as well.
//
// Build flags (scripts/fuzz.sh) add -D_GLIBCXX_ASSERTIONS (bounds-checked string_view::operator[])
// and -D_GLIBCXX_SANITIZE_VECTOR (vector capacity slack poisoned).
#include <sanitizer/asan_interface.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "sip/auth.hpp"
#include "sip/builder.hpp"
#include "sip/error.hpp"
#include "sip/framing.hpp"
#include "sip/header_id.hpp"
#include "sip/header_values.hpp"
#include "sip/message.hpp"
#include "sip/method.hpp"
#include "sip/name_addr.hpp"
#include "sip/params.hpp"
#include "sip/request_check.hpp"
#include "sip/uri.hpp"

namespace sip = sw::sip;

namespace {

// Mirrors k_initial_buffer in engine/sip/message.cpp: a fresh message's buffer holds at least this.
constexpr std::size_t k_message_initial_buffer = 4096;

// Keeps the optimizer from dropping reads whose only purpose is to let ASan see them.
volatile std::size_t g_sink = 0;
void touch(std::string_view s) {
  std::size_t h = s.size();
  for (char c : s) h = h * 31 + static_cast<unsigned char>(c);
  g_sink = g_sink + h;
}

[[noreturn]] void die(const char* what, std::string_view a = {}, std::string_view b = {}) {
  std::fprintf(stderr, "\n==sip_message_fuzz== INVARIANT VIOLATED: %s\n  first : [%.*s]\n  second: [%.*s]\n", what,
               static_cast<int>(std::min<std::size_t>(a.size(), 400)), a.data(),
               static_cast<int>(std::min<std::size_t>(b.size(), 400)), b.data());
  std::abort();
}

void expect_eq(const char* what, std::string_view a, std::string_view b) {
  if (a != b) die(what, a, b);
}
void expect_eq(const char* what, long long a, long long b) {
  if (a != b) die(what, std::to_string(a), std::to_string(b));
}

// A view must lie inside the text it was cut from (empty views may point anywhere).
void expect_within(const char* what, std::string_view part, std::string_view whole) {
  if (part.empty()) return;
  const auto* b = part.data();
  if (b < whole.data() || b + part.size() > whole.data() + whole.size()) die(what, part, whole);
  touch(part);
}

// An exactly sized heap copy of a view: reading one byte past it is a heap-buffer-overflow.
class exact {
 public:
  explicit exact(std::string_view s) : size_(s.size()), data_(new char[s.size() ? s.size() : 1]) {
    if (size_) std::memcpy(data_.get(), s.data(), size_);
  }
  std::string_view view() const { return {data_.get(), size_}; }

 private:
  std::size_t size_;
  std::unique_ptr<char[]> data_;
};

// ---- single-value parsers -------------------------------------------------------------------

void walk_uri(const sip::uri& u, std::string_view text) {
  expect_within("uri.scheme_text", u.scheme_text, text);
  expect_within("uri.user", u.user, text);
  expect_within("uri.password", u.password, text);
  expect_within("uri.host", u.host, text);
  expect_within("uri.params", u.params, text);
  expect_within("uri.headers", u.headers, text);
  expect_within("uri.opaque", u.opaque, text);
  touch(u.transport());
  if (auto lr = u.param("lr")) touch(*lr);
  if (auto maddr = u.param("maddr")) touch(*maddr);
  touch(sip::unescape(u.user));
  touch(sip::unescape(u.headers));
  (void)u.is_sip();
  (void)u.host_is_ipv6();
}

void check_uri(std::string_view text) {
  const exact copy(text);
  sip::uri u;
  const sip::parse_error e = sip::parse_uri(copy.view(), u, 7);
  if (!e) walk_uri(u, copy.view());
  // "sip:" URIs may take a vector shortcut (uri.cpp, parse_plain_sip) that "SIP:" never
  // takes: the two spellings must give the same error, fields and places.
  if (!text.starts_with("sip:")) return;
  std::string upper(text);
  upper[0] = 'S', upper[1] = 'I', upper[2] = 'P';
  const exact other(upper);
  sip::uri v;
  const sip::parse_error f = sip::parse_uri(other.view(), v, 7);
  expect_eq("uri shortcut: error", static_cast<long long>(e.code), static_cast<long long>(f.code));
  expect_eq("uri shortcut: error offset", e.offset, f.offset);
  if (e) return;
  auto place = [](std::string_view part, std::string_view whole) -> long long {
    return part.data() ? part.data() - whole.data() : -1;
  };
  for (auto [a, b] : {std::pair{u.user, v.user}, {u.password, v.password}, {u.host, v.host}, {u.params, v.params},
                      {u.headers, v.headers}, {u.opaque, v.opaque}}) {
    expect_eq("uri shortcut: field", a, b);
    expect_eq("uri shortcut: place", place(a, copy.view()), place(b, other.view()));
  }
  expect_eq("uri shortcut: port", u.port, v.port);
  expect_eq("uri shortcut: has_port", u.has_port, v.has_port);
}

void check_unescape(std::string_view text) {
  const exact copy(text);
  const std::string decoded = sip::unescape(copy.view());
  if (decoded.size() > text.size()) die("unescape grew the text", decoded, text);
  // The raw-buffer overload into an exactly sized block: writing past text.size() trips ASan.
  std::unique_ptr<char[]> out(new char[text.size() ? text.size() : 1]);
  const std::size_t n = sip::unescape(copy.view(), out.get());
  expect_eq("unescape overloads disagree", decoded, std::string_view(out.get(), n));
}

void walk_name_addr(const sip::name_addr& na, std::string_view text) {
  expect_within("name_addr.display_name", na.display_name, text);
  expect_within("name_addr.uri_text", na.uri_text, text);
  expect_within("name_addr.params", na.params, text);
  touch(na.tag());
  if (auto e = na.param("expires")) touch(*e);
  if (!na.star) walk_uri(na.uri, text);
}

void check_name_addr(std::string_view value, bool allow_star) {
  const exact copy(value);
  sip::name_addr na;
  if (!sip::parse_name_addr(copy.view(), na, 3, {.allow_star = allow_star})) walk_name_addr(na, copy.view());
}

void check_via(std::string_view value) {
  const exact copy(value);
  const std::string_view s = copy.view();
  sip::via v;
  if (sip::parse_via(s, v, 11)) return;
  expect_within("via.protocol_name", v.protocol_name, s);
  expect_within("via.protocol_version", v.protocol_version, s);
  expect_within("via.transport", v.transport, s);
  expect_within("via.host", v.host, s);
  expect_within("via.params", v.params, s);
  expect_within("via.branch", v.branch, s);
  expect_within("via.received", v.received, s);
  expect_within("via.maddr", v.maddr, s);
  (void)v.rfc3261_branch();
  if (auto b = v.param("branch")) touch(*b);
  if (auto t = v.param("ttl")) touch(*t);
}

void check_challenge(std::string_view value) {
  const exact copy(value);
  sip::digest_challenge c;
  if (sip::parse_challenge(copy.view(), c)) return;
  for (auto part : {c.scheme, c.params, c.realm, c.nonce, c.opaque, c.algorithm, c.qop, c.domain})
    expect_within("digest_challenge field", part, copy.view());
  (void)c.is_digest();
  (void)c.offers_qop_auth();
}

void check_credentials(std::string_view value) {
  const exact copy(value);
  sip::digest_credentials c;
  if (sip::parse_credentials(copy.view(), c)) return;
  for (auto part : {c.scheme, c.params, c.username, c.realm, c.nonce, c.uri, c.response, c.algorithm, c.cnonce,
                    c.opaque, c.qop, c.nc})
    expect_within("digest_credentials field", part, copy.view());
  (void)c.is_digest();
  // The digest-uri is a URI of its own.
  if (!c.uri.empty()) check_uri(sip::unescape(c.uri));
}

void check_auth_params(std::string_view value) {
  const exact copy(value);
  sip::auth_param_cursor cursor(copy.view());
  std::string_view name, v;
  for (int guard = 0; cursor.next(name, v); ++guard) {
    if (guard > 10000) die("auth_param_cursor does not advance", copy.view());
    expect_within("auth param name", name, copy.view());
    expect_within("auth param value", v, copy.view());
  }
}

void check_params(std::string_view value) {
  for (auto syntax : {sip::param_syntax::header, sip::param_syntax::uri}) {
    const exact copy(value);
    sip::param_cursor cursor(copy.view(), syntax);
    sip::param p;
    for (int guard = 0; cursor.next(p); ++guard) {
      if (guard > 10000) die("param_cursor does not advance", copy.view());
      expect_within("param name", p.name, copy.view());
      expect_within("param value", p.value, copy.view());
    }
    touch(sip::find_param(copy.view(), "tag", syntax).value_or(""));
    (void)sip::check_params(copy.view(), syntax);
  }
}

void check_comma_list(std::string_view value) {
  const exact copy(value);
  sip::comma_cursor cursor(copy.view());
  std::string_view element;
  std::size_t offset = 0;
  for (int guard = 0; cursor.next(element, offset); ++guard) {
    if (guard > 100000) die("comma_cursor does not advance", copy.view());
    expect_within("comma element", element, copy.view());
    if (offset > value.size()) die("comma_cursor offset past the text", copy.view());
  }
  (void)sip::list_contains(copy.view(), "100rel");
}

// Every parser that takes one header value, by header id.
void check_value(sip::header_id id, std::string_view value) {
  const exact copy(value);
  const std::string_view s = copy.view();
  switch (id) {
    case sip::header_id::via: check_via(s); break;
    case sip::header_id::contact: check_name_addr(s, true); break;
    case sip::header_id::from:
    case sip::header_id::to:
    case sip::header_id::route:
    case sip::header_id::record_route:
    case sip::header_id::refer_to:
    case sip::header_id::referred_by:
    case sip::header_id::reply_to:
    case sip::header_id::p_asserted_identity:
    case sip::header_id::p_preferred_identity: check_name_addr(s, false); break;
    case sip::header_id::www_authenticate:
    case sip::header_id::proxy_authenticate: check_challenge(s); check_auth_params(s); break;
    case sip::header_id::authorization:
    case sip::header_id::proxy_authorization: check_credentials(s); check_auth_params(s); break;
    case sip::header_id::cseq: {
      sip::cseq c;
      if (!sip::parse_cseq(s, c)) expect_within("cseq.method", c.method, s);
      break;
    }
    case sip::header_id::rack: {
      sip::rack r;
      if (!sip::parse_rack(s, r)) expect_within("rack.method", r.method, s);
      break;
    }
    case sip::header_id::rseq:
    case sip::header_id::expires:
    case sip::header_id::min_expires:
    case sip::header_id::content_length:
    case sip::header_id::max_forwards: (void)sip::parse_u32(s); break;
    case sip::header_id::event:
    case sip::header_id::allow_events: {
      sip::event e;
      if (!sip::parse_event(s, e)) {
        expect_within("event.type", e.type, s);
        touch(e.id());
      }
      break;
    }
    case sip::header_id::subscription_state: {
      sip::subscription_state st;
      if (!sip::parse_subscription_state(s, st)) {
        expect_within("subscription_state.state", st.state, s);
        (void)st.expires();
        touch(st.reason());
      }
      break;
    }
    case sip::header_id::replaces: {
      sip::replaces r;
      if (!sip::parse_replaces(s, r)) {
        expect_within("replaces.call_id", r.call_id, s);
        expect_within("replaces.to_tag", r.to_tag, s);
        expect_within("replaces.from_tag", r.from_tag, s);
      }
      break;
    }
    case sip::header_id::content_type:
    case sip::header_id::accept: {
      sip::media_type t;
      if (!sip::parse_media_type(s, t)) {
        expect_within("media_type.type", t.type, s);
        expect_within("media_type.subtype", t.subtype, s);
        (void)t.is("application", "sdp");
      }
      break;
    }
    default: break;
  }
}

// ---- a parsed message ---------------------------------------------------------------------

// Parses `bytes` into a fresh message through prepare()/parse_prepared(), with every byte of
// the owned buffer past the input poisoned for the duration of the parse and the walk.
class poisoned_message {
 public:
  poisoned_message(std::string_view bytes, const sip::parse_options& options) {
    char* p = msg_.prepare(bytes.size());
    if (!bytes.empty()) std::memcpy(p, bytes.data(), bytes.size());
    buffer_ = p;
    slack_ = std::max(bytes.size(), k_message_initial_buffer) - bytes.size();
    ASAN_POISON_MEMORY_REGION(buffer_ + bytes.size(), slack_);
    poisoned_at_ = buffer_ + bytes.size();
    error_ = msg_.parse_prepared(bytes.size(), options);
  }
  ~poisoned_message() { ASAN_UNPOISON_MEMORY_REGION(poisoned_at_, slack_); }
  poisoned_message(const poisoned_message&) = delete;
  poisoned_message& operator=(const poisoned_message&) = delete;

  const sip::message& msg() const { return msg_; }
  const sip::parse_error& error() const { return error_; }

 private:
  sip::message msg_;
  char* buffer_ = nullptr;
  char* poisoned_at_ = nullptr;
  std::size_t slack_ = 0;
  sip::parse_error error_;
};

// What is readable after any parse, failed or not ("what was read before it is still there").
void touch_partial(const sip::message& m) {
  touch(m.method_text());
  touch(m.request_uri_text());
  touch(m.version());
  touch(m.reason());
  for (const auto& h : m.headers()) {
    touch(h.name);
    touch(h.value);
  }
  touch(m.body());
  touch(m.bytes());
}

constexpr std::array<std::string_view, 8> k_methods = {"INVITE", "ACK", "BYE", "CANCEL", "OPTIONS",
                                                       "REGISTER", "PRACK", "UPDATE"};
constexpr std::array<std::string_view, 3> k_extensions = {"100rel", "timer", "replaces"};
constexpr std::array<std::string_view, 3> k_body_types = {"application/sdp", "application/dtmf-relay", "text"};

void walk_message(const sip::message& m) {
  touch_partial(m);
  const std::string_view all = m.bytes();

  // The typed views checked while parsing point into the framed message.
  expect_within("top_via.branch", m.top_via().branch, all);
  expect_within("from.uri_text", m.from().uri_text, all);
  expect_within("to.uri_text", m.to().uri_text, all);
  expect_within("call_id", m.call_id(), all);
  expect_within("cseq.method", m.cseq().method, all);
  expect_within("body", m.body(), all);
  touch(m.from().tag());
  touch(m.to().tag());
  (void)m.top_via().rfc3261_branch();
  if (auto r = m.top_via().param("received")) touch(*r);
  if (m.is_request()) walk_uri(m.request_uri(), all);
  touch(sip::method_name(m.method()));
  // The URIs a message carries are where the "sip:" shortcut is taken: each is checked
  // against its "SIP:" spelling too.
  check_uri(m.request_uri_text());
  check_uri(m.from().uri_text);
  check_uri(m.to().uri_text);
  check_uri(m.contact_uri());

  // value_cursor over the list-valued headers the brief names, each value parsed on its own.
  for (auto id : {sip::header_id::via, sip::header_id::contact, sip::header_id::route,
                  sip::header_id::record_route, sip::header_id::require, sip::header_id::supported,
                  sip::header_id::allow, sip::header_id::accept}) {
    auto cursor = m.values(id);
    std::string_view value;
    std::uint32_t offset = 0;
    for (int guard = 0; cursor.next(value, offset); ++guard) {
      if (guard > 100000) die("value_cursor does not advance");
      expect_within("value_cursor value", value, all);
      if (id == sip::header_id::via) check_via(value);
      else if (id == sip::header_id::contact) check_name_addr(value, true);
      else if (id == sip::header_id::route || id == sip::header_id::record_route) check_name_addr(value, false);
      else check_value(id, value);
    }
  }

  // Every header line: lookups by name and id, and the single-value parsers.
  for (const auto& h : m.headers()) {
    if (m.find(h.name) == nullptr) die("find(name) misses a header that was parsed", h.name);
    touch(m.header(h.id));
    (void)m.count(h.id);
    touch(sip::header_name(h.id));
    check_value(h.id, h.value);
    check_comma_list(h.value);
    check_params(h.value);
  }

  const sip::ua_capabilities caps{k_methods, k_extensions, k_body_types};
  const sip::check_result r = sip::check_request(m, caps);
  touch(r.reason);
  if (r.unsupported_count > r.unsupported.size()) die("check_request unsupported_count overflow");
  for (std::size_t i = 0; i < r.unsupported_count; ++i) expect_within("unsupported tag", r.unsupported[i], all);
  const sip::ua_capabilities none{};
  touch(sip::check_request(m, none).reason);
  (void)sip::response_acceptable(m);
}

void compare_key_fields(const char* what, const sip::message& a, const sip::message& b) {
  std::string label;
  auto field = [&](const char* name) {
    label = std::string(what) + ": " + name;
    return label.c_str();
  };
  expect_eq(field("is_request"), a.is_request(), b.is_request());
  expect_eq(field("method"), a.method_text(), b.method_text());
  expect_eq(field("method id"), static_cast<int>(a.method()), static_cast<int>(b.method()));
  expect_eq(field("request URI"), a.request_uri_text(), b.request_uri_text());
  expect_eq(field("version"), a.version(), b.version());
  expect_eq(field("status"), a.status(), b.status());
  expect_eq(field("reason"), a.reason(), b.reason());
  expect_eq(field("call_id"), a.call_id(), b.call_id());
  expect_eq(field("cseq number"), a.cseq().number, b.cseq().number);
  expect_eq(field("cseq method"), a.cseq().method, b.cseq().method);
  expect_eq(field("from tag"), a.from().tag(), b.from().tag());
  expect_eq(field("to tag"), a.to().tag(), b.to().tag());
  expect_eq(field("from uri"), a.from().uri_text, b.from().uri_text);
  expect_eq(field("to uri"), a.to().uri_text, b.to().uri_text);
  expect_eq(field("top via branch"), a.top_via().branch, b.top_via().branch);
  expect_eq(field("top via host"), a.top_via().host, b.top_via().host);
  expect_eq(field("via count"), static_cast<long long>(a.via_count()), static_cast<long long>(b.via_count()));
  expect_eq(field("max_forwards"), a.max_forwards(), b.max_forwards());
  expect_eq(field("header count"), static_cast<long long>(a.headers().size()),
            static_cast<long long>(b.headers().size()));
  for (std::size_t i = 0; i < a.headers().size() && i < b.headers().size(); ++i) {
    expect_eq(field("header name"), a.headers()[i].name, b.headers()[i].name);
    expect_eq(field("header value"), a.headers()[i].value, b.headers()[i].value);
  }
  expect_eq(field("body"), a.body(), b.body());
}

void round_trip(const sip::message& m, const sip::parse_options& options) {
  sip::out_buffer out;
  sip::serialize(m, out);
  const std::string_view text(out.data(), out.size());
  const exact copy(text);
  poisoned_message again(copy.view(), options);
  if (again.error()) {
    std::fprintf(stderr, "\n==sip_message_fuzz== re-parse of serialize() failed: %.*s at offset %u\n",
                 static_cast<int>(again.error().what().size()), again.error().what().data(),
                 again.error().offset);
    die("parse(serialize(m)) fails", text);
  }
  compare_key_fields("round trip", m, again.msg());
  // serialize is a fixed point after one round.
  sip::out_buffer out2;
  sip::serialize(again.msg(), out2);
  expect_eq("serialize(parse(serialize(m))) != serialize(m)", text, std::string_view(out2.data(), out2.size()));
}

// message_builder: answer a parsed request and rebuild it from its typed fields, the way the
// UA layer does; both outputs must parse and carry the dialog and transaction identifiers.
void check_builder(const sip::message& m, const sip::parse_options& options) {
  if (!m.is_request()) return;
  {
    sip::out_buffer out;
    sip::message_builder b(out);
    b.status_line(200, "OK");
    b.copy(m, sip::header_id::via);
    b.copy(m, sip::header_id::record_route);
    b.header(sip::header_id::from, m.header(sip::header_id::from));
    b.header("To", m.header(sip::header_id::to));
    b.header(sip::header_id::call_id, m.call_id());
    b.cseq(m.cseq().number, m.cseq().method);
    b.finish("application/sdp", m.body());
    const exact copy(std::string_view(out.data(), out.size()));
    poisoned_message r(copy.view(), options);
    if (r.error()) die("a response built from a parsed request does not parse", copy.view(), r.error().what());
    expect_eq("response: call_id", r.msg().call_id(), m.call_id());
    expect_eq("response: cseq number", r.msg().cseq().number, m.cseq().number);
    expect_eq("response: cseq method", r.msg().cseq().method, m.cseq().method);
    expect_eq("response: top via branch", r.msg().top_via().branch, m.top_via().branch);
    expect_eq("response: via count", static_cast<long long>(r.msg().via_count()), static_cast<long long>(m.via_count()));
    expect_eq("response: from tag", r.msg().from().tag(), m.from().tag());
    expect_eq("response: to tag", r.msg().to().tag(), m.to().tag());
    expect_eq("response: body", r.msg().body(), m.body());
  }
  // message_builder::via always writes ;branch=, so an RFC 2543 Via (no branch) is not rebuilt.
  if (!m.top_via().branch.empty()) {
    const sip::via& v = m.top_via();
    std::string sent_by(v.host);
    if (v.has_port) sent_by += ":" + std::to_string(v.port);
    sip::out_buffer out;
    sip::message_builder b(out);
    b.request_line(m.method_text(), m.request_uri_text());
    b.via(v.transport, sent_by, v.branch, v.has_rport);
    b.max_forwards(70);
    b.header(sip::header_id::from, m.header(sip::header_id::from));
    b.header(sip::header_id::to, m.header(sip::header_id::to));
    b.header(sip::header_id::call_id, "{}", m.call_id());
    b.cseq(m.cseq().number, m.cseq().method);
    b.finish(m.header(sip::header_id::content_type), m.body());
    const exact copy(std::string_view(out.data(), out.size()));
    poisoned_message r(copy.view(), options);
    // The request URI may be one the parser accepts only with a deferred error (505 and such
    // never reach here: m parsed cleanly), so the rebuilt request must parse too.
    if (r.error()) die("a request rebuilt from a parsed request does not parse", copy.view(), r.error().what());
    expect_eq("rebuilt: method", r.msg().method_text(), m.method_text());
    expect_eq("rebuilt: request URI", r.msg().request_uri_text(), m.request_uri_text());
    expect_eq("rebuilt: call_id", r.msg().call_id(), m.call_id());
    expect_eq("rebuilt: cseq number", r.msg().cseq().number, m.cseq().number);
    expect_eq("rebuilt: top via branch", r.msg().top_via().branch, m.top_via().branch);
    expect_eq("rebuilt: top via host", r.msg().top_via().host, m.top_via().host);
    expect_eq("rebuilt: from tag", r.msg().from().tag(), m.from().tag());
    expect_eq("rebuilt: to tag", r.msg().to().tag(), m.to().tag());
    expect_eq("rebuilt: body", r.msg().body(), m.body());
  }
}

void check_message(std::string_view input, const sip::parse_options& options, sip::message& reused) {
  poisoned_message fresh(input, options);
  const sip::parse_error& e = fresh.error();
  touch(e.what());
  touch(sip::make_error_code(e.code).message());
  touch_partial(fresh.msg());

  // The same bytes in a message that parsed something else before: reset() must leave no trace.
  const sip::parse_error e2 = reused.parse(input, options);
  expect_eq("reused message: error code", static_cast<int>(e.code), static_cast<int>(e2.code));
  expect_eq("reused message: error offset", e.offset, e2.offset);
  expect_eq("reused message: error answer", e.answer, e2.answer);

  if (e) return;
  if (fresh.msg().bytes().size() + fresh.msg().trailing_bytes() > input.size())
    die("bytes() plus trailing_bytes() exceed the input", fresh.msg().bytes(), input);
  compare_key_fields("reused message", fresh.msg(), reused);
  walk_message(fresh.msg());
  round_trip(fresh.msg(), options);
  check_builder(fresh.msg(), options);
}

void check_frame(std::string_view input) {
  const exact copy(input);
  for (const sip::parse_options& options :
       {sip::parse_options{}, sip::parse_options{.max_size = 64, .max_headers = 4, .stream = true}}) {
    const sip::frame_result r = sip::frame(copy.view(), options);
    switch (r.kind) {
      case sip::frame_kind::message:
      case sip::frame_kind::keepalive_ping:
      case sip::frame_kind::keepalive_pong:
        if (r.size == 0 || r.size > input.size()) die("frame() size out of range", input);
        break;
      case sip::frame_kind::garbage: touch(r.error.what()); break;
      case sip::frame_kind::need_more: break;
    }
    if (r.kind == sip::frame_kind::message) {
      // The framed prefix goes through the stream parser.
      const exact framed(copy.view().substr(0, r.size));
      poisoned_message m(framed.view(), {.stream = true});
      touch_partial(m.msg());
      // frame() and the stream parser agree on where the message ends (regressions/
      // frame-bare-lf-desync.bin was a request smuggled past the framer with bare LFs).
      if (m.error().code == sip::errc::need_more) die("frame() saw a whole message, the parser needs more", framed.view());
      if (!m.error() && m.msg().trailing_bytes() != 0)
        die("frame() and the stream parser disagree on the message size", framed.view());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  static sip::message* reused = new sip::message();  // lives across inputs on purpose

  // (a) the message parser, datagram then stream.
  check_message(input, {}, *reused);
  check_message(input, {.stream = true}, *reused);
  // (b) stream framing.
  check_frame(input);
  // (c) the text-level parsers over the raw input.
  check_uri(input);
  check_unescape(input);
  check_name_addr(input, true);
  check_via(input);
  check_challenge(input);
  check_credentials(input);
  check_auth_params(input);
  check_params(input);
  check_comma_list(input);
  for (auto id : {sip::header_id::cseq, sip::header_id::rack, sip::header_id::event,
                  sip::header_id::subscription_state, sip::header_id::replaces, sip::header_id::content_type})
    check_value(id, input);
  touch(sip::header_name(sip::lookup_header(input)));
  (void)sip::method_from(input);
  return 0;
}
