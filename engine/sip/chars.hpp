// Character classes and small lexical helpers of RFC 3261 §25.1, shared by every parser in
// this folder. Table-driven so the hot loops are one load and one test per byte.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sw::sip::lex {

enum char_class : std::uint16_t {
  k_token = 1 << 0,       // token: alphanum and -.!%*_+`'~
  k_ws = 1 << 1,          // SP / HTAB
  k_alnum = 1 << 2,
  k_digit = 1 << 3,
  k_uri_user = 1 << 4,    // unreserved / escaped / user-unreserved (& = + $ , ; ? /)
  k_uri_param = 1 << 5,   // unreserved / escaped / param-unreserved ([ ] / : & + $)
  k_uri_host = 1 << 6,    // hostname and IPv4 characters
  k_word = 1 << 7,        // word (Call-ID): token plus ( ) < > : \ " / [ ] ? { }
  k_gen_value = 1 << 8,   // unquoted gen-value of a header parameter: token / host (: [ ])
  k_list_mark = 1 << 9,   // bytes a comma list splitter must look at: , " < >
  k_uri_user_plain = 1 << 10,  // k_uri_user but '%': a user part without escapes to check
  k_scheme = 1 << 11,     // URI scheme after its first letter: alphanum and + - .
};

constexpr std::array<std::uint16_t, 256> make_table() {
  std::array<std::uint16_t, 256> t{};
  auto add = [&t](std::string_view chars, std::uint16_t cls) {
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
  for (int c = 0; c < 256; ++c)
    if (t[c] & k_token) t[c] |= k_gen_value;
  add(":[]", k_gen_value);
  add(",\"<>", k_list_mark);
  for (int c = 0; c < 256; ++c) {
    if ((t[c] & k_uri_user) && c != '%') t[c] |= k_uri_user_plain;
    if (t[c] & k_alnum) t[c] |= k_scheme;
  }
  add("+-.", k_scheme);
  return t;
}
inline constexpr std::array<std::uint16_t, 256> table = make_table();

constexpr bool is(char c, std::uint16_t cls) { return (table[static_cast<unsigned char>(c)] & cls) != 0; }
constexpr bool is_token(char c) { return is(c, k_token); }
constexpr bool is_ws(char c) { return c == ' ' || c == '\t'; }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
constexpr char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  std::size_t i = 0;
  if (!std::is_constant_evaluated()) {
    // Nearly every pair compared is spelled alike ("application/sdp", method names): the
    // words that match exactly are skipped 8 bytes at a time, the rest folded byte by byte.
    for (; i + 8 <= a.size(); i += 8) {
      std::uint64_t x, y;
      std::memcpy(&x, a.data() + i, 8);
      std::memcpy(&y, b.data() + i, 8);
      if (x != y) break;
    }
  }
  for (; i < a.size(); ++i)
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
constexpr bool all_of(std::string_view s, std::uint16_t cls) {
  for (char c : s)
    if (!is(c, cls)) return false;
  return true;
}
constexpr bool is_token(std::string_view s) { return !s.empty() && all_of(s, k_token); }

// Index of the first byte at or after `i` that is not in `cls`, or s.size(). Four bytes per
// bounds check: most of the parser's time goes into loops like this one.
constexpr std::size_t span(std::string_view s, std::size_t i, std::uint16_t cls) {
  for (; i + 4 <= s.size(); i += 4) {
    if (!is(s[i], cls)) return i;
    if (!is(s[i + 1], cls)) return i + 1;
    if (!is(s[i + 2], cls)) return i + 2;
    if (!is(s[i + 3], cls)) return i + 3;
  }
  while (i < s.size() && is(s[i], cls)) ++i;
  return i;
}

#if defined(__SSE2__)
// Per byte of `v`: all ones where lo <= byte < lo + n as an unsigned byte. SSE2 compares
// signed bytes, so the range is shifted down to start at -128.
inline __m128i bytes_in_range(__m128i v, int lo, int n) {
  return _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(static_cast<char>(-128 - lo))),
                        _mm_set1_epi8(static_cast<char>(-128 + n)));
}
// Per byte of `v`: all ones for a letter, a digit, '.' or '-'.
inline __m128i plain_bytes(__m128i v) {
  const __m128i letter = bytes_in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 26);
  return _mm_or_si128(_mm_or_si128(letter, bytes_in_range(v, '0', 10)),
                      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')), _mm_cmpeq_epi8(v, _mm_set1_epi8('-'))));
}
// A bit for each of the 16 bytes at `p` that is a letter, a digit, '.' or '-'.
inline unsigned plain_mask16(const char* p) {
  return static_cast<unsigned>(_mm_movemask_epi8(plain_bytes(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)))));
}
// How many of the 16 bytes at `p` lead with letters, digits, '.' and '-'.
inline unsigned plain_prefix16(const char* p) {
  return static_cast<unsigned>(__builtin_ctz(~plain_mask16(p) | 0x10000u));
}
#endif

