// runtime::splitmix64: the generator of the published reference (splitmix64.c, Vigna), so its
// outputs are those of that code for the same seed.
#include "runtime/splitmix64.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>

namespace {

using sw::runtime::splitmix64;

TEST(splitmix64, draws_the_reference_sequence) {
  splitmix64 r(1234567);
  for (const std::uint64_t expected : {6457827717110365317ull, 3203168211198807973ull, 9817491932198370423ull,
                                       4593380528125082431ull, 16408922859458223821ull})
    EXPECT_EQ(r(), expected);
}

// Two generators seeded from the device draw different streams, and a stream repeats no value
// in a long run (the counter it mixes never repeats within 2^64 draws).
TEST(splitmix64, device_seeds_differ_and_draws_do_not_repeat) {
  splitmix64 a = splitmix64::from_device(), b = splitmix64::from_device();
  EXPECT_NE(a(), b());
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 100000; ++i) EXPECT_TRUE(seen.insert(a()).second);
  static_assert(splitmix64::min() == 0 && splitmix64::max() == ~std::uint64_t{0});
}

}  // namespace
