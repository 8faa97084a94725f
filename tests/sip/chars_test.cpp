// The lexical helpers' fast paths must agree with the byte-at-a-time definition.
#include "sip/chars.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <cctype>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace sw::sip {
namespace {

// find_line_end reads 16 bytes at a time and what is left byte by byte: over random lines of
// every length up to four blocks, it finds the first '\n' and the first ':' before it where a
// byte-by-byte reading does. The bytes end exactly where the line does, so a read past them
// is an error under AddressSanitizer (scripts/test.sh builds the tests with it).
TEST(chars, find_line_end_agrees_with_a_byte_by_byte_reading) {
  const std::string alphabet = "a:\n\r x";
  std::mt19937 random(3261);
  for (int round = 0; round < 20000; ++round) {
    const std::size_t size = random() % 70;
    std::string text(size, 'a');
    for (char& c : text) c = alphabet[random() % (round % 3 == 0 ? 2 : alphabet.size())];
    const std::vector<char> exact(text.begin(), text.end());  // ASan sees a read past it
    const char* begin = exact.data();
    const char* end = begin + exact.size();
    const std::size_t from = size ? random() % (size + 1) : 0;

    const char* expect_colon = nullptr;
    const char* expect = begin + from;
    for (; expect < end && *expect != '\n'; ++expect)
      if (*expect == ':' && !expect_colon) expect_colon = expect;

    const char* colon = begin;  // must be overwritten
    EXPECT_EQ(lex::find_line_end(begin + from, end, colon), expect) << text << " from " << from;
    EXPECT_EQ(colon, expect_colon) << text << " from " << from;
  }
}

// span_long checks 16 letters, digits, '.' or '-' at a time before going byte by byte: over
// random strings of the bytes around those ranges' edges, it stops where span() stops, for
// every class it is meant for.
TEST(chars, span_long_agrees_with_span) {
  const std::string alphabet = "az AZ09.-_@/:;<>\"%~'`!*+()[]{}?\\,@Z[`{/0:9\x80\xff\x01\t";
  std::mt19937 random(4475);
  for (int round = 0; round < 20000; ++round) {
    std::string s(random() % 64, 'a');
    for (char& c : s) {
      // Mostly plain characters, so that runs are long enough for the vector path.
      c = random() % 4 ? "abcXYZ019.-"[random() % 11] : alphabet[random() % alphabet.size()];
    }
    const std::size_t from = s.empty() ? 0 : random() % (s.size() + 1);
    for (const std::uint16_t cls : {lex::k_token, lex::k_word}) {
      ASSERT_EQ(lex::span_long(s, from, cls), lex::span(s, from, cls)) << s << " from " << from;
    }
  }
}

// plain_suffix answers for the last n bytes from one vector step when it can: true exactly
// when each of them is a letter, digit, '.' or '-', for every n and size and for a byte of
// every kind in every position, inside the suffix or just before it; false whenever it
// cannot take the step (fewer than 16 bytes, or n above 16).
TEST(chars, plain_suffix_agrees_with_a_byte_by_byte_reading) {
  auto plain = [](char c) { return lex::is(c, lex::k_alnum) || c == '.' || c == '-'; };
  const std::string odd = "az AZ09.-_@/:;<>\"%~'`!*+()[]{}?\\,@Z[`{/0:9\x80\xff\x01\t";
  for (std::size_t size = 0; size <= 40; ++size) {
    for (std::size_t n = 1; n <= std::min<std::size_t>(size, 20); ++n) {
      for (std::size_t at = 0; at <= size; ++at) {  // at == size: no odd byte
        for (char c : at == size ? std::string("a") : odd) {
          std::string s(size, 'k');
          if (at < size) s[at] = c;
#if defined(__SSE2__)
          bool expected = size >= 16 && n <= 16;
#else
          bool expected = false;  // no vector step: always left to the caller's loop
#endif
          for (std::size_t i = size - n; i < size && expected; ++i) expected = plain(s[i]);
          ASSERT_EQ(lex::plain_suffix(s, n), expected) << "size " << size << " n " << n << " at " << at << " byte " << int(c);
        }
      }
    }
  }
}

// iequals skips words spelled alike 8 bytes at a time: a difference of case or of letter in
// any position, on either side of a word boundary, must still be told apart.
TEST(chars, iequals_folds_case_in_every_position) {
  const std::string base = "application/sdp;charset=utf-8";
  for (std::size_t n = 0; n <= base.size(); ++n) {
    const std::string a = base.substr(0, n);
    EXPECT_TRUE(lex::iequals(a, a));
    for (std::size_t i = 0; i < n; ++i) {
      std::string upper = a, other = a;
      upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper[i])));
      other[i] = a[i] == 'x' ? 'y' : 'x';
      EXPECT_TRUE(lex::iequals(a, upper)) << a << " " << i;
      EXPECT_FALSE(lex::iequals(a, other)) << a << " " << i;
    }
    if (n > 0) {
      EXPECT_FALSE(lex::iequals(a, a.substr(1)));
    }
  }
  static_assert(lex::iequals("Call-ID", "call-id"));
}

// parse_uint takes digits and nothing else; scan_uint the same digits at the front of more
// text, leaving the index where they end. Both: 1 to 40 digits, leading zeros, at most max.
TEST(chars, parse_uint_and_scan_uint_agree_on_their_limits) {
  EXPECT_EQ(lex::parse_uint("0", 255), 0u);
  EXPECT_EQ(lex::parse_uint("255", 255), 255u);
  EXPECT_FALSE(lex::parse_uint("256", 255));
  EXPECT_FALSE(lex::parse_uint("", 255));
  EXPECT_FALSE(lex::parse_uint("12a", 255));
  EXPECT_FALSE(lex::parse_uint(" 12", 255));
  EXPECT_EQ(lex::parse_uint(std::string(39, '0') + "7", 255), 7u);
  EXPECT_FALSE(lex::parse_uint(std::string(40, '0') + "7", 255));
  std::size_t i = 2;
  EXPECT_EQ(lex::scan_uint("x 4711 INVITE", i, 0xffffffffu), 4711u);
  EXPECT_EQ(i, 6u);
  i = 0;
  EXPECT_FALSE(lex::scan_uint("INVITE", i, 10));
  i = 0;
  EXPECT_FALSE(lex::scan_uint("4294967296 BYE", i, 0xffffffffu));
  static_assert(*lex::parse_uint("70", 255) == 70);
}

// write_hex writes the low `digits` nibbles, most significant first, in lower case: as
// printf's %0*llx does for the value masked to those nibbles, for every count up to 16 and
// values with every nibble, 0 and 0xff...f among them.
TEST(chars, write_hex_agrees_with_printf) {
  std::mt19937_64 random(3261);
  for (int round = 0; round < 2000; ++round) {
    const std::uint64_t v = round == 0 ? 0 : round == 1 ? ~std::uint64_t{0} : random();
    for (std::size_t digits = 0; digits <= 16; ++digits) {
      char ours[17] = {};
      lex::write_hex(ours, v, digits);
      const std::uint64_t masked = digits == 16 ? v : v & ((std::uint64_t{1} << (4 * digits)) - 1);
      char theirs[32];
      std::snprintf(theirs, sizeof theirs, "%0*llx", static_cast<int>(digits), static_cast<unsigned long long>(masked));
      ASSERT_EQ(std::string(ours, digits), digits ? std::string(theirs) : std::string()) << v << " " << digits;
    }
  }
}

}  // namespace
}  // namespace sw::sip
