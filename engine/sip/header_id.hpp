// Header names the stack knows, with their compact forms (RFC 3261 §7.3.3 and the IANA
// registry), looked up case-insensitively.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace sw::sip {

enum class header_id : std::uint8_t {
  other,
  accept, accept_contact, accept_encoding, accept_language, alert_info, allow, allow_events,
  authentication_info, authorization, call_id, call_info, contact, content_disposition,
  content_encoding, content_language, content_length, content_type, cseq, date, error_info,
  event, expires, from, identity, in_reply_to, max_forwards, min_expires, min_se, mime_version,
  organization, p_asserted_identity, p_preferred_identity, priority, privacy,
  proxy_authenticate, proxy_authorization, proxy_require, rack, reason, record_route,
  refer_to, referred_by, reject_contact, reply_to, replaces, request_disposition, require,
  retry_after, route, rseq, server, session_expires, subject, subscription_state, supported,
  timestamp, to, unsupported, user_agent, via, warning, www_authenticate,
  count_
};

// header_id::other for names the table does not know.
header_id lookup_header(std::string_view name) noexcept;
// The long form as RFC 3261 spells it ("Call-ID", "CSeq", "WWW-Authenticate").
std::string_view header_name(header_id id) noexcept;
// The same followed by ": ", as a header line starts. For a known id, k_line_start_row bytes
// are readable from its data() (the rest padding), so a writer may copy that fixed amount and
// keep size() of it: one pair of vector moves instead of a copy sized at run time. Inline,
// from a table header_id.cpp fills: a builder asks once per header line.
inline constexpr std::size_t k_line_start_row = 32;
namespace detail {
// Row i: "Name: " of header i, padded with zeros; its last byte holds the length.
extern const std::array<std::array<char, k_line_start_row>, static_cast<std::size_t>(header_id::count_)> line_starts;
}  // namespace detail
inline std::string_view header_line_start(header_id id) noexcept {
  const auto i = static_cast<std::size_t>(id);
  if (i == 0 || i >= detail::line_starts.size()) return {};
  const auto& row = detail::line_starts[i];
  return {row.data(), static_cast<std::size_t>(row[k_line_start_row - 1])};
}

}  // namespace sw::sip
