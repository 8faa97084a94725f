// Writes a session description with one audio stream (CRLF line ends) into the caller's
// std::string or fixed buffer. The same description serves offers and answers: an answer
// also names the offer's m-lines, so it can reject the others with port 0 (RFC 3264 §6).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

#include "sdp/codec.hpp"
#include "sdp/session_description.hpp"

namespace sw::sdp {

struct audio_description {
  std::string_view username = "-";
  std::uint64_t session_id = 0;
  std::uint64_t version = 0;        // o= sess-version; see next_version() in offer_answer.hpp
  std::string_view session_name = "sipwright";
  std::string_view address;         // where we receive RTP: c= (session level) and o=
  bool ipv6 = false;
  std::uint16_t port = 0;
  std::string_view proto = "RTP/AVP";
  std::span<const codec> codecs;    // in preference order; payload types 0-127
  std::optional<std::uint8_t> telephone_event_pt;  // RFC 4733 events at 8000 Hz, when set
  std::string_view telephone_event_fmtp = telephone_event_events;
  direction dir = direction::sendrecv;
  std::uint32_t ptime = 20;         // 0: no a=ptime
  std::span<const std::string_view> attributes;  // more media attributes, each written a=<text>
  // Answers only: the offer's m-lines. The answer gets one m-line for each (RFC 3264 §6):
  // ours at `audio_index`, every other rejected with port 0 and the offer's formats.
  std::span<const media_description> offer_media;
  std::size_t audio_index = 0;
};
using audio_offer = audio_description;

// Appends to `out`. Errors: nothing_to_offer (no codec), field_invalid (a field with CR, LF or
// NUL, a username with a space, an empty address, a payload type above 127, a bad audio_index).
std::error_code build(const audio_description& d, std::string& out);

struct build_result {
  std::size_t size = 0;  // bytes written; 0 on error
  std::error_code error;
  explicit operator bool() const noexcept { return !error; }
};
// Writes into `out` from its start; buffer_too_small when it does not fit.
build_result build(const audio_description& d, std::span<char> out) noexcept;

}  // namespace sw::sdp
