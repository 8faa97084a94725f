// The random bits of the identifiers every call makes (branches, tags, Call-IDs): several
// 64-bit draws per call. splitmix64 (Steele, Lea and Flood, 2014) passes a 64-bit counter
// through a mixing function: 8 bytes of state and a handful of instructions per draw, where
// std::mt19937_64 kept 2.5 KB (out of cache every few calls under load) and regenerated it
// every 312 draws (bench/RESULTS.md, stop 10). Branches are unique by the counter they end
// with, Call-IDs and tags by their 60 to 64 random bits from a 64-bit seed. Neither generator
// is cryptographic, so neither meets RFC 3261 §19.3's "cryptographically random" for tags.
#pragma once

#include <cstdint>
#include <random>

namespace sw::runtime {

class splitmix64 {
 public:
  using result_type = std::uint64_t;

  explicit splitmix64(std::uint64_t seed) noexcept : state_(seed) {}
  // 64 bits from the system's entropy source (std::mt19937_64 was seeded with 32).
  static splitmix64 from_device() {
    std::random_device device;
    const std::uint64_t high = device(), low = device();
    return splitmix64((high << 32) ^ low);
  }

  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return ~result_type{0}; }
  result_type operator()() noexcept {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t state_;
};

}  // namespace sw::runtime