// True when the last `n` bytes of `s` are all letters, digits, '.' or '-' (a tag, nearly
// always), found in one vector step when 16 bytes of `s` end with them; false when they are
// not, or when that step cannot be taken: the caller's own loop then decides.
inline bool plain_suffix(std::string_view s, std::size_t n) {
#if defined(__SSE2__)
  if (n <= 16 && s.size() >= 16) {
    const unsigned wanted = (0xffffu << (16 - n)) & 0xffffu;
    return (plain_mask16(s.data() + s.size() - 16) & wanted) == wanted;
  }
#endif
  (void)s, (void)n;
  return false;
}

// span() for a run known to be long (a branch, a Call-ID: 20 to 40 bytes) of a class that
// holds letters, digits, '.' and '-' (token, word): 16 of those are checked at a time
// first. Not for short runs, where the vector setup costs more than it saves.
inline std::size_t span_long(std::string_view s, std::size_t i, std::uint16_t cls) {
#if defined(__SSE2__)
  while (i + 16 <= s.size()) {
    const unsigned n = plain_prefix16(s.data() + i);
    i += n;
    if (n < 16) break;
  }
#endif
  return span(s, i, cls);
}

// string_view::find for the short views of header values: an inline loop, because libstdc++
// calls memchr, and for a few bytes the call costs more than the search.
constexpr std::size_t find(std::string_view s, char c, std::size_t i = 0) {
  for (; i < s.size(); ++i)
    if (s[i] == c) return i;
  return std::string_view::npos;
}

// First `c` in [p, end), or end, 16 bytes per step with SSE2. Never reads outside [p, end):
// the last step loads the final 16 bytes again, overlapping the previous one.
inline const char* find_byte(const char* p, const char* end, char c) {
#if defined(__SSE2__)
  if (end - p >= 16) {
    const __m128i needle = _mm_set1_epi8(c);
    auto match = [needle](const char* at) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
      return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, needle)));
    };
    for (; end - p >= 16; p += 16)
      if (const unsigned m = match(p)) return p + __builtin_ctz(m);
    if (p == end) return end;
    const char* last = end - 16;  // overlaps bytes already known not to match
    const unsigned m = match(last) >> (p - last);
    return m ? p + __builtin_ctz(m) : end;
  }
#endif
  while (p < end && *p != c) ++p;
  return p;
}

// First '\n' in [p, end), or end, with `colon` set to the first ':' before it (nullptr when
// there is none): a header line's end and its name's end in one pass. Never reads outside
// [p, end): 16 bytes per step, then byte by byte.
inline const char* find_line_end(const char* p, const char* end, const char*& colon) {
  colon = nullptr;
#if defined(__SSE2__)
  // Both bytes are looked for only until the colon is found (nearly always in the first
  // block: header names are short); then the line end alone, as find_byte does.
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i colons = _mm_set1_epi8(':');
  for (; end - p >= 16; p += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const unsigned n = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, newline)));
    const unsigned c = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, colons)));
    if ((n | c) == 0) continue;
    if (c && (n == 0 || __builtin_ctz(c) < __builtin_ctz(n))) colon = p + __builtin_ctz(c);
    if (n) return p + __builtin_ctz(n);
    return find_byte(p + 16, end, '\n');
  }
