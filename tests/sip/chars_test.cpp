// The lexical helpers' fast paths must agree with the byte-at-a-time definition.
#include "sip/chars.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace sw::sip {
namespace {

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

}  // namespace
}  // namespace sw::sip
