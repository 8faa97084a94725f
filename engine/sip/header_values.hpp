// Typed views of header values the stack needs: Via, CSeq, RSeq/RAck, Event,
// Subscription-State, Replaces, Content-Type, and the comma-separated lists they come in.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "sip/error.hpp"

namespace sw::sip {

// Splits a header value on commas outside quoted strings and <...> (RFC 3261 §7.3.1).
class comma_cursor {
 public:
  explicit comma_cursor(std::string_view text) noexcept : text_(text) {}
  // The next element, trimmed; `offset` is where it starts in the text. Empty elements
  // (",,") are returned as empty views so callers can reject them.
  bool next(std::string_view& element, std::size_t& offset) noexcept;
  bool next(std::string_view& element) noexcept {
    std::size_t ignored;
    return next(element, ignored);
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  bool done_ = false;
};

struct via {
  std::string_view protocol_name;     // "SIP"
  std::string_view protocol_version;  // "2.0"
  std::string_view transport;         // "UDP", "TCP", "TLS", "SCTP", "WS", "WSS" or other
  std::string_view host;              // IPv6 references keep their brackets
  std::uint16_t port = 0;
  bool has_port = false;
  std::string_view params;
  std::string_view branch;
  std::string_view received;
  std::string_view maddr;
  bool has_rport = false;
  std::uint16_t rport = 0;            // 0 when the parameter has no value

  // RFC 3261 §8.1.1.7: a branch that starts with the magic cookie and has something after it
  // identifies the transaction; anything else falls back to RFC 2543 matching (§17.2.3).
  bool rfc3261_branch() const noexcept;
  std::optional<std::string_view> param(std::string_view name) const noexcept;
};
inline constexpr std::string_view magic_cookie = "z9hG4bK";

parse_error parse_via(std::string_view text, via& out, std::uint32_t base = 0) noexcept;
// The same into an `out` known to be value-initialized (see parse_uri_fresh).
parse_error parse_via_fresh(std::string_view text, via& out, std::uint32_t base = 0) noexcept;

struct cseq {
  std::uint32_t number = 0;
  std::string_view method;
};
parse_error parse_cseq(std::string_view text, cseq& out, std::uint32_t base = 0) noexcept;

// RAck: response-num CSeq-num Method (RFC 3262 §7.2).
struct rack {
  std::uint32_t rseq = 0;
  std::uint32_t cseq = 0;
  std::string_view method;
};
parse_error parse_rack(std::string_view text, rack& out, std::uint32_t base = 0) noexcept;

// A 32-bit unsigned value such as RSeq, Expires or Content-Length (leading zeros allowed).
std::optional<std::uint32_t> parse_u32(std::string_view text) noexcept;

// Event / Allow-Events value: event-type with parameters (RFC 6665 §8.2.1).
struct event {
  std::string_view type;
  std::string_view params;
  std::string_view id() const noexcept;
};
parse_error parse_event(std::string_view text, event& out, std::uint32_t base = 0) noexcept;

// Subscription-State: active / pending / terminated with expires, reason, retry-after.
struct subscription_state {
  std::string_view state;
  std::string_view params;
  std::optional<std::uint32_t> expires() const noexcept;
  std::string_view reason() const noexcept;
};
parse_error parse_subscription_state(std::string_view text, subscription_state& out,
                                     std::uint32_t base = 0) noexcept;

// Replaces: callid;to-tag=..;from-tag=..[;early-only] (RFC 3891 §6.1).
struct replaces {
  std::string_view call_id;
  std::string_view to_tag;
  std::string_view from_tag;
  bool early_only = false;
};
parse_error parse_replaces(std::string_view text, replaces& out, std::uint32_t base = 0) noexcept;

// Content-Type: type "/" subtype with parameters.
struct media_type {
  std::string_view type;
  std::string_view subtype;
  std::string_view params;
  bool is(std::string_view type, std::string_view subtype) const noexcept;
};
parse_error parse_media_type(std::string_view text, media_type& out, std::uint32_t base = 0) noexcept;

// True when a comma list of tokens (Allow, Supported, Require ...) contains `token`,
// case-insensitively.
bool list_contains(std::string_view list, std::string_view token) noexcept;

}  // namespace sw::sip
