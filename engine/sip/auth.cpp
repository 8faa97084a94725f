#include "sip/auth.hpp"

#include "sip/chars.hpp"
#include "sip/header_values.hpp"

namespace sw::sip {

bool auth_param_cursor::next(std::string_view& name, std::string_view& value) noexcept {
  if (failed_) return false;
  std::size_t i = lex::skip_ws(text_, pos_);
  if (i < text_.size() && text_[i] == ',' && pos_ != 0) i = lex::skip_ws(text_, i + 1);
  if (i >= text_.size()) {
    pos_ = i;
    return false;
  }
  auto fail = [&](std::size_t at) {
    pos_ = at;
    failed_ = true;
    return false;
  };
  const std::size_t name_start = i;
  while (i < text_.size() && lex::is_token(text_[i])) ++i;
  if (i == name_start) return fail(i);
  name = text_.substr(name_start, i - name_start);
  i = lex::skip_ws(text_, i);
  if (i >= text_.size() || text_[i] != '=') return fail(i);
  i = lex::skip_ws(text_, i + 1);
  if (i < text_.size() && text_[i] == '"') {
    const std::size_t close = lex::quoted_end(text_, i);
    if (close == std::string_view::npos) return fail(i);
    value = text_.substr(i + 1, close - i - 1);
    i = close + 1;
  } else {
    const std::size_t value_start = i;
    while (i < text_.size() && (lex::is_token(text_[i]) || text_[i] == '/' || text_[i] == ':')) ++i;
    if (i == value_start) return fail(i);
    value = text_.substr(value_start, i - value_start);
  }
  i = lex::skip_ws(text_, i);
  if (i < text_.size() && text_[i] != ',') return fail(i);
  pos_ = i;
  return true;
}

namespace {

// scheme SP params; returns the params after the scheme, or an error.
parse_error split_scheme(std::string_view value, std::string_view& scheme, std::string_view& params,
                         std::uint32_t base) {
  std::size_t i = lex::skip_ws(value, 0);
  const std::size_t start = i;
  while (i < value.size() && lex::is_token(value[i])) ++i;
  if (i == start) return {errc::token_invalid, base + static_cast<std::uint32_t>(i), 400};
  scheme = value.substr(start, i - start);
  params = lex::trim(value.substr(i));
  return {};
}

template <typename Assign>
parse_error walk(std::string_view params, std::uint32_t base, Assign assign) {
  auth_param_cursor cursor(params);
  std::string_view name, value;
  while (cursor.next(name, value)) assign(name, value);
  if (cursor.failed())
    return {errc::param_invalid, base + static_cast<std::uint32_t>(cursor.position()), 400};
  return {};
}

}  // namespace

bool digest_challenge::is_digest() const noexcept { return lex::iequals(scheme, "Digest"); }

bool digest_challenge::offers_qop_auth() const noexcept { return list_contains(qop, "auth"); }

parse_error parse_challenge(std::string_view value, digest_challenge& out, std::uint32_t base) noexcept {
  out = digest_challenge{};
  if (auto e = split_scheme(value, out.scheme, out.params, base)) return e;
  if (!out.is_digest()) return {};
  const auto params_at = base + static_cast<std::uint32_t>(out.params.data() - value.data());
  return walk(out.params, params_at, [&](std::string_view n, std::string_view v) {
    if (lex::iequals(n, "realm")) out.realm = v;
    else if (lex::iequals(n, "nonce")) out.nonce = v;
    else if (lex::iequals(n, "opaque")) out.opaque = v;
    else if (lex::iequals(n, "algorithm")) out.algorithm = v;
    else if (lex::iequals(n, "qop")) out.qop = v;
    else if (lex::iequals(n, "domain")) out.domain = v;
    else if (lex::iequals(n, "stale")) out.stale = lex::iequals(v, "true");
  });
}

bool digest_credentials::is_digest() const noexcept { return lex::iequals(scheme, "Digest"); }

parse_error parse_credentials(std::string_view value, digest_credentials& out, std::uint32_t base) noexcept {
  out = digest_credentials{};
  if (auto e = split_scheme(value, out.scheme, out.params, base)) return e;
  // RFC 4475 3.3.7: an unknown scheme is well-formed; its params stay raw.
  if (!out.is_digest()) return {};
  const auto params_at = base + static_cast<std::uint32_t>(out.params.data() - value.data());
  return walk(out.params, params_at, [&](std::string_view n, std::string_view v) {
    if (lex::iequals(n, "username")) out.username = v;
    else if (lex::iequals(n, "realm")) out.realm = v;
    else if (lex::iequals(n, "nonce")) out.nonce = v;
    else if (lex::iequals(n, "uri")) out.uri = v;
    else if (lex::iequals(n, "response")) out.response = v;
    else if (lex::iequals(n, "algorithm")) out.algorithm = v;
    else if (lex::iequals(n, "cnonce")) out.cnonce = v;
    else if (lex::iequals(n, "opaque")) out.opaque = v;
    else if (lex::iequals(n, "qop")) out.qop = v;
    else if (lex::iequals(n, "nc")) out.nc = v;
  });
}

}  // namespace sw::sip
