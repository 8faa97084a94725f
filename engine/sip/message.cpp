#include "sip/message.hpp"

#include <cstring>

#include "sip/chars.hpp"

namespace sw::sip {

namespace {
constexpr std::size_t k_initial_buffer = 4096;
constexpr std::size_t k_initial_headers = 32;
// What reset() copies over the parsed structures. Assigning `T{}` made GCC build each one on
// the stack and copy it, and its 8-byte stores read back 16 at a time stalled every parse.
constexpr uri k_blank_uri{};
constexpr via k_blank_via{};
constexpr name_addr k_blank_name_addr{};
}  // namespace

message::message() {
  buffer_.resize(k_initial_buffer);
  headers_.reserve(k_initial_headers);
}

void message::reset() noexcept {
  headers_.clear();
  first_.fill(0);
  start_ = size_ = trailing_ = 0;
  method_ = sip::method::unknown;
  // One by one: a chained assignment reads each back to store the next.
  for (std::string_view* view : {&method_text_, &request_uri_text_, &version_, &reason_, &call_id_, &contact_uri_, &body_})
    *view = {};
  request_uri_ = k_blank_uri;
  status_ = 0;
  top_via_ = k_blank_via;
  via_count_ = 0;
  from_ = k_blank_name_addr;
  to_ = k_blank_name_addr;
  cseq_ = sip::cseq{};
  max_forwards_ = -1;
  has_content_length_ = false;
}

char* message::prepare(std::size_t n) {
  if (buffer_.size() < n) buffer_.resize(n);
  return buffer_.data();
}

parse_error message::parse(std::string_view bytes, const parse_options& options) {
  if (bytes.size() > options.max_size) {
    reset();
    return {errc::message_too_large, options.max_size, 513};
  }
  std::memcpy(prepare(bytes.size()), bytes.data(), bytes.size());
  return parse_prepared(bytes.size(), options);
}

const header_field* message::find_unindexed(header_id id) const noexcept {
  for (std::size_t i = 254; i < headers_.size(); ++i)
    if (headers_[i].id == id) return &headers_[i];
  return nullptr;
}

const header_field* message::find(std::string_view name) const noexcept {
  const header_id id = lookup_header(name);
  if (id != header_id::other) return find(id);
  for (const auto& h : headers_)
    if (h.id == header_id::other && lex::iequals(h.name, name)) return &h;
  return nullptr;
}

std::size_t message::count(header_id id) const noexcept {
  std::size_t n = 0;
  for (const auto& h : headers_) n += h.id == id;
  return n;
}

message::value_cursor::value_cursor(const message& m, header_id id) noexcept : m_(&m), id_(id) {
  // Start at the first line with this id; with none among the indexed lines, past them.
  const header_field* first = m.find(id);
  index_ = first ? static_cast<std::size_t>(first - m.headers_.data()) : m.headers_.size();
}

bool message::value_cursor::next(std::string_view& value, std::uint32_t& offset) noexcept {
  for (;;) {
    if (current_) {
      std::size_t at;
      if (cursor_.next(value, at)) {
        offset = current_->offset + static_cast<std::uint32_t>(at);
        return true;
      }
      current_ = nullptr;
    }
    while (index_ < m_->headers_.size() && m_->headers_[index_].id != id_) ++index_;
    if (index_ == m_->headers_.size()) return false;
    current_ = &m_->headers_[index_++];
    cursor_ = comma_cursor(current_->value);
  }
}

}  // namespace sw::sip
