#include "sip/request_check.hpp"

#include <algorithm>

#include "sip/chars.hpp"
#include "sip/message.hpp"

namespace sw::sip {

namespace {

bool contains(std::span<const std::string_view> set, std::string_view item) {
  for (auto s : set)
    if (lex::iequals(s, item)) return true;
  return false;
}

// Does an Accept value admit type/subtype (with type/* and */* ranges)?
bool accept_admits(const message& m, std::string_view type, std::string_view subtype) {
  auto cursor = m.values(header_id::accept);
  std::string_view value;
  while (cursor.next(value)) {
    media_type range;
    if (parse_media_type(value, range)) continue;
    if (range.type == "*" && range.subtype == "*") return true;
    if (lex::iequals(range.type, type) && (range.subtype == "*" || lex::iequals(range.subtype, subtype))) return true;
  }
  return false;
}

}  // namespace

check_result check_request(const message& m, const ua_capabilities& caps) noexcept {
  check_result r;
  // §8.2.1: an unknown method is 501, a known one we do not allow is 405 (with Allow). Method
  // names are case-sensitive (§7.1): "invite" is not INVITE, but a method of its own.
  if (std::find(caps.methods.begin(), caps.methods.end(), m.method_text()) == caps.methods.end()) {
    r.status = m.method() == method::unknown ? 501 : 405;
    r.reason = r.status == 501 ? "Not Implemented" : "Method Not Allowed";
    return r;
  }
  // §8.2.2.1: a Request-URI scheme we do not understand is 416 (RFC 4475 3.3.2, 3.3.3).
  if (m.request_uri().scheme == uri_scheme::other) {
    r.status = 416;
    r.reason = "Unsupported URI Scheme";
    return r;
  }
  // §8.2.2.3: every Require option tag must be supported, else 420 listing them (3.3.5).
  // ACK and CANCEL never fail this way.
  if (m.method() != method::ack && m.method() != method::cancel) {
    auto cursor = m.values(header_id::require);
    std::string_view tag;
    while (cursor.next(tag)) {
      if (tag.empty() || contains(caps.extensions, tag)) continue;
      if (r.unsupported_count < r.unsupported.size()) r.unsupported[r.unsupported_count++] = tag;
    }
    if (r.unsupported_count) {
      r.status = 420;
      r.reason = "Bad Extension";
      return r;
    }
  }
  // §8.2.3: a body of a type we do not understand is 415 (3.3.6).
  if (!m.body().empty()) {
    media_type type;
    const std::string_view ct = m.header(header_id::content_type);
    if (ct.empty() || parse_media_type(ct, type)) {
      r.status = 415;
      r.reason = "Unsupported Media Type";
      return r;
    }
    bool known = false;
    for (auto t : caps.body_types) {
      const std::size_t slash = t.find('/');
      if (type.is(t.substr(0, slash), t.substr(slash + 1))) known = true;
    }
    if (!known) {
      r.status = 415;
      r.reason = "Unsupported Media Type";
      return r;
    }
  }
  // An INVITE we would answer with SDP, from a peer whose Accept excludes it, is 406 (3.3.15).
  if (m.method() == method::invite && m.find(header_id::accept) && !accept_admits(m, "application", "sdp")) {
    r.status = 406;
    r.reason = "Not Acceptable";
    return r;
  }
  return r;
}

bool response_acceptable(const message& response) noexcept { return response.via_count() == 1; }

}  // namespace sw::sip