#endif
  // Fewer than 16 bytes left (or no SSE2): byte by byte.
  for (; p < end && *p != '\n'; ++p)
    if (*p == ':' && !colon) colon = p;
  return p;
}

// string_view::find without the call to memchr, for whole lines and values.
inline std::size_t find_long(std::string_view s, char c, std::size_t i = 0) {
  if (i >= s.size()) return std::string_view::npos;
  const char* end = s.data() + s.size();
  const char* at = find_byte(s.data() + i, end, c);
  return at == end ? std::string_view::npos : static_cast<std::size_t>(at - s.data());
}

// Writes the low `digits` nibbles of `v` at `p` as lower-case hex, most significant first: the
// random parts of branches, tags and Call-IDs, one per message, without a format string.
inline void write_hex(char* p, std::uint64_t v, std::size_t digits) {
#if defined(__SSE2__) && defined(__x86_64__)  // _mm_cvtsi64_si128 is x86-64 only
  // All 16 digits at once: the bytes most significant first, each split into its two
  // nibbles, and each nibble made '0'-'9' or 'a'-'f'; then the last `digits` are copied.
  if (digits <= 16) {
    const __m128i bytes = _mm_cvtsi64_si128(static_cast<long long>(__builtin_bswap64(v)));
    const __m128i low_nibbles = _mm_set1_epi8(0x0f);
    const __m128i high = _mm_and_si128(_mm_srli_epi16(bytes, 4), low_nibbles);
    const __m128i low = _mm_and_si128(bytes, low_nibbles);
    const __m128i nibbles = _mm_unpacklo_epi8(high, low);
    const __m128i letters =
        _mm_and_si128(_mm_cmpgt_epi8(nibbles, _mm_set1_epi8(9)), _mm_set1_epi8('a' - '0' - 10));
    const __m128i digits_text = _mm_add_epi8(_mm_add_epi8(nibbles, _mm_set1_epi8('0')), letters);
    alignas(16) char text[16];
    _mm_store_si128(reinterpret_cast<__m128i*>(text), digits_text);
    for (std::size_t i = 0; i < digits; ++i) p[i] = text[16 - digits + i];
    return;
  }
#endif
  for (std::size_t i = digits; i-- > 0; v >>= 4) p[i] = "0123456789abcdef"[v & 15];
}

// The decimal at s[i] on, read up to the first byte that is not a digit, with i moved there:
// 1 to 40 digits, leading zeros allowed (RFC 4475 3.1.1.1), at most `max` (below 2^60).
// For a number followed by more text, read in the one pass that finds its end.
constexpr std::optional<std::uint64_t> scan_uint(std::string_view s, std::size_t& i, std::uint64_t max) {
  const std::size_t start = i;
  std::uint64_t v = 0;
  for (; i < s.size() && is_digit(s[i]); ++i) {
    v = v * 10 + static_cast<std::uint64_t>(s[i] - '0');
    if (v > max) return std::nullopt;
  }
  if (i == start || i - start > 40) return std::nullopt;
  return v;
}
// The same for a whole string: digits and nothing else.
constexpr std::optional<std::uint64_t> parse_uint(std::string_view s, std::uint64_t max) {
  std::size_t i = 0;
  const auto v = scan_uint(s, i, max);
  // Not `v && ... ? v : nullopt`: copying the optional made GCC write it to the stack and
  // read it back wider than written (a load the store buffer cannot forward).
  if (!v || i != s.size()) return std::nullopt;
  return *v;
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
