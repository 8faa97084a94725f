#include "sip/name_addr.hpp"

#include "sip/chars.hpp"
#include "sip/params.hpp"

namespace sw::sip {

std::optional<std::string_view> name_addr::param(std::string_view name) const noexcept {
  return find_param(params, name, param_syntax::header);
}

parse_error parse_name_addr(std::string_view text, name_addr& out, std::uint32_t base,
                            name_addr_options options) noexcept {
  out = name_addr{};
  return parse_name_addr_fresh(text, out, base, options);
}

parse_error parse_name_addr_fresh(std::string_view text, name_addr& out, std::uint32_t base,
                                  name_addr_options options) noexcept {
  auto fail = [&](std::size_t at, errc code = errc::name_addr_invalid) {
    return parse_error{code, base + static_cast<std::uint32_t>(at), 400};
  };
  std::size_t i = lex::skip_ws(text, 0);
  std::size_t end = text.size();
  while (end > i && lex::is_ws(text[end - 1])) --end;
  if (i == end) return fail(i);

  if (options.allow_star && text[i] == '*') {
    std::size_t j = lex::skip_ws(text, i + 1);
    out.star = true;
    out.params = text.substr(j, end - j);
    if (auto bad = check_params(out.params, param_syntax::header); bad != std::string_view::npos)
      return fail(j + bad, errc::param_invalid);
    return {};
  }

  std::size_t uri_start, uri_end, after;
  if (text[i] == '"') {
    const std::size_t close = lex::quoted_end(text, i);
    if (close == std::string_view::npos) return fail(i, errc::quote_unterminated);
    out.display_name = text.substr(i + 1, close - i - 1);
    out.display_quoted = true;
    i = lex::skip_ws(text, close + 1);
    if (i >= end || text[i] != '<') return fail(i);
  } else if (text[i] != '<') {
    // Either `*(token LWS) <uri>` or a bare addr-spec. A display name is a run of tokens and
    // LWS directly before '<' (RFC 4475 3.1.1.6 allows no LWS before it).
    std::size_t k = i;
    while (k < end && (lex::is_token(text[k]) || lex::is_ws(text[k]))) ++k;
    if (k < end && text[k] == '<') {
      out.display_name = lex::trim(text.substr(i, k - i));
      i = k;
    }
  }

  if (i < end && text[i] == '<') {
    out.angle = true;
    uri_start = i + 1;
    uri_end = lex::find_long(text.substr(0, end), '>', uri_start);
    if (uri_end == std::string_view::npos) return fail(i);
    after = uri_end + 1;
    // No LWS inside the brackets (RFC 4475 3.1.2.14). No URI that parses holds any, so the
    // brackets are searched for it only when the URI fails, to report the LWS instead.
    out.uri_text = text.substr(uri_start, uri_end - uri_start);
    if (auto e = parse_uri_fresh(out.uri_text, out.uri, base + static_cast<std::uint32_t>(uri_start))) {
      for (std::size_t k = uri_start; k < uri_end; ++k)
        if (lex::is_ws(text[k])) {
          out.uri_text = {};
          out.uri = uri{};
          return fail(k);
        }
      return e;
    }
  } else {
    // addr-spec: the URI ends at the first ';' (later ones are header parameters) and may not
    // carry '?' headers or ',' (RFC 3261 §20, RFC 4475 3.1.2.13).
    uri_start = i;
    uri_end = i;
    while (uri_end < end && text[uri_end] != ';' && !lex::is_ws(text[uri_end])) {
      if (text[uri_end] == '?' || text[uri_end] == ',') return fail(uri_end);
      ++uri_end;
    }
    after = uri_end;
    out.uri_text = text.substr(uri_start, uri_end - uri_start);
    if (auto e = parse_uri_fresh(out.uri_text, out.uri, base + static_cast<std::uint32_t>(uri_start))) return e;
  }

  after = lex::skip_ws(text, after);
  out.params = text.substr(after, end - after);
  if (out.params.empty()) return {};
  // Nearly every From and To ends in exactly one ";tag=" and a token: the cursor would take
  // the same, a byte at a time with its LWS and quoting rules around it.
  if (out.params.size() > 5 && out.params.starts_with(";tag=")) {
    const std::string_view value = out.params.substr(5);
    // Letters, digits, '.' and '-' are token characters: most tags are checked in one step.
    if (lex::plain_suffix(out.params, value.size()) ||
        lex::span(value, 0, lex::k_token) == value.size()) {
      out.tag_value = value;
      return {};
    }
  }
  param_cursor cursor(out.params, param_syntax::header);
  param p;
  bool tag_seen = false;
  while (cursor.next(p)) {
    if (!tag_seen && p.name.size() == 3 && lex::iequals(p.name, "tag")) {
      out.tag_value = p.value;
      tag_seen = true;
    }
  }
  // A tag before a malformed parameter stays known, so that a 400 for this request does not
  // add a second tag to its To.
  if (cursor.failed()) return fail(after + cursor.position(), errc::param_invalid);
  return {};
}

}  // namespace sw::sip
