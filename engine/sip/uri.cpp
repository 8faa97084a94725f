#include "sip/uri.hpp"

#include "sip/chars.hpp"
#include "sip/params.hpp"

namespace sw::sip {

namespace {

bool valid_escapes(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s[i] == '%' && (i + 2 >= s.size() + 0 || !lex::is_hex(s[i + 1]) || !lex::is_hex(s[i + 2])))
      return false;
  return true;
}

// Characters of an absoluteURI body (RFC 3261 uric plus '/' segments); no whitespace, no '<>"'.
bool opaque_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7f && c != '<' && c != '>' && c != '"' && c != '\\' && c != '{' &&
         c != '}' && c != '|' && c != '^' && c != '`';
}

bool password_char(char c) {
  return lex::is(c, lex::k_alnum) || lex::find("-_.!~*'()%&=+$,", c) != std::string_view::npos;
}

bool header_char(char c) {
  // hname / hvalue = *( hnv-unreserved / unreserved / escaped ), plus the '=' and '&' between.
  return lex::is(c, lex::k_alnum) || lex::find("-_.!~*'()%[]/?:+$=&", c) != std::string_view::npos;
}

// hostport = host [ ":" port ], host = hostname / IPv4address / IPv6reference, at the start of
// `s`; it ends at ';', '?' or the end of `s`. Sets `end` to that position. On failure `host`
// may be set already, `port` never.
bool parse_hostport(std::string_view s, uri& out, std::size_t& end) {
  std::size_t host_end;
  if (!s.empty() && s.front() == '[') {
    host_end = lex::find(s, ']');
    if (host_end == std::string_view::npos || host_end < 3) return false;
    for (char c : s.substr(1, host_end - 1))
      if (!lex::is_hex(c) && c != ':' && c != '.') return false;
    ++host_end;
  } else {
    host_end = lex::span(s, 0, lex::k_uri_host);
    if (host_end == 0) return false;
  }
  out.host = {s.data(), host_end};
  auto ends_hostport = [&s](std::size_t i) { return i == s.size() || s[i] == ';' || s[i] == '?'; };
  if (ends_hostport(host_end)) {
    end = host_end;
    return true;
  }
  if (s[host_end] != ':') return false;
  const std::size_t port_end = lex::span(s, host_end + 1, lex::k_digit);
  if (!ends_hostport(port_end)) return false;
  auto port = lex::parse_uint({s.data() + host_end + 1, port_end - host_end - 1}, 65535);
  if (!port) return false;
  out.port = static_cast<std::uint16_t>(*port);
  out.has_port = true;
  end = port_end;
  return true;
}

