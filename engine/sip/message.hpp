// A parsed SIP message: one buffer it owns and views into it. Parsing copies the bytes once
// (or receives them in place through prepare()), normalizes line folding to spaces in place,
// records each header line as a view, and checks the headers every transaction and dialog
// needs (Via, From, To, Call-ID, CSeq, Max-Forwards, Content-Length, Contact). Reusing one
// message object for many parses allocates nothing once its buffers have grown.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "sip/error.hpp"
#include "sip/header_id.hpp"
#include "sip/header_values.hpp"
#include "sip/method.hpp"
#include "sip/name_addr.hpp"
#include "sip/uri.hpp"

namespace sw::sip {

struct header_field {
  std::string_view name;   // as written: "v", "VIA", "Via"
  std::string_view value;  // trimmed; folding replaced by spaces
  header_id id = header_id::other;
  std::uint32_t offset = 0;  // of the value, in the message buffer
};

struct parse_options {
  std::uint32_t max_size = 65535;
  std::uint16_t max_headers = 256;
  // Stream transports (TCP, TLS): Content-Length is required (RFC 3261 §18.3). Datagrams
  // without it take the rest of the datagram as the body.
  bool stream = false;
};

class message {
 public:
  message();
  message(message&&) noexcept = default;
  message& operator=(message&&) noexcept = default;
  message(const message&) = delete;
  message& operator=(const message&) = delete;

  // Copies `bytes` into the owned buffer and parses them.
  parse_error parse(std::string_view bytes, const parse_options& options = {});
  // Zero-copy receive: write up to n bytes at prepare(n), then parse the first `size` of them.
  char* prepare(std::size_t n);
  parse_error parse_prepared(std::size_t size, const parse_options& options = {});

  // What was parsed. After an error, what was read before it is still there.
  bool is_request() const noexcept { return status_ == 0; }
  sip::method method() const noexcept { return method_; }
  std::string_view method_text() const noexcept { return method_text_; }
  std::string_view request_uri_text() const noexcept { return request_uri_text_; }
  const uri& request_uri() const noexcept { return request_uri_; }
  std::string_view version() const noexcept { return version_; }
  int status() const noexcept { return status_; }
  std::string_view reason() const noexcept { return reason_; }

  std::span<const header_field> headers() const noexcept { return headers_; }
  // Inline: the layers above ask many times per message, and the index answers at once.
  const header_field* find(header_id id) const noexcept {
    if (const std::uint8_t first = first_[static_cast<std::size_t>(id)]; first != 0) return &headers_[first - 1u];
    return headers_.size() > 254 ? find_unindexed(id) : nullptr;
  }
  const header_field* find(std::string_view name) const noexcept;  // any name, compact or long
  std::string_view header(header_id id) const noexcept {           // first value, or ""
    const header_field* h = find(id);
    return h ? h->value : std::string_view{};
  }
  std::size_t count(header_id id) const noexcept;

  // The typed headers checked while parsing.
  const sip::via& top_via() const noexcept { return top_via_; }
  std::size_t via_count() const noexcept { return via_count_; }
  const name_addr& from() const noexcept { return from_; }
  const name_addr& to() const noexcept { return to_; }
  std::string_view call_id() const noexcept { return call_id_; }
  // The URI of the first Contact value ("" when there is none, or it is '*').
  std::string_view contact_uri() const noexcept { return contact_uri_; }
  const sip::cseq& cseq() const noexcept { return cseq_; }
  int max_forwards() const noexcept { return max_forwards_; }  // -1 when absent
  bool has_content_length() const noexcept { return has_content_length_; }

  std::string_view body() const noexcept { return body_; }
  // The framed message (start line to the end of the body), and what followed it in the
  // datagram, which is never parsed (RFC 4475 3.1.1.8).
  std::string_view bytes() const noexcept { return {buffer_.data() + start_, size_}; }
  std::size_t trailing_bytes() const noexcept { return trailing_; }

  // Walks every comma-separated value of every header line with this id, in order.
  class value_cursor {
   public:
    value_cursor(const message& m, header_id id) noexcept;
    // `offset` is the value's position in the message buffer (for error reports).
    bool next(std::string_view& value, std::uint32_t& offset) noexcept;
    bool next(std::string_view& value) noexcept {
      std::uint32_t ignored;
      return next(value, ignored);
    }

   private:
    const message* m_;
    header_id id_;
    std::size_t index_ = 0;
    const header_field* current_ = nullptr;
    comma_cursor cursor_{{}};
  };
  value_cursor values(header_id id) const noexcept { return {*this, id}; }

 private:
  friend class parser;
  void reset() noexcept;
  // The first line with `id` beyond the 254 that first_ indexes.
  const header_field* find_unindexed(header_id id) const noexcept;

  std::vector<char> buffer_;
  std::vector<header_field> headers_;
  std::uint32_t start_ = 0;
  std::uint32_t size_ = 0;
  std::uint32_t trailing_ = 0;

  sip::method method_ = sip::method::unknown;
  std::string_view method_text_;
  std::string_view request_uri_text_;
  uri request_uri_;
  std::string_view version_;
  int status_ = 0;
  std::string_view reason_;

  sip::via top_via_;
  std::size_t via_count_ = 0;
  name_addr from_;
  name_addr to_;
  std::string_view call_id_;
  std::string_view contact_uri_;
  sip::cseq cseq_;
  int max_forwards_ = -1;
  bool has_content_length_ = false;
  std::string_view body_;
  // 1 + the index of the first header line of each id, 0 when there is none (or it is past
  // index 253): find() answers without walking every line, as the layers above ask many
  // times per message.
  std::array<std::uint8_t, static_cast<std::size_t>(header_id::count_)> first_{};
};

}  // namespace sw::sip
