// SIP, SIPS and tel URIs (RFC 3261 §19.1, RFC 3966), as views into the text they came from.
// Escapes are kept; unescape() decodes where the grammar allows `escaped`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sip/error.hpp"

namespace sw::sip {

enum class uri_scheme : std::uint8_t { sip, sips, tel, other };

struct uri {
  uri_scheme scheme = uri_scheme::other;
  std::string_view scheme_text;
  std::string_view user;      // tel: the number
  std::string_view password;
  std::string_view host;      // IPv6 references keep their brackets
  std::uint16_t port = 0;
  bool has_port = false;
  std::string_view params;    // from the first ';' on, without the headers
  std::string_view headers;   // after '?', without it
  std::string_view opaque;    // everything after "scheme:" (the whole body of other schemes)

  bool is_sip() const noexcept { return scheme == uri_scheme::sip || scheme == uri_scheme::sips; }
  bool host_is_ipv6() const noexcept { return !host.empty() && host.front() == '['; }
  // Value of a uri-parameter; "" for a flag such as `lr`, nullopt when absent.
  std::optional<std::string_view> param(std::string_view name) const noexcept;
  // `transport` parameter, or "" when absent.
  std::string_view transport() const noexcept { return param("transport").value_or(std::string_view{}); }
};

// Parses `text` (no surrounding whitespace or brackets). The error offset is relative to
// `text` plus `base`.
parse_error parse_uri(std::string_view text, uri& out, std::uint32_t base = 0) noexcept;
// The same into an `out` known to be value-initialized (the message parser's fields, which
// message::reset clears): it is not cleared a second time.
parse_error parse_uri_fresh(std::string_view text, uri& out, std::uint32_t base = 0) noexcept;

// Decodes %HH escapes; a '%' not followed by two hex digits is kept as it is. Never recursive:
// "%2541" becomes "%41", not "A" (RFC 4475 3.1.1.3).
std::string unescape(std::string_view text);
// The same into a caller buffer of at least text.size() bytes; returns the decoded length.
std::size_t unescape(std::string_view text, char* out) noexcept;

}  // namespace sw::sip