#if defined(__SSE2__)
// The shape of nearly every URI a SIP message carries: "sip:" and then user@host[:port] or
// host[:port], of letters, digits, '.' and '-' only, 16 to 32 bytes in all. Every byte is
// classified at once from two overlapping 16-byte loads, and the parts are found from the
// masks instead of byte by byte. Anything else (a password, parameters, escapes, another
// byte, an empty part, a long port) returns false with `out` untouched, and the scanning
// parser below takes the URI and decides its errors. "SIP:" always goes there, which is how
// tests/sip/uri_test.cpp compares the two.
bool parse_plain_sip(std::string_view text, uri& out) noexcept {
  const std::size_t n = text.size();
  if (n < 16 || n > 32) return false;
  struct masks {
    std::uint64_t ok, at, colon, digit;
  };
  auto classify = [](const char* p, unsigned shift) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i digit = lex::bytes_in_range(x, '0', 10);
    const __m128i at = _mm_cmpeq_epi8(x, _mm_set1_epi8('@'));
    const __m128i colon = _mm_cmpeq_epi8(x, _mm_set1_epi8(':'));
    const __m128i ok = _mm_or_si128(lex::plain_bytes(x), _mm_or_si128(at, colon));
    auto bits = [shift](__m128i m) { return std::uint64_t{static_cast<unsigned>(_mm_movemask_epi8(m))} << shift; };
    return masks{bits(ok), bits(at), bits(colon), bits(digit)};
  };
  const masks low = classify(text.data(), 0);
  const masks high = classify(text.data() + n - 16, static_cast<unsigned>(n - 16));
  const std::uint64_t all = (std::uint64_t{1} << n) - 1;
  if (((low.ok | high.ok) & all) != all) return false;
  const std::uint64_t body = all & ~std::uint64_t{0xf};  // after "sip:"
  const std::uint64_t ats = (low.at | high.at) & body;
  const std::uint64_t colons = (low.colon | high.colon) & body;

  std::size_t host_at = 4;
  std::string_view user;
  if (ats) {
    const auto a = static_cast<std::size_t>(__builtin_ctzll(ats));
    // A second '@', an empty user, or a ':' in the userinfo (a password).
    if ((ats & (ats - 1)) || a == 4 || (colons & ((std::uint64_t{1} << a) - 1))) return false;
    user = {text.data() + 4, a - 4};
    host_at = a + 1;
  }
  std::size_t host_end = n;
  std::uint32_t port = 0;
  if (colons) {
    const auto c = static_cast<std::size_t>(__builtin_ctzll(colons));
    const std::uint64_t after = all & ~((std::uint64_t{2} << c) - 1);
    // One ':' only, followed by 1 to 5 digits and nothing else.
    if ((colons & (colons - 1)) || after == 0 || (after & ~(low.digit | high.digit)) || n - c - 1 > 5) return false;
    for (std::size_t i = c + 1; i < n; ++i) port = port * 10 + static_cast<std::uint32_t>(text[i] - '0');
    if (port > 65535) return false;
    host_end = c;
  }
  if (host_end == host_at) return false;
  out.user = user;
  out.host = {text.data() + host_at, host_end - host_at};
  out.port = static_cast<std::uint16_t>(port);
  out.has_port = colons != 0;
  out.params = {text.data() + n, 0};  // none: an empty view at the end, as the scanning parser leaves it
  return true;
}
#endif

}  // namespace

std::optional<std::string_view> uri::param(std::string_view name) const noexcept {
  return find_param(params, name, param_syntax::uri);
}

parse_error parse_uri(std::string_view text, uri& out, std::uint32_t base) noexcept {
  out = uri{};
  return parse_uri_fresh(text, out, base);
}

parse_error parse_uri_fresh(std::string_view text, uri& out, std::uint32_t base) noexcept {
  auto fail = [&](std::size_t at) {
    return parse_error{errc::uri_invalid, base + static_cast<std::uint32_t>(at), 400};
  };
  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), ended by the first ':'. Nearly
  // every URI starts "sip:" exactly: that one needs no scan and no case-folding compare.
  std::size_t colon = 3;
  const bool lower_sip = text.size() > 4 && text.starts_with("sip:");  // the shortcut's only scheme
  if (lower_sip) {
    out.scheme = uri_scheme::sip;
  } else {
    colon = lex::span(text, 0, lex::k_scheme);
    if (colon == 0 || colon == text.size() || text[colon] != ':' || !lex::is_alpha(text[0])) return fail(0);
    const std::string_view scheme = text.substr(0, colon);
    if (lex::iequals(scheme, "sip")) out.scheme = uri_scheme::sip;
    else if (lex::iequals(scheme, "sips")) out.scheme = uri_scheme::sips;
    else if (lex::iequals(scheme, "tel")) out.scheme = uri_scheme::tel;
    else out.scheme = uri_scheme::other;
  }
  out.scheme_text = text.substr(0, colon);
  out.opaque = text.substr(colon + 1);

  const std::string_view body = out.opaque;
  const std::size_t body_at = colon + 1;
  if (body.empty()) return fail(body_at);
#if defined(__SSE2__)
  if (lower_sip && parse_plain_sip(text, out)) return {};
