#include "runtime/string_table.hpp"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <random>
#include <string>

namespace sw::runtime {
namespace {

// A value that owns its key, as a transaction owns its branch.
struct item {
  std::unique_ptr<std::string> key;
  int payload = 0;
};
std::string_view key_of(const item& i) noexcept { return i.key ? std::string_view(*i.key) : std::string_view(); }
using table = string_table<item, std::string_view (*)(const item&) noexcept>;

item& put(table& t, const std::string& key, int payload) {
  item& i = t.find_or_insert(key);
  if (!i.key) i.key = std::make_unique<std::string>(key);
  i.payload = payload;
  return i;
}

TEST(string_table, finds_what_was_inserted_and_nothing_else) {
  table t(key_of, 4);
  put(t, "z9hG4bK-one", 1);
  put(t, "z9hG4bK-two", 2);
  ASSERT_NE(t.find("z9hG4bK-one"), nullptr);
  EXPECT_EQ(t.find("z9hG4bK-one")->payload, 1);
  EXPECT_EQ(t.find("z9hG4bK-two")->payload, 2);
  EXPECT_EQ(t.find("z9hG4bK-three"), nullptr);
  EXPECT_EQ(t.find(""), nullptr);
  put(t, "z9hG4bK-one", 5);  // the same key finds the same entry
  EXPECT_EQ(t.size(), 2u);
  EXPECT_EQ(t.find("z9hG4bK-one")->payload, 5);
}

// Random inserts and erases, through growth and with probe runs wrapping around the end of
// the slots, against std::map: every key present is found with its value, no erased key is.
TEST(string_table, agrees_with_a_map) {
  std::mt19937_64 rng(7);
  table t(key_of, 8);
  std::map<std::string, int> model;
  for (int step = 0; step < 200000; ++step) {
    const std::string key = "k" + std::to_string(rng() % 3000);
    if (rng() % 3 != 0) {
      const int v = static_cast<int>(rng() % 1000);
      put(t, key, v);
      model[key] = v;
    } else if (item* i = t.find(key)) {
      t.erase(i);
      model.erase(key);
    } else {
      EXPECT_EQ(model.count(key), 0u) << key;
    }
    if (step % 5000 == 0) {
      ASSERT_EQ(t.size(), model.size());
      for (const auto& [k, v] : model) {
        const item* i = t.find(k);
        ASSERT_NE(i, nullptr) << k;
        EXPECT_EQ(i->payload, v) << k;
      }
    }
  }
  std::size_t seen = 0;
  t.for_each([&](item& i) {
    ++seen;
    EXPECT_EQ(model.at(*i.key), i.payload);
  });
  EXPECT_EQ(seen, model.size());
}

TEST(string_table, erase_everything_leaves_it_empty) {
  table t(key_of, 4);
  for (int i = 0; i < 1000; ++i) put(t, "branch" + std::to_string(i), i);
  for (int i = 0; i < 1000; ++i) {
    item* x = t.find("branch" + std::to_string(i));
    ASSERT_NE(x, nullptr);
    t.erase(x);
  }
  EXPECT_TRUE(t.empty());
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(t.find("branch" + std::to_string(i)), nullptr);
}

TEST(string_table, hash_depends_on_every_byte_and_the_seed) {
  const std::string a = "z9hG4bK0123456789abcdef.1";
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::string b = a;
    b[i] ^= 1;
    EXPECT_NE(hash_string(a, 1), hash_string(b, 1)) << i;
  }
  EXPECT_NE(hash_string(a, 1), hash_string(a, 2));
  EXPECT_NE(hash_string("ab", 1), hash_string(std::string_view("ab\0", 3), 1));
}

}  // namespace
}  // namespace sw::runtime
