// Audio codecs as SDP names them: a payload type with an rtpmap (RFC 4566 §6, RFC 3551 §6),
// the static payload types a description may use without an rtpmap, and the three this
// tool sends: PCMU, PCMA and telephone-event (RFC 4733).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sw::sdp {

// A codec we offer or negotiated. `encoding` and `fmtp` are views: into static strings for
// our own codecs, into the remote description for negotiated ones.
struct codec {
  std::uint8_t payload_type = 0;
  std::string_view encoding;
  std::uint32_t clock_rate = 8000;
  std::uint8_t channels = 1;
  std::string_view fmtp;  // parameters of a=fmtp, without the payload type; empty for none
};

inline constexpr codec pcmu{0, "PCMU", 8000, 1, {}};
inline constexpr codec pcma{8, "PCMA", 8000, 1, {}};
inline constexpr std::string_view telephone_event_encoding = "telephone-event";
// RFC 4733 §3.2: DTMF 0-9 * # A-D are events 0-15, flash is 16.
inline constexpr std::string_view telephone_event_events = "0-16";

// a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]
struct rtpmap {
  std::uint8_t payload_type = 0;
  std::string_view encoding;
  std::uint32_t clock_rate = 0;
  std::uint8_t channels = 1;  // audio's encoding parameter; 1 when absent
};

// The value after "rtpmap:". nullopt when it is malformed or the payload type is above 127.
std::optional<rtpmap> parse_rtpmap(std::string_view value) noexcept;

// RFC 3551 table 4: the static audio payload types, which need no rtpmap.
std::optional<rtpmap> static_payload_type(std::uint8_t pt) noexcept;

// Same encoding (names compare case-insensitively, RFC 4855 §3), clock rate and channels.
bool same_codec(const rtpmap& offered, const codec& ours) noexcept;
bool is_telephone_event(const rtpmap& r) noexcept;

// a=fmtp:<format> <parameters>: splits the value after "fmtp:". Both empty when malformed.
struct fmtp_value {
  std::string_view format;
  std::string_view parameters;
};
fmtp_value split_fmtp(std::string_view value) noexcept;

}  // namespace sw::sdp
