#include "sip/header_values.hpp"

#include "sip/chars.hpp"
#include "sip/params.hpp"

namespace sw::sip {

namespace {
parse_error fail(errc code, std::uint32_t base, std::size_t at) {
  return {code, base + static_cast<std::uint32_t>(at), 400};
}
// A token starting at i (after LWS); returns its end, or i when there is none.
std::size_t token_end(std::string_view s, std::size_t i) { return lex::span(s, i, lex::k_token); }
}  // namespace

bool comma_cursor::next(std::string_view& element, std::size_t& offset) noexcept {
  if (done_) return false;
  std::size_t i = pos_;
  bool in_angle = false;
  // Most values have no comma at all: then the rest is one element, whatever quotes or
  // brackets it holds, and a 16-bytes-a-step search is all it takes to know.
  if (lex::find_long(text_, ',', i) == std::string_view::npos) i = text_.size();
  for (; i < text_.size(); ++i) {
    const char c = text_[i];
    if (!lex::is(c, lex::k_list_mark)) continue;  // one test for the bytes that are just text
    if (c == '"') {
      const std::size_t close = lex::quoted_end(text_, i);
      if (close == std::string_view::npos) {
        i = text_.size();
        break;
      }
      i = close;
    } else if (c == '<') {
      in_angle = true;
    } else if (c == '>') {
      in_angle = false;
    } else if (c == ',' && !in_angle) {
      break;
    }
  }
  std::string_view raw = text_.substr(pos_, i - pos_);
  const std::size_t lead = lex::skip_ws(raw, 0);
  offset = pos_ + lead;
  element = lex::trim(raw);
  if (i >= text_.size()) done_ = true;
  pos_ = i + 1;
  return true;
}

bool via::rfc3261_branch() const noexcept {
  return branch.size() > magic_cookie.size() && branch.substr(0, magic_cookie.size()) == magic_cookie;
}

std::optional<std::string_view> via::param(std::string_view name) const noexcept {
  return find_param(params, name, param_syntax::header);
}

parse_error parse_via(std::string_view s, via& out, std::uint32_t base) noexcept {
  out = via{};
  return parse_via_fresh(s, out, base);
}

parse_error parse_via_fresh(std::string_view s, via& out, std::uint32_t base) noexcept {
  // sent-protocol = protocol-name SLASH protocol-version SLASH transport, with LWS allowed
  // around each SLASH (RFC 4475 3.1.1.1).
  std::string_view* parts[3] = {&out.protocol_name, &out.protocol_version, &out.transport};
  std::size_t i = lex::skip_ws(s, 0);
  int k = 0;
  if (s.substr(i, 8) == "SIP/2.0/") {  // as nearly every Via starts: straight to the transport
    out.protocol_name = s.substr(i, 3);
    out.protocol_version = s.substr(i + 4, 3);
    i = lex::skip_ws(s, i + 8);
    k = 2;
  }
  for (; k < 3; ++k) {
    const std::size_t end = token_end(s, i);
    if (end == i) return fail(errc::via_invalid, base, i);
    *parts[k] = s.substr(i, end - i);
    i = lex::skip_ws(s, end);
    if (k < 2) {
      if (i >= s.size() || s[i] != '/') return fail(errc::via_invalid, base, i);
      i = lex::skip_ws(s, i + 1);
    }
  }
  if (i == s.size() || !lex::is_ws(s[i - 1])) return fail(errc::via_invalid, base, i);
  // sent-by = host [ COLON port ]
  const std::size_t host_start = i;
  if (i < s.size() && s[i] == '[') {
    const std::size_t close = lex::find(s, ']', i);
    if (close == std::string_view::npos) return fail(errc::via_invalid, base, i);
    i = close + 1;
  } else {
    i = lex::span(s, i, lex::k_uri_host);
  }
  if (i == host_start) return fail(errc::via_invalid, base, i);
  out.host = s.substr(host_start, i - host_start);
  i = lex::skip_ws(s, i);
  if (i < s.size() && s[i] == ':') {
    i = lex::skip_ws(s, i + 1);
    const std::size_t port_start = i;
    const auto port = lex::scan_uint(s, i, 65535);  // the digits read once, for their end and value
    if (!port) return fail(errc::via_invalid, base, port_start);
    out.port = static_cast<std::uint16_t>(*port);
    out.has_port = true;
    i = lex::skip_ws(s, i);
  }
  out.params = lex::trim(s.substr(i));
  // Nearly every Via's parameters start with ";branch=" and a token: that one is taken
  // without the cursor, which goes on from the next ';' (a later branch still wins, as before).
  std::size_t start = 0;
  constexpr std::string_view k_branch = ";branch=";
  if (out.params.starts_with(k_branch)) {
    const std::size_t end = lex::span_long(out.params, k_branch.size(), lex::k_token);
    if (end > k_branch.size() && (end == out.params.size() || out.params[end] == ';')) {
      out.branch = out.params.substr(k_branch.size(), end - k_branch.size());
      start = end;
      // And then, as RFC 3581 clients write it, a bare ";rport" and nothing else.
      if (out.params.substr(start) == ";rport") {
        out.has_rport = true;
        return {};
      }
    }
  }
  param_cursor cursor(out.params.substr(start), param_syntax::header);
  param p;
  while (cursor.next(p)) {
    if (lex::iequals(p.name, "branch")) {
      out.branch = p.value;
    } else if (lex::iequals(p.name, "received")) {
      out.received = p.value;
    } else if (lex::iequals(p.name, "maddr")) {
      out.maddr = p.value;
    } else if (lex::iequals(p.name, "rport")) {
      out.has_rport = true;
      if (p.has_value) {
        auto port = lex::parse_uint(p.value, 65535);
        if (!port) return fail(errc::via_invalid, base, i + start + cursor.position());
        out.rport = static_cast<std::uint16_t>(*port);
      }
    }
  }
  if (cursor.failed())
    return fail(errc::param_invalid, base, static_cast<std::size_t>(out.params.data() - s.data()) + start + cursor.position());
  return {};
}

parse_error parse_cseq(std::string_view s, cseq& out, std::uint32_t base) noexcept {
  std::size_t i = lex::skip_ws(s, 0);
  const std::size_t digits = i;
  const auto n = lex::scan_uint(s, i, 0xffffffffu);
  if (!n) return fail(errc::cseq_invalid, base, digits);
  if (i == s.size() || !lex::is_ws(s[i])) return fail(errc::cseq_invalid, base, i);
  i = lex::skip_ws(s, i);
  const std::size_t m = token_end(s, i);
  if (m == i || lex::skip_ws(s, m) != s.size()) return fail(errc::cseq_invalid, base, m);
  out.number = static_cast<std::uint32_t>(*n);
  out.method = s.substr(i, m - i);
  return {};
}

parse_error parse_rack(std::string_view s, rack& out, std::uint32_t base) noexcept {
  std::size_t i = lex::skip_ws(s, 0);
  const std::size_t start = i;
  const auto r = lex::scan_uint(s, i, 0xffffffffu);
  if (!r || i == s.size() || !lex::is_ws(s[i])) return fail(errc::number_invalid, base, start);
  cseq c;
  if (auto e = parse_cseq(s.substr(i), c, base + static_cast<std::uint32_t>(i))) return e;
  out = {static_cast<std::uint32_t>(*r), c.number, c.method};
  return {};
}

std::optional<std::uint32_t> parse_u32(std::string_view text) noexcept {
  auto v = lex::parse_uint(lex::trim(text), 0xffffffffu);
  if (!v) return std::nullopt;
  return static_cast<std::uint32_t>(*v);
}

namespace {
// `token *(SEMI param)`, shared by Event and Subscription-State.
parse_error parse_token_with_params(std::string_view s, std::string_view& token,
                                    std::string_view& params, std::uint32_t base) {
  std::size_t i = lex::skip_ws(s, 0);
  const std::size_t end = token_end(s, i);
  if (end == i) return fail(errc::token_invalid, base, i);
  token = s.substr(i, end - i);
  params = lex::trim(s.substr(end));
  if (auto bad = check_params(params, param_syntax::header); bad != std::string_view::npos)
    return fail(errc::param_invalid, base, static_cast<std::size_t>(params.data() - s.data()) + bad);
  return {};
}
}  // namespace

std::string_view event::id() const noexcept {
  return find_param(params, "id", param_syntax::header).value_or(std::string_view{});
}

parse_error parse_event(std::string_view s, event& out, std::uint32_t base) noexcept {
  return parse_token_with_params(s, out.type, out.params, base);
}

std::optional<std::uint32_t> subscription_state::expires() const noexcept {
  auto v = find_param(params, "expires", param_syntax::header);
  if (!v) return std::nullopt;
  return parse_u32(*v);
}

std::string_view subscription_state::reason() const noexcept {
  return find_param(params, "reason", param_syntax::header).value_or(std::string_view{});
}

parse_error parse_subscription_state(std::string_view s, subscription_state& out,
                                     std::uint32_t base) noexcept {
  return parse_token_with_params(s, out.state, out.params, base);
}

parse_error parse_replaces(std::string_view s, replaces& out, std::uint32_t base) noexcept {
  out = replaces{};
  std::size_t i = lex::skip_ws(s, 0);
  const std::size_t start = i;
  while (i < s.size() && lex::is(s[i], lex::k_word) && s[i] != ';') ++i;  // callid = word ["@" word]
  while (i < s.size() && (lex::is(s[i], lex::k_word) || s[i] == '@') && s[i] != ';') ++i;
  if (i == start) return fail(errc::token_invalid, base, i);
  out.call_id = s.substr(start, i - start);
  std::string_view params = lex::trim(s.substr(i));
  param_cursor cursor(params, param_syntax::header);
  param p;
  while (cursor.next(p)) {
    if (lex::iequals(p.name, "to-tag")) out.to_tag = p.value;
    else if (lex::iequals(p.name, "from-tag")) out.from_tag = p.value;
    else if (lex::iequals(p.name, "early-only")) out.early_only = true;
  }
  if (cursor.failed()) return fail(errc::param_invalid, base, i + cursor.position());
  if (out.to_tag.empty() || out.from_tag.empty()) return fail(errc::param_invalid, base, i);
  return {};
}

bool media_type::is(std::string_view t, std::string_view st) const noexcept {
  return lex::iequals(type, t) && lex::iequals(subtype, st);
}

parse_error parse_media_type(std::string_view s, media_type& out, std::uint32_t base) noexcept {
  std::size_t i = lex::skip_ws(s, 0);
  std::size_t end = token_end(s, i);
  if (end == i) return fail(errc::token_invalid, base, i);
  out.type = s.substr(i, end - i);
  i = lex::skip_ws(s, end);
  if (i >= s.size() || s[i] != '/') return fail(errc::token_invalid, base, i);
  i = lex::skip_ws(s, i + 1);
  end = token_end(s, i);
  if (end == i) return fail(errc::token_invalid, base, i);
  out.subtype = s.substr(i, end - i);
  out.params = lex::trim(s.substr(end));
  if (auto bad = check_params(out.params, param_syntax::header); bad != std::string_view::npos)
    return fail(errc::param_invalid, base, static_cast<std::size_t>(out.params.data() - s.data()) + bad);
  return {};
}

bool list_contains(std::string_view list, std::string_view token) noexcept {
  comma_cursor cursor(list);
  std::string_view element;
  while (cursor.next(element))
    if (lex::iequals(element, token)) return true;
  return false;
}

}  // namespace sw::sip
