#include "sip/params.hpp"

#include "sip/chars.hpp"

namespace sw::sip {

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
  // k_uri_param holds neither '=' nor ';', so it ends a URI parameter's name and value.
  i = lex::span(text_, i, lws ? lex::k_token : lex::k_uri_param);
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
    } else {
      // gen-value = token / host / quoted-string; host adds ':' and the brackets of IPv6.
      j = lex::span(text_, j, lws ? lex::k_gen_value : lex::k_uri_param);
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
