// A string for the identifiers every call and transaction keys a table with: branches,
// Call-IDs, tags. Up to 47 bytes live inside the object (48 bytes in all); longer ones go to
// the heap. std::string keeps only 15 inline, and a branch or Call-ID is 20 to 45, so each
// was an allocation of its own, and every table probe that compared keys chased it into
// another cold cache line (bench/RESULTS.md, stop 7).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>

namespace sw::runtime {

class short_string {
 public:
  static constexpr std::size_t inline_capacity = 47;

  short_string() noexcept { bytes_[k_tag] = 0; }
  short_string(std::string_view s) { init(s); }  // NOLINT: a view converts, as to std::string
  short_string(const short_string& other) { init(other.view()); }
  short_string(short_string&& other) noexcept {
    std::memcpy(bytes_, other.bytes_, sizeof bytes_);
    other.bytes_[k_tag] = 0;  // the heap block, if any, is ours now
  }
  short_string& operator=(const short_string& other) {
    if (this != &other) assign(other.view());
    return *this;
  }
  short_string& operator=(short_string&& other) noexcept {
    if (this != &other) {
      release();
      std::memcpy(bytes_, other.bytes_, sizeof bytes_);
      other.bytes_[k_tag] = 0;
    }
    return *this;
  }
  short_string& operator=(std::string_view s) {
    assign(s);
    return *this;
  }
  ~short_string() { release(); }

  void assign(std::string_view s) {
    // `s` may point into this string: copy before letting go of the old bytes.
    short_string fresh(s);
    *this = std::move(fresh);
  }

  std::string_view view() const noexcept {
    if (!on_heap()) return {bytes_, static_cast<std::size_t>(bytes_[k_tag])};
    return {heap_pointer(), heap_size()};
  }
  operator std::string_view() const noexcept { return view(); }  // NOLINT
  std::size_t size() const noexcept { return view().size(); }
  bool empty() const noexcept { return bytes_[k_tag] == 0; }
  const char* data() const noexcept { return view().data(); }

  friend bool operator==(const short_string& a, std::string_view b) noexcept { return a.view() == b; }

 private:
  // Inline: bytes_[0..46] hold the characters and bytes_[47] their count (0-47). On the heap:
  // bytes_[0..7] the pointer, bytes_[8..15] the size, bytes_[47] = k_heap.
  static constexpr std::size_t k_tag = 47;
  static constexpr char k_heap = static_cast<char>(0xff);

  bool on_heap() const noexcept { return bytes_[k_tag] == k_heap; }
  char* heap_pointer() const noexcept {
    char* p;
    std::memcpy(&p, bytes_, sizeof p);
    return p;
  }
  std::size_t heap_size() const noexcept {
    std::size_t n;
    std::memcpy(&n, bytes_ + 8, sizeof n);
    return n;
  }
  void init(std::string_view s) {
    if (s.size() <= inline_capacity) {
      if (!s.empty()) std::memcpy(bytes_, s.data(), s.size());
      bytes_[k_tag] = static_cast<char>(s.size());
      return;
    }
    char* p = new char[s.size()];
    std::memcpy(p, s.data(), s.size());
    const std::size_t n = s.size();
    std::memcpy(bytes_, &p, sizeof p);
    std::memcpy(bytes_ + 8, &n, sizeof n);
    bytes_[k_tag] = k_heap;
  }
  void release() noexcept {
    if (on_heap()) delete[] heap_pointer();
    bytes_[k_tag] = 0;
  }

  alignas(8) char bytes_[48];
};

}  // namespace sw::runtime
