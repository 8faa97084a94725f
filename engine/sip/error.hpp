// Errors of the SIP message layer: an enum registered as a std::error_category, plus the byte
// offset where the problem was found and the status a UA should answer with.
#pragma once

#include <cstdint>
#include <string_view>
#include <system_error>

namespace sw::sip {

enum class errc : std::uint8_t {
  ok = 0,
  need_more,               // a stream holds only part of a message so far
  empty_message,
  message_too_large,       // parse_options::max_size
  too_many_headers,        // parse_options::max_headers
  headers_unterminated,    // no empty line after the headers (datagram)
  start_line_malformed,
  method_invalid,
  request_uri_invalid,
  request_uri_has_headers, // RFC 4475 3.1.2.11: escaped headers in a Request-URI
  version_unsupported,     // anything but SIP/2.0; a UA answers 505
  status_code_invalid,
  header_line_malformed,   // no colon, or a bad header name
  header_missing,          // Via, From, To, Call-ID or CSeq absent
  header_duplicate,        // a single-valued header given twice
  content_length_invalid,
  content_length_conflict,
  content_length_missing,  // required on streams (RFC 3261 §18.3)
  body_truncated,          // Content-Length larger than what arrived
  via_invalid,
  name_addr_invalid,
  uri_invalid,
  param_invalid,
  quote_unterminated,
  cseq_invalid,
  cseq_method_mismatch,
  max_forwards_invalid,
  contact_invalid,
  number_invalid,
  token_invalid,
};

const std::error_category& sip_category() noexcept;
std::error_code make_error_code(errc e) noexcept;
std::string_view describe(errc e) noexcept;

// Where and what. `answer` is the status code a UA answers a request with (400, 505, ...);
// 0 means the message must be dropped without an answer (a bad response, or no request line).
//
// Eight bytes with no padding, so that it is returned in one register and built there. With
// padding (code, offset, answer: 12 bytes) GCC assembled every return on the stack, writing
// the fields one by one and reading them back as wider words: a read that cannot be
// forwarded from the narrower writes, on every parse function's success path, and 485
// instructions per call more (bench/RESULTS.md, stop 12).
struct parse_error {
  errc code = errc::ok;
  std::uint8_t reserved_ = 0;  // named, so that no byte of the struct is padding
  std::uint16_t answer = 0;
  std::uint32_t offset = 0;

  constexpr parse_error() noexcept = default;
  constexpr parse_error(errc c, std::uint32_t at = 0, std::uint16_t status = 0) noexcept
      : code(c), answer(status), offset(at) {}

  explicit operator bool() const noexcept { return code != errc::ok; }
  std::string_view what() const noexcept { return describe(code); }
};
static_assert(sizeof(parse_error) == 8, "one register, no padding");

}  // namespace sw::sip

template <>
struct std::is_error_code_enum<sw::sip::errc> : std::true_type {};
