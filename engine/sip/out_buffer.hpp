// The buffer messages are written into: 2 KB inside the object (an INVITE with SDP fits), the
// heap beyond. Its own type rather than fmt's memory_buffer because every append of the
// builder goes through it: here the capacity check and a short copy are inline, where fmt's
// try_resize called out of line for each piece.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace sw::sip {

class out_buffer {
 public:
  using value_type = char;  // for std::back_inserter, which fmt::format_to writes through
  static constexpr std::size_t inline_capacity = 2048;

  out_buffer() noexcept = default;
  out_buffer(const out_buffer&) = delete;
  out_buffer& operator=(const out_buffer&) = delete;
  ~out_buffer() {
    if (data_ != inline_) delete[] data_;
  }

  const char* data() const noexcept { return data_; }
  char* data() noexcept { return data_; }
  std::size_t size() const noexcept { return size_; }
  std::size_t capacity() const noexcept { return capacity_; }
  bool empty() const noexcept { return size_ == 0; }
  std::string_view view() const noexcept { return {data_, size_}; }

  void clear() noexcept { size_ = 0; }
  void reserve(std::size_t n) {
    if (n > capacity_) grow(n);
  }
  void resize(std::size_t n) {
    reserve(n);
    size_ = n;
  }
  void push_back(char c) {
    if (size_ == capacity_) grow(size_ + 1);
    data_[size_++] = c;
  }
  [[gnu::always_inline]] void append(std::string_view s) {
    reserve(size_ + s.size());
    copy_bytes(data_ + size_, s.data(), s.size());
    size_ += s.size();
  }
  // Room for `n` more bytes at the end, for a writer that copies fixed-size blocks and then
  // commits how many of the bytes written count.
  [[gnu::always_inline]] char* room(std::size_t n) {
    reserve(size_ + n);
    return data_ + size_;
  }
  void commit(std::size_t n) noexcept { size_ += n; }
  // The sized copy append() uses, for a writer working in room().
  [[gnu::always_inline]] static void copy(char* to, std::string_view s) noexcept {
    copy_bytes(to, s.data(), s.size());
  }
  void append(const char* begin, const char* end) { append(std::string_view(begin, static_cast<std::size_t>(end - begin))); }

 private:
  // Most pieces of a message are a few bytes long; for those memcpy's call and size dispatch
  // cost more than the copy.
  [[gnu::always_inline]] static void copy_bytes(char* to, const char* from, std::size_t n) noexcept {
    if (n > 16) {
      std::memcpy(to, from, n);
    } else if (n >= 8) {  // two 8-byte moves that may overlap
      std::uint64_t head, tail;
      std::memcpy(&head, from, 8);
      std::memcpy(&tail, from + n - 8, 8);
      std::memcpy(to, &head, 8);
      std::memcpy(to + n - 8, &tail, 8);
    } else if (n >= 4) {
      std::uint32_t head, tail;
      std::memcpy(&head, from, 4);
      std::memcpy(&tail, from + n - 4, 4);
      std::memcpy(to, &head, 4);
      std::memcpy(to + n - 4, &tail, 4);
    } else if (n > 0) {  // 1 to 3 bytes: first, middle, last
      to[0] = from[0];
      to[n / 2] = from[n / 2];
      to[n - 1] = from[n - 1];
    }
  }
  [[gnu::noinline]] void grow(std::size_t needed) {
    std::size_t next = capacity_ * 2;
    if (next < needed) next = needed;
    char* bigger = new char[next];
    std::memcpy(bigger, data_, size_);
    if (data_ != inline_) delete[] data_;
    data_ = bigger;
    capacity_ = next;
  }

  char* data_ = inline_;
  std::size_t size_ = 0;
  std::size_t capacity_ = inline_capacity;
  char inline_[inline_capacity];
};

}  // namespace sw::sip
