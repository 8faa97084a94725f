#include "sip/params.hpp"

#include "sip/chars.hpp"

namespace sw::sip {

namespace {
bool header_value_char(char c) {
  // gen-value = token / host / quoted-string; host adds ':' and the brackets of IPv6.
  return lex::is_token(c) || c == ':' || c == '[' || c == ']';
}
bool uri_param_char(char c) { return lex::is(c, lex::k_uri_param); }
}  // namespace

bool param_cursor::next(param& out) noexcept {
  if (failed_) return false;
  const bool lws = syntax_ == param_syntax::header;
  std::size_t i = lws ? lex::skip_ws(text_, pos_) : pos_;
  if (i >= text_.size()) {
    pos_ = i;
    return false;
  }
  auto fail = [&](std::size_t at) {
    pos_ = at;
    failed_ = true;
    return false;
  };
  if (text_[i] != ';') return fail(i);
  ++i;
  if (lws) i = lex::skip_ws(text_, i);
  const std::size_t name_start = i;
  if (lws) {
    while (i < text_.size() && lex::is_token(text_[i])) ++i;
  } else {
    while (i < text_.size() && uri_param_char(text_[i]) && text_[i] != '=') ++i;
  }
  if (i == name_start) return fail(i);  // ";;" or a trailing ';'
  out.name = text_.substr(name_start, i - name_start);
  out.value = {};
  out.has_value = false;
  std::size_t j = lws ? lex::skip_ws(text_, i) : i;
  if (j < text_.size() && text_[j] == '=') {
    ++j;
    if (lws) j = lex::skip_ws(text_, j);
    const std::size_t value_start = j;
    if (lws && j < text_.size() && text_[j] == '"') {
      const std::size_t close = lex::quoted_end(text_, j);
      if (close == std::string_view::npos) return fail(j);
      j = close + 1;
    } else if (lws) {
      while (j < text_.size() && header_value_char(text_[j])) ++j;
    } else {
      while (j < text_.size() && uri_param_char(text_[j]) && text_[j] != ';') ++j;
    }
    if (j == value_start && lws) return fail(j);
    out.value = text_.substr(value_start, j - value_start);
    out.has_value = true;
    i = j;
  }
  pos_ = i;
  return true;
}

std::size_t check_params(std::string_view text, param_syntax syntax) noexcept {
  param_cursor cursor(text, syntax);
  param p;
  while (cursor.next(p)) {
  }
  return cursor.failed() ? cursor.position() : std::string_view::npos;
}

std::optional<std::string_view> find_param(std::string_view text, std::string_view name,
                                           param_syntax syntax) noexcept {
  param_cursor cursor(text, syntax);
  param p;
  while (cursor.next(p))
    if (lex::iequals(p.name, name)) return p.value;
  return std::nullopt;
}

}  // namespace sw::sip
