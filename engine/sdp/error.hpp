// Errors of the SDP layer: one enum registered as a std::error_category, and the place (line
// and byte offset) where a parse error was found.
#pragma once

#include <cstdint>
#include <string_view>
#include <system_error>

namespace sw::sdp {

enum class errc : std::uint8_t {
  ok = 0,
  // parse (RFC 4566 §5)
  empty,                 // no line at all
  invalid_character,     // NUL, or a CR that does not end a line
  line_malformed,        // not `<lowercase letter>=<value>`
  version_missing,       // the first line is not v=
  version_unsupported,   // v= other than 0
  origin_missing,
  origin_malformed,
  session_name_missing,
  connection_malformed,
  time_malformed,
  media_malformed,
  attribute_malformed,   // a= with an empty or non-token name
  line_duplicate,        // a second v=, o=, s=, or c= at the same level
  line_misplaced,        // v=, o=, s= or t= inside a media section
  // offer/answer (RFC 3264): a session answers all of these with 488
  no_audio_stream,       // no audio m-line with a non-zero port
  proto_unsupported,     // audio offered only over a transport we do not speak
  no_common_codec,
  answer_mismatch,       // an answer that does not fit our offer (§6: m-line count, payload types)
  // builder
  nothing_to_offer,      // no codec and no telephone-event
  field_invalid,         // a field to write holds CR, LF or NUL, or a payload type above 127
  buffer_too_small,
};

const std::error_category& sdp_category() noexcept;
std::error_code make_error_code(errc e) noexcept;
std::string_view describe(errc e) noexcept;

// The SIP status a UA answers an INVITE/UPDATE/re-INVITE carrying this problem with: 488 for
// negotiation failures (RFC 3261 §21.4.26), 400 for a body that is not SDP, 0 for errors
// that are ours (builder) rather than the peer's.
std::uint16_t answer_status(errc e) noexcept;

// Where and what. `line` counts from 1; `offset` is the byte in the text where the problem
// starts. Errors about something missing point one past the last line (offset = size).
struct parse_error {
  errc code = errc::ok;
  std::uint32_t line = 0;
  std::uint32_t offset = 0;

  explicit operator bool() const noexcept { return code != errc::ok; }
  std::string_view what() const noexcept { return describe(code); }
};

}  // namespace sw::sdp

template <>
struct std::is_error_code_enum<sw::sdp::errc> : std::true_type {};
