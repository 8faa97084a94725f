// Character classes and small lexical helpers of RFC 3261 §25.1, shared by every parser in
// this folder. Table-driven so the hot loops are one load and one test per byte.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace sw::sip::lex {

enum char_class : std::uint8_t {
  k_token = 1 << 0,       // token: alphanum and -.!%*_+`'~
  k_ws = 1 << 1,          // SP / HTAB
  k_alnum = 1 << 2,
  k_digit = 1 << 3,
  k_uri_user = 1 << 4,    // unreserved / escaped / user-unreserved (& = + $ , ; ? /)
  k_uri_param = 1 << 5,   // unreserved / escaped / param-unreserved ([ ] / : & + $)
  k_uri_host = 1 << 6,    // hostname and IPv4 characters
  k_word = 1 << 7,        // word (Call-ID): token plus ( ) < > : \ " / [ ] ? { }
};

constexpr std::array<std::uint8_t, 256> make_table() {
  std::array<std::uint8_t, 256> t{};
  auto add = [&t](std::string_view chars, std::uint8_t cls) {
    for (char c : chars) t[static_cast<unsigned char>(c)] |= cls;
  };
  for (int c = 'a'; c <= 'z'; ++c) t[c] |= k_alnum | k_token | k_uri_user | k_uri_param | k_uri_host | k_word;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] |= k_alnum | k_token | k_uri_user | k_uri_param | k_uri_host | k_word;
  for (int c = '0'; c <= '9'; ++c) t[c] |= k_alnum | k_digit | k_token | k_uri_user | k_uri_param | k_uri_host | k_word;
  add("-.!%*_+`'~", k_token | k_word);
  add("()<>:\\\"/[]?{}", k_word);
  add(" \t", k_ws);
  // unreserved = alphanum / mark; mark = - _ . ! ~ * ' ( ); escaped = % HEX HEX
  add("-_.!~*'()%", k_uri_user | k_uri_param);
  add("&=+$,;?/", k_uri_user);
  add("[]/:&+$", k_uri_param);
  add("-.", k_uri_host);
  return t;
}
inline constexpr std::array<std::uint8_t, 256> table = make_table();

constexpr bool is(char c, std::uint8_t cls) { return (table[static_cast<unsigned char>(c)] & cls) != 0; }
constexpr bool is_token(char c) { return is(c, k_token); }
constexpr bool is_ws(char c) { return c == ' ' || c == '\t'; }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
constexpr char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}
constexpr bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// Header values reach these helpers with line folding already turned into spaces, so LWS is
// only SP and HTAB.
constexpr std::string_view trim(std::string_view s) {
  while (!s.empty() && is_ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ws(s.back())) s.remove_suffix(1);
  return s;
}
constexpr std::size_t skip_ws(std::string_view s, std::size_t i) {
  while (i < s.size() && is_ws(s[i])) ++i;
  return i;
}
constexpr bool all_of(std::string_view s, std::uint8_t cls) {
  for (char c : s)
    if (!is(c, cls)) return false;
  return true;
}
constexpr bool is_token(std::string_view s) { return !s.empty() && all_of(s, k_token); }

// Decimal without sign, leading zeros allowed (RFC 4475 3.1.1.1), bounded by `max`.
constexpr std::optional<std::uint64_t> parse_uint(std::string_view s, std::uint64_t max) {
  if (s.empty() || s.size() > 40) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
    if (v > max) return std::nullopt;
  }
  return v;
}

// Index of the closing quote of a quoted-string that opens at s[open]; npos when unterminated.
// quoted-pair (backslash and any octet but CR/LF) is skipped, so \" does not close it.
constexpr std::size_t quoted_end(std::string_view s, std::size_t open) {
  for (std::size_t i = open + 1; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
      continue;
    }
    if (s[i] == '"') return i;
  }
  return std::string_view::npos;
}

// The inside of a quoted-string without its quotes; escapes are left for the caller.
constexpr std::string_view unquote(std::string_view s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
  return s;
}

}  // namespace sw::sip::lex