#endif

  if (out.scheme == uri_scheme::other) {
    for (std::size_t i = 0; i < body.size(); ++i)
      if (!opaque_char(body[i])) return fail(body_at + i);
    return {};
  }

  if (out.scheme == uri_scheme::tel) {
    // telephone-subscriber = number *( ";" par ); visual separators stay in the number.
    const std::size_t semi = lex::find(body, ';');
    out.user = body.substr(0, semi);
    if (out.user.empty()) return fail(body_at);
    for (std::size_t i = 0; i < out.user.size(); ++i) {
      const char c = out.user[i];
      if (!lex::is_hex(c) && lex::find("+-.()*#", c) == std::string_view::npos)
        return fail(body_at + i);
    }
    if (semi != std::string_view::npos) {
      out.params = body.substr(semi);
      if (auto bad = check_params(out.params, param_syntax::uri); bad != std::string_view::npos)
        return fail(body_at + semi + bad);
    }
    return {};
  }

  // sip/sips: [ userinfo "@" ] hostport uri-parameters [ headers ]. '@' cannot appear
  // unescaped anywhere but after the userinfo, while ';' and '?' can appear in the user part
  // (RFC 4475 3.1.1.2, 3.1.1.9), so the '@' is found first. A user part of plain characters
  // leads straight to it and needs no more checks; after anything else (a password's or port's
  // ':', an escape, a bad byte) the '@' is searched for and the userinfo checked in full.
  std::size_t host_at = 0;
  const std::size_t plain = lex::span(body, 0, lex::k_uri_user_plain);
  if (plain > 0 && plain < body.size() && body[plain] == '@') {
    out.user = {body.data(), plain};
    host_at = plain + 1;
  } else if (const std::size_t at = lex::find(body, '@', plain); at != std::string_view::npos) {
    std::string_view userinfo = body.substr(0, at);
    const std::size_t pw = lex::find(userinfo, ':');
    out.user = userinfo.substr(0, pw);
    if (pw != std::string_view::npos) out.password = userinfo.substr(pw + 1);
    if (out.user.empty()) return fail(body_at);
    for (std::size_t i = 0; i < out.user.size(); ++i)
      if (!lex::is(out.user[i], lex::k_uri_user)) return fail(body_at + i);
    for (std::size_t i = 0; i < out.password.size(); ++i)
      if (!password_char(out.password[i])) return fail(body_at + pw + 1 + i);
    if (!valid_escapes(userinfo)) return fail(body_at);
    host_at = at + 1;
  }
  std::string_view rest = body.substr(host_at);
  std::size_t hostport_end = 0;
  if (!parse_hostport(rest, out, hostport_end)) return fail(body_at + host_at);

  std::string_view tail = rest.substr(hostport_end);
  const std::size_t q = lex::find(tail, '?');
  out.params = tail.substr(0, q);
  if (!out.params.empty()) {  // most URIs in headers have none
    if (auto bad = check_params(out.params, param_syntax::uri); bad != std::string_view::npos)
      return fail(body_at + host_at + hostport_end + bad);
    if (!valid_escapes(out.params)) return fail(body_at + host_at + hostport_end);
  }
  if (q != std::string_view::npos) {
    out.headers = tail.substr(q + 1);
    for (std::size_t i = 0; i < out.headers.size(); ++i)
      if (!header_char(out.headers[i])) return fail(body_at + host_at + hostport_end + q + 1 + i);
    if (out.headers.empty() || !valid_escapes(out.headers)) return fail(body_at + host_at + hostport_end + q);
  }
  return {};
}

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  return lex::lower(c) - 'a' + 10;
}
}  // namespace

std::size_t unescape(std::string_view text, char* out) noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() + 0 && lex::is_hex(text[i + 1]) && lex::is_hex(text[i + 2])) {
      out[n++] = static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out[n++] = text[i];
    }
  }
  return n;
}

std::string unescape(std::string_view text) {
  std::string s(text.size(), '\0');
  s.resize(unescape(text, s.data()));
  return s;
}

}  // namespace sw::sip
