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
struct parse_error {
  errc code = errc::ok;
  std::uint32_t offset = 0;
  std::uint16_t answer = 0;

  explicit operator bool() const noexcept { return code != errc::ok; }
  std::string_view what() const noexcept { return describe(code); }
};

}  // namespace sw::sip

template <>
struct std::is_error_code_enum<sw::sip::errc> : std::true_type {};
