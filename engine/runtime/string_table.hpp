// An open-addressing hash table from a string key to a small value that knows its own key
// (a transaction its branch, a session its Call-ID), so the table stores no string and
// allocates nothing per entry. Each slot keeps 32 bits of the key's hash in an array beside
// the values: a probe compares those in the table's own memory and asks the value for its
// key only when they match, instead of chasing list nodes and re-hashing their keys (what
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
    tags_.resize(n);
    values_.resize(n);
  }

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }

  V* find(std::string_view key) noexcept {
    const std::size_t i = probe(key, tag_of(key));
    if (tags_[i] != 0) return &values_[i];
    // Absent: the slot an insert of `key` would take is asked for now, so that a caller who
    // looks up and then inserts (after making the value) does not wait for it then.
    __builtin_prefetch(&values_[i], 1);
    return nullptr;
  }

  // The value under `key`; when absent, an empty one is inserted and the caller must give
  // it its key (make key_of return `key`) before the next call on the table.
  V& find_or_insert(std::string_view key) {
    if ((size_ + 1) * 2 > tags_.size()) grow();
    const std::uint32_t t = tag_of(key);
    const std::size_t i = probe(key, t);
    if (tags_[i] == 0) {
      tags_[i] = t;
      ++size_;
    }
    return values_[i];
  }

  // Removes the entry `value` points at (from find or find_or_insert). The value is
  // destroyed last, once the table is whole again, so its destructor may look things up.
  void erase(V* value) noexcept {
    V dead = std::move(*value);
    std::size_t hole = static_cast<std::size_t>(value - values_.data());
    // Backward shift: pull later members of the probe run into the hole so that no lookup
    // meets an empty slot before its key.
    for (std::size_t i = (hole + 1) & mask();; i = (i + 1) & mask()) {
      if (tags_[i] == 0) break;
      const std::size_t home = index(tags_[i]);
      // Move `next` back when its home is not in (hole, i] (cyclically).
      const bool stays = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
      if (stays) continue;
      tags_[hole] = tags_[i];
      values_[hole] = std::move(values_[i]);
      hole = i;
    }
    tags_[hole] = 0;
    values_[hole] = V{};
    --size_;
  }

  // Calls f(V&) for every entry; f must not insert or erase.
  template <typename F>
  void for_each(F&& f) {
    for (std::size_t i = 0; i < tags_.size(); ++i)
      if (tags_[i] != 0) f(values_[i]);
  }

 private:
  // Per slot, 32 bits of the key's hash (0: empty) in an array of their own, beside the
  // values: a probe reads 16 slots' tags per cache line and touches a value only when its
  // tag matches. A table of 64k slots keeps 256 KB of tags, which stay in cache under load
  // while the values (a few MB) do not: looking up an absent key (every new transaction,
  // every ACK of a 2xx) reads no value at all.
  std::size_t mask() const noexcept { return tags_.size() - 1; }
  // The slot holding `key`, or the empty slot that ends its probe run.
  std::size_t probe(std::string_view key, std::uint32_t t) noexcept {
    for (std::size_t i = index(t);; i = (i + 1) & mask()) {
      if (tags_[i] == 0 || (tags_[i] == t && key_of_(values_[i]) == key)) return i;
    }
  }
  std::uint32_t tag_of(std::string_view key) const noexcept {
    return static_cast<std::uint32_t>(hash_string(key, seed_) >> 32) | 1;
  }
  // The home slot from the tag's other 31 bits: tables of up to 2^31 slots.
  std::size_t index(std::uint32_t t) const noexcept { return static_cast<std::size_t>(t >> 1) & mask(); }

  void grow() {
    std::vector<std::uint32_t> old_tags(tags_.size() * 2);
    std::vector<V> old_values(values_.size() * 2);
    old_tags.swap(tags_);
    old_values.swap(values_);
    for (std::size_t k = 0; k < old_tags.size(); ++k) {
      if (old_tags[k] == 0) continue;
      std::size_t i = index(old_tags[k]);
      while (tags_[i] != 0) i = (i + 1) & mask();
      tags_[i] = old_tags[k];
      values_[i] = std::move(old_values[k]);
    }
  }

  KeyOf key_of_;
  std::uint64_t seed_;
  std::vector<std::uint32_t> tags_;
  std::vector<V> values_;
  std::size_t size_ = 0;
};

}  // namespace sw::runtime
