// Transactions by branch. Our branches (new_branch(): magic cookie, 16 hex digits, '.', a
// sequence number) place each client transaction in a ring, slot `sequence mod size`: the
// transactions of consecutive requests sit side by side, a response finds its transaction in
// one probe near those of the calls just before it, and nothing is hashed. With 16,384 calls
// alive a hashed probe was a cache miss at a random place in a table of megabytes, for every
// response (bench/RESULTS.md, stop 8). The server transactions of requests from another
// sipwright (the far end of a load test, or its source) carry branches of the same shape and
// are placed the same way (stop 10); two such peers whose counts meet share slots: the
// second of each pair goes to the table, and the ring does not grow for them.
//
// A branch of any other shape, or one whose slot is held by a live transaction of a
// sequence number a whole ring behind (a call ringing for a long time) once the ring is at
// its largest, goes to a hash table beside it. A lookup tries the ring slot and then the
// table; the full branch is compared either way, so a branch a peer makes up finds nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/string_table.hpp"
#include "sip/header_values.hpp"

namespace sw::txn {

// The shape of the branches transaction_layer::new_branch() makes: the magic cookie, this many
// hex digits of random bits, '.', and a sequence number.
inline constexpr std::size_t k_branch_random_digits = 16;

// The sequence number at the end of a branch new_branch() made; nullopt for any other.
inline std::optional<std::uint64_t> branch_sequence(std::string_view branch) noexcept {
  constexpr std::size_t k_dot = sip::magic_cookie.size() + k_branch_random_digits;
  if (branch.size() <= k_dot + 1 || branch.size() > k_dot + 1 + 19 || branch[k_dot] != '.') return std::nullopt;
  std::uint64_t n = 0;
  for (std::size_t i = k_dot + 1; i < branch.size(); ++i) {
    const char c = branch[i];
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n;
}

// `KeyOf` is a callable `std::string_view(const V&)` that gives "" for the empty value `V{}`.
template <typename V, typename KeyOf>
class branch_index {
 public:
  explicit branch_index(KeyOf key_of) : key_of_(key_of), table_(key_of), ring_(k_first_size) {}

  std::size_t size() const noexcept { return in_ring_ + table_.size(); }
  std::size_t ring_slots() const noexcept { return ring_.size(); }

  V* find(std::string_view key) noexcept { return find(key, branch_sequence(key)); }

  // As string_table::find_or_insert: when absent, an empty value is placed and the caller
  // must give it its key before the next call. May move every value of the ring.
  V& find_or_insert(std::string_view key) {
    const auto sequence = branch_sequence(key);  // read once, for the lookup and the insert
    if (V* v = find(key, sequence)) return *v;
    if (sequence) {
      // A slot taken by another sequence number means the live requests span more than the
      // ring: it doubles, if it is a quarter full at least. A lone old transaction (a call
      // ringing for minutes) that the sequence numbers wrapped onto does not make it grow, nor
      // does one with the very same number (two sipwright peers whose counts meet: no ring
      // size parts them): the new one goes to the table.
      const std::string_view taken = key_of_(ring_[*sequence & mask()]);
      if (!taken.empty() && branch_sequence(taken) != sequence && ring_.size() < k_largest &&
          in_ring_ * 4 >= ring_.size())
        grow();
      V& slot = ring_[*sequence & mask()];
      if (key_of_(slot).empty()) {
        ++in_ring_;
        return slot;
      }
    }
    return table_.find_or_insert(key);
  }

  // Removes what `value` (from find or find_or_insert) points at; the value is destroyed
  // last, once the index is whole again.
  void erase(V* value) noexcept {
    if (!std::less<const V*>()(value, ring_.data()) && std::less<const V*>()(value, ring_.data() + ring_.size())) {
      V dead = std::move(*value);
      *value = V{};
      --in_ring_;
      return;
    }
    table_.erase(value);
  }

  // Calls f(V&) for every entry; f must not insert or erase.
  template <typename F>
  void for_each(F&& f) {
    for (V& v : ring_)
      if (!key_of_(v).empty()) f(v);
    table_.for_each(f);
  }

 private:
  // 1,024 slots of two pointers (16 KB) to start; 4M (64 MB) at most, which a window of
  // that many requests in 64*T1 reaches only beyond 100,000 calls/s.
  static constexpr std::size_t k_first_size = 1024;
  static constexpr std::size_t k_largest = std::size_t{1} << 22;

  std::size_t mask() const noexcept { return ring_.size() - 1; }

  V* find(std::string_view key, std::optional<std::uint64_t> sequence) noexcept {
    if (sequence) {
      V& v = ring_[*sequence & mask()];
      if (key_of_(v) == key) return &v;
    }
    return table_.empty() ? nullptr : table_.find(key);
  }

  void grow() {
    // Two live sequence numbers with the same slot in a ring of size 2n had the same slot in
    // the ring of size n: every entry finds its slot free.
    std::vector<V> old(ring_.size() * 2);
    old.swap(ring_);
    for (V& v : old) {
      if (key_of_(v).empty()) continue;
      ring_[*branch_sequence(key_of_(v)) & mask()] = std::move(v);
    }
  }

  KeyOf key_of_;
  runtime::string_table<V, KeyOf> table_;
  std::vector<V> ring_;
  std::size_t in_ring_ = 0;
};

}  // namespace sw::txn
