// The index of client transactions by our branches: sequence numbers place them in a ring,
// anything else (and what the ring cannot hold) in a hash table beside it.
#include "txn/branch_index.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "runtime/timer_wheel.hpp"
#include "txn/transaction_layer.hpp"

namespace sw::txn {
namespace {

struct entry {
  std::string key;
};
std::string_view key_of(const entry& e) noexcept { return e.key; }
using index = branch_index<entry, std::string_view (*)(const entry&) noexcept>;

std::string ours(std::uint64_t sequence, const char* random = "0123456789abcdef") {
  return std::string("z9hG4bK") + random + "." + std::to_string(sequence);
}

void insert(index& x, const std::string& key) {
  entry& e = x.find_or_insert(key);
  ASSERT_TRUE(e.key.empty());
  e.key = key;
}

TEST(branch_index, sequence_of_our_branches_only) {
  runtime::timer_wheel wheel;
  transaction_layer layer(wheel);
  for (int i = 0; i < 3; ++i) {
    const std::string branch(layer.new_branch());
    EXPECT_EQ(branch_sequence(branch), static_cast<std::uint64_t>(i + 1)) << branch;
  }
  EXPECT_FALSE(branch_sequence("z9hG4bKabc"));
  EXPECT_FALSE(branch_sequence("z9hG4bK0123456789abcdef."));
  EXPECT_FALSE(branch_sequence("z9hG4bK0123456789abcdef.12x"));
  EXPECT_FALSE(branch_sequence("z9hG4bK0123456789abcdef-12"));
  EXPECT_FALSE(branch_sequence("z9hG4bK0123456789abcdef.123456789012345678901"));  // 21 digits
}

TEST(branch_index, finds_what_it_holds_wherever_it_is) {
  index x(key_of);
  std::set<std::string> held;
  // Consecutive sequence numbers, well past the first ring size (it grows), a branch of
  // another shape, and an old one still alive when the numbers come round to its slot.
  for (std::uint64_t s = 1; s <= 5000; ++s) held.insert(ours(s));
  held.insert("z9hG4bK-a-peer-made-this");
  for (const auto& k : held) insert(x, k);
  EXPECT_EQ(x.size(), held.size());
  for (const auto& k : held) {
    entry* e = x.find(k);
    ASSERT_NE(e, nullptr) << k;
    EXPECT_EQ(e->key, k);
  }
  // Same shape, same sequence number, another random part: not ours, found nowhere.
  EXPECT_EQ(x.find(ours(42, "fedcba9876543210")), nullptr);
  EXPECT_EQ(x.find(ours(999999)), nullptr);
  std::size_t seen = 0;
  x.for_each([&](entry& e) { seen += held.count(e.key); });
  EXPECT_EQ(seen, held.size());

  // Every one but the first goes; then numbers a whole ring later take the first's slot
  // while it lives: they go to the table, and both are found.
  for (std::uint64_t s = 2; s <= 5000; ++s) x.erase(x.find(ours(s)));
  EXPECT_EQ(x.size(), 2u);
  for (std::uint64_t s = 1 + 8192; s <= 1 + 8192 * 3; s += 8192) insert(x, ours(s));
  for (std::uint64_t s = 1; s <= 1 + 8192 * 3; s += 8192) {
    entry* e = x.find(ours(s));
    ASSERT_NE(e, nullptr) << s;
    EXPECT_EQ(e->key, ours(s));
  }
  for (std::uint64_t s = 1; s <= 1 + 8192 * 3; s += 8192) x.erase(x.find(ours(s)));
  x.erase(x.find("z9hG4bK-a-peer-made-this"));
  EXPECT_EQ(x.size(), 0u);
  EXPECT_EQ(x.find(ours(1)), nullptr);
}

// Two peers whose counts meet (two sipwright processes both start at 1) share every slot:
// the second of each pair goes to the table, and the ring grows no more than for one peer
// alone, since no ring size would part them. Every entry is still found.
TEST(branch_index, peers_whose_counts_meet_do_not_grow_the_ring) {
  index one(key_of);
  for (std::uint64_t s = 1; s <= 5000; ++s) insert(one, ours(s));
  index two(key_of);
  for (std::uint64_t s = 1; s <= 5000; ++s) {
    insert(two, ours(s, "aaaaaaaaaaaaaaaa"));
    insert(two, ours(s, "bbbbbbbbbbbbbbbb"));
  }
  EXPECT_EQ(two.ring_slots(), one.ring_slots());
  EXPECT_EQ(two.size(), 10000u);
  for (std::uint64_t s = 1; s <= 5000; ++s)
    for (const char* peer : {"aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"}) {
      entry* e = two.find(ours(s, peer));
      ASSERT_NE(e, nullptr) << s << peer;
      EXPECT_EQ(e->key, ours(s, peer));
    }
}

}  // namespace
}  // namespace sw::txn
