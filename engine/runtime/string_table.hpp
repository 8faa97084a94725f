// An open-addressing hash table from a string key to a small value that knows its own key
// (a transaction its branch, a session its Call-ID), so the table stores no string and
// allocates nothing per entry. Each slot keeps the key's 64-bit hash beside the value: a
// probe compares hashes in the table's own memory and asks the value for its key only when
// they match, instead of chasing list nodes and re-hashing their keys (what
// std::unordered_map does, and what dominated a call's cost in bench/session_bench).
//
// Linear probing, at most half full, deletion by backward shift (no tombstones). Inserting
// may move every value and erasing may move some: do not hold a pointer into the table
// across either. The hash is seeded per table, so a peer cannot choose colliding keys.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <string_view>
#include <utility>
#include <vector>

namespace sw::runtime {

inline std::uint64_t hash_string(std::string_view s, std::uint64_t seed) noexcept {
  constexpr std::uint64_t k_mul = 0xbf58476d1ce4e5b9ull;
  std::uint64_t h = seed ^ (s.size() * 0x9e3779b97f4a7c15ull);
  const char* p = s.data();
  std::size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * k_mul;
    h ^= h >> 31;
  }
  if (n > 0) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = (h ^ w) * k_mul;
    h ^= h >> 31;
  }
  h *= 0x94d049bb133111ebull;
  h ^= h >> 29;
  return h;
}

// `KeyOf` is a callable `std::string_view(const V&)`; `V{}` must be the empty value.
template <typename V, typename KeyOf>
class string_table {
 public:
  explicit string_table(KeyOf key_of = {}, std::size_t capacity = 64)
      : key_of_(std::move(key_of)), seed_(std::random_device{}() | (std::uint64_t{std::random_device{}()} << 32)) {
    std::size_t n = 16;
    while (n < capacity * 2) n *= 2;
    slots_.resize(n);
  }

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }

  V* find(std::string_view key) noexcept {
    slot& s = probe(key, stored_hash(key));
    return s.hash != 0 ? &s.value : nullptr;
  }

  // The value under `key`; when absent, an empty one is inserted and the caller must give
  // it its key (make key_of return `key`) before the next call on the table.
  V& find_or_insert(std::string_view key) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    const std::uint64_t h = stored_hash(key);
    slot& s = probe(key, h);
    if (s.hash == 0) {
      s.hash = h;
      ++size_;
    }
    return s.value;
  }

  // Removes the entry `value` points at (from find or find_or_insert). The value is
  // destroyed last, once the table is whole again, so its destructor may look things up.
  void erase(V* value) noexcept {
    V dead = std::move(*value);
    std::size_t hole = static_cast<std::size_t>(reinterpret_cast<char*>(value) -
                                                reinterpret_cast<char*>(&slots_[0].value)) /
                       sizeof(slot);
    // Backward shift: pull later members of the probe run into the hole so that no lookup
    // meets an empty slot before its key.
    for (std::size_t i = (hole + 1) & mask();; i = (i + 1) & mask()) {
      slot& next = slots_[i];
      if (next.hash == 0) break;
      const std::size_t home = index(next.hash);
      // Move `next` back when its home is not in (hole, i] (cyclically).
      const bool stays = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
      if (stays) continue;
      slots_[hole].hash = next.hash;
      slots_[hole].value = std::move(next.value);
      hole = i;
    }
    slots_[hole].hash = 0;
    slots_[hole].value = V{};
    --size_;
  }

  // Calls f(V&) for every entry; f must not insert or erase.
  template <typename F>
  void for_each(F&& f) {
    for (slot& s : slots_)
      if (s.hash != 0) f(s.value);
  }

 private:
  struct slot {
    std::uint64_t hash = 0;  // 0: empty
    V value{};
  };
  std::size_t mask() const noexcept { return slots_.size() - 1; }
  // The slot holding `key`, or the empty slot that ends its probe run.
  slot& probe(std::string_view key, std::uint64_t h) noexcept {
    for (std::size_t i = index(h);; i = (i + 1) & mask()) {
      slot& s = slots_[i];
      if (s.hash == 0 || (s.hash == h && key_of_(s.value) == key)) return s;
    }
  }
  std::uint64_t stored_hash(std::string_view key) const noexcept { return hash_string(key, seed_) | 1; }
  std::size_t index(std::uint64_t h) const noexcept { return static_cast<std::size_t>(h >> 1) & mask(); }

  void grow() {
    std::vector<slot> old(slots_.size() * 2);
    old.swap(slots_);
    for (slot& s : old) {
      if (s.hash == 0) continue;
      std::size_t i = index(s.hash);
      while (slots_[i].hash != 0) i = (i + 1) & mask();
      slots_[i].hash = s.hash;
      slots_[i].value = std::move(s.value);
    }
  }

  KeyOf key_of_;
  std::uint64_t seed_;
  std::vector<slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace sw::runtime
