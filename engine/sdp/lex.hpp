// Small lexical helpers shared by the parser, the codec helpers and the builder. Every one
// works on a string_view and never looks past its end.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

namespace sw::sdp::lex {

constexpr bool is_ws(char c) noexcept { return c == ' ' || c == '\t'; }
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// RFC 4566 §9 token-char: %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E,
// that is visible ASCII but " ( ) , / : ; < = > ? @ [ \ ].
constexpr bool is_token_char(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  if (u < 0x21 || u > 0x7e) return false;
  switch (c) {
    case '"': case '(': case ')': case ',': case '/': case ':': case ';': case '<':
    case '=': case '>': case '?': case '@': case '[': case '\\': case ']':
      return false;
    default:
      return true;
  }
}

constexpr bool is_token(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_token_char(c)) return false;
  return true;
}

constexpr std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ws(s.back())) s.remove_suffix(1);
  return s;
}

constexpr char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

// Digits only (no sign, no space), within T's range; leading zeros are fine.
template <typename T>
constexpr std::optional<T> parse_uint(std::string_view s) noexcept {
  if (s.empty()) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (std::numeric_limits<T>::max() - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  return static_cast<T>(v);
}

// Splits a value into fields separated by runs of spaces. RFC 4566 asks for exactly one SP
// between fields, but stacks that pad with two are common and harmless to accept.
class fields {
 public:
  explicit constexpr fields(std::string_view text) noexcept : rest_(text) {}
  constexpr bool next(std::string_view& field) noexcept {
    while (!rest_.empty() && is_ws(rest_.front())) rest_.remove_prefix(1);
    if (rest_.empty()) return false;
    std::size_t n = 0;
    while (n < rest_.size() && !is_ws(rest_[n])) ++n;
    field = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return true;
  }
  // What is left after the fields taken so far, leading spaces removed.
  constexpr std::string_view rest() const noexcept { return trim(rest_); }

 private:
  std::string_view rest_;
};

// A string the builder may write as (part of) a line: no CR, LF or NUL.
constexpr bool line_safe(std::string_view s) noexcept {
  for (char c : s)
    if (c == '\r' || c == '\n' || c == '\0') return false;
  return true;
}

}  // namespace sw::sdp::lex
