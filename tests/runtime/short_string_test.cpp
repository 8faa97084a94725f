// runtime::short_string: inline up to 47 bytes, on the heap beyond, value semantics either way.
#include "runtime/short_string.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace {

using sw::runtime::short_string;

TEST(short_string, holds_every_length_across_the_inline_limit) {
  static_assert(sizeof(short_string) == 48);
  for (std::size_t n = 0; n <= 100; ++n) {
    std::string text(n, 'x');
    for (std::size_t i = 0; i < n; ++i) text[i] = static_cast<char>('a' + i % 26);
    const short_string s(text);
    EXPECT_EQ(s.view(), text) << n;
    EXPECT_EQ(s.size(), n);
    EXPECT_EQ(s.empty(), n == 0);
    const short_string copy = s;
    EXPECT_EQ(copy.view(), text) << n;
    short_string assigned;
    assigned = s;
    EXPECT_EQ(assigned.view(), text) << n;
    short_string moved = std::move(assigned);
    EXPECT_EQ(moved.view(), text) << n;
    EXPECT_TRUE(assigned.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty, by design
  }
}

TEST(short_string, inline_up_to_47_bytes_and_no_further) {
  const std::string at(47, 'b'), past(48, 'c');
  const short_string a(at), p(past);
  // Inline: the characters are inside the object.
  const char* base = reinterpret_cast<const char*>(&a);
  EXPECT_TRUE(a.data() >= base && a.data() < base + sizeof a);
  const char* pbase = reinterpret_cast<const char*>(&p);
  EXPECT_FALSE(p.data() >= pbase && p.data() < pbase + sizeof p);
}

TEST(short_string, assigning_from_a_view_of_itself_and_swapping_sizes) {
  short_string s(std::string(60, 'h'));
  s = s.view().substr(10, 5);  // from its own heap block, which the assignment frees
  EXPECT_EQ(s.view(), "hhhhh");
  s = std::string(70, 'z');
  EXPECT_EQ(s.view(), std::string(70, 'z'));
  s = std::string_view("short");
  EXPECT_EQ(s.view(), "short");
  s = s;  // NOLINT: self-assignment keeps the value
  EXPECT_EQ(s.view(), "short");
  EXPECT_TRUE(s == "short");
}

TEST(short_string, lives_in_vectors_that_grow) {
  std::vector<short_string> v;
  for (int i = 0; i < 200; ++i) v.emplace_back(std::string(static_cast<std::size_t>(i % 90), static_cast<char>('a' + i % 26)));
  for (int i = 0; i < 200; ++i)
    EXPECT_EQ(v[static_cast<std::size_t>(i)].view(), std::string(static_cast<std::size_t>(i % 90), static_cast<char>('a' + i % 26)));
}

}  // namespace
