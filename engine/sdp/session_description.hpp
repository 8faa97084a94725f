// A parsed session description (RFC 4566): views into the text it was parsed from, which the
// caller keeps alive and unchanged. Everything the SIP call needs is typed (origin, session
// name, connection, time, media lines, rtpmap/fmtp/ptime, directions); every other line is
// kept as it came, so a later layer (SRTP's a=crypto, ICE, bandwidth) can read it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "sdp/codec.hpp"
#include "sdp/error.hpp"

namespace sw::sdp {

// RFC 3264 §5.1 / RFC 4566 §6: which way media flows, as seen by the description's author.
enum class direction : std::uint8_t { sendrecv, sendonly, recvonly, inactive };
std::string_view to_string(direction d) noexcept;
std::optional<direction> direction_from(std::string_view attribute_name) noexcept;
constexpr bool sends(direction d) noexcept { return d == direction::sendrecv || d == direction::sendonly; }
constexpr bool receives(direction d) noexcept { return d == direction::sendrecv || d == direction::recvonly; }

// o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
struct origin {
  std::string_view username;
  std::string_view session_id;        // as written (1*DIGIT)
  std::string_view session_version;   // as written (1*DIGIT)
  std::uint64_t id = 0;
  std::uint64_t version = 0;
  std::string_view net_type;          // "IN"
  std::string_view addr_type;         // "IP4" / "IP6"
  std::string_view address;
};

// c=<nettype> <addrtype> <connection-address>
struct connection {
  std::string_view net_type;
  std::string_view addr_type;
  std::string_view address;  // without the multicast /ttl[/count] suffix
  std::string_view suffix;   // "ttl" or "ttl/count" (IP4) or "count" (IP6) after the first '/'

  bool ipv6() const noexcept { return addr_type == "IP6"; }
  // RFC 3264 §8.4: the RFC 2543 way to put a stream on hold.
  bool is_null() const noexcept { return addr_type == "IP4" && address == "0.0.0.0"; }
};

// t=<start-time> <stop-time>: NTP seconds, 0 0 for a session without bounds.
struct timing {
  std::string_view start;
  std::string_view stop;
};

// a=<name> or a=<name>:<value>
struct attribute {
  std::string_view name;
  std::string_view value;  // empty for property attributes (a=sendrecv)
  std::uint32_t line = 0;
};

// Any line the parser does not type: i=, u=, e=, p=, b=, r=, z=, k=, extra t= lines, and
// letters RFC 4566 does not define (§5: a parser ignores those).
struct other_line {
  char type = 0;
  std::string_view value;
  std::uint32_t line = 0;
};

// Walks the <fmt> list of an m= line.
class format_cursor {
 public:
  explicit format_cursor(std::string_view formats) noexcept : rest_(formats) {}
  bool next(std::string_view& format) noexcept;
  // For RTP media, whose formats the parser checked are payload types 0-127.
  bool next(std::uint8_t& payload_type) noexcept;

 private:
  std::string_view rest_;
};

struct media_description {
  std::string_view type;     // "audio", "video", "application", ...
  std::uint16_t port = 0;    // 0: a rejected or disabled stream (RFC 3264 §5.1, §6)
  std::uint16_t port_count = 1;
  std::string_view proto;    // "RTP/AVP", "RTP/SAVP", "UDP/TLS/RTP/SAVPF", ...
  std::string_view formats;  // the <fmt> list as written, e.g. "0 8 101"
  // This media's c= line, else the session's; nullopt when neither has one.
  std::optional<sdp::connection> connection;
  bool connection_at_media = false;
  // This media's direction attribute, else the session's, else sendrecv (RFC 3264 §5.1).
  sdp::direction direction = sdp::direction::sendrecv;
  std::span<const attribute> attributes;  // a= lines of this media section, in order
  std::span<const other_line> others;     // other lines of this media section, in order
  std::uint32_t line = 0;                 // of the m= line

  bool is_rtp() const noexcept;  // proto names an RTP profile, so formats are payload types
  format_cursor format_list() const noexcept { return format_cursor(formats); }
  bool has_format(std::uint8_t payload_type) const noexcept;
  // a=rtpmap for the payload type, else its RFC 3551 static mapping, else nullopt.
  std::optional<sdp::rtpmap> rtpmap(std::uint8_t payload_type) const noexcept;
  // The parameters of a=fmtp for the payload type; empty when there is none.
  std::string_view fmtp(std::uint8_t payload_type) const noexcept;
  std::optional<std::uint32_t> ptime() const noexcept;
  // The first attribute with this name after `after` (nullptr: from the start), so
  // `for (auto* a = m.find("crypto"); a; a = m.find("crypto", a))` walks repeated ones.
  const attribute* find(std::string_view name, const attribute* after = nullptr) const noexcept;
};

class session_description {
 public:
  session_description() = default;
  // The spans of each media point into vectors of this object: moving keeps them valid,
  // copying would not, so there is no copy (parse the text again instead).
  session_description(session_description&&) noexcept = default;
  session_description& operator=(session_description&&) noexcept = default;
  session_description(const session_description&) = delete;
  session_description& operator=(const session_description&) = delete;

  std::string_view text() const noexcept { return text_; }
  const sdp::origin& origin() const noexcept { return origin_; }
  std::string_view session_name() const noexcept { return session_name_; }
  const std::optional<sdp::connection>& connection() const noexcept { return connection_; }
  const std::optional<timing>& time() const noexcept { return time_; }
  // The session-level direction attribute, or sendrecv: the default of every media.
  sdp::direction direction() const noexcept { return direction_; }
  std::span<const attribute> attributes() const noexcept { return session_attributes_; }
  std::span<const other_line> others() const noexcept { return session_others_; }
  std::span<const media_description> media() const noexcept { return media_; }
  const attribute* find(std::string_view name, const attribute* after = nullptr) const noexcept;

  // Parses `text` into this object, reusing its storage. On error the object holds what was
  // parsed before the error and must not be used.
  parse_error parse(std::string_view text);

 private:
  void clear() noexcept;
  void link() noexcept;

  std::string_view text_;
  sdp::origin origin_;
  std::string_view session_name_;
  std::optional<sdp::connection> connection_;
  std::optional<timing> time_;
  sdp::direction direction_ = sdp::direction::sendrecv;
  std::span<const attribute> session_attributes_;
  std::span<const other_line> session_others_;
  // Flat storage: the session's lines first, then each media's, in order; link() points the
  // spans into it once parsing is done and the vectors no longer move.
  std::vector<attribute> attributes_;
  std::vector<other_line> others_;
  std::vector<media_description> media_;
  struct media_range {
    std::uint32_t attributes_begin, others_begin;
    bool direction_set;  // the media has its own direction attribute
  };
  std::vector<media_range> ranges_;
};

// Parse into a new object. The text must outlive the result.
struct parse_result {
  session_description description;
  parse_error error;
  explicit operator bool() const noexcept { return !error; }
};
parse_result parse(std::string_view text);

// Whether `line` (with or without its CRLF or LF) would pass parse() as the o= line of a
// description: for callers that compare the rest of a description with one parsed before.
bool origin_line_valid(std::string_view line) noexcept;

}  // namespace sw::sdp
