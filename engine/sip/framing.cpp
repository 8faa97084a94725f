#include "sip/framing.hpp"

#include "sip/chars.hpp"
#include "sip/header_values.hpp"

namespace sw::sip {

namespace {

frame_result garbage(errc code, std::size_t at) {
  return {frame_kind::garbage, 0, {code, static_cast<std::uint32_t>(at), 0}};
}

// The Content-Length of a header block: the first line named "Content-Length" or "l".
// Folded values are not expected here; a fold makes the value invalid, which is safe.
frame_result content_length(std::string_view head, std::size_t& length) {
  bool found = false;
  std::size_t pos = head.find('\n');  // skip the start line
  while (pos != std::string_view::npos && pos + 1 < head.size()) {
    const std::size_t line_start = pos + 1;
    std::size_t line_stop = head.find('\n', line_start);
    if (line_stop == std::string_view::npos) line_stop = head.size();
    std::string_view line = head.substr(line_start, line_stop - line_start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      const std::string_view name = lex::trim(line.substr(0, colon));
      if (lex::iequals(name, "Content-Length") || lex::iequals(name, "l")) {
        const auto n = parse_u32(line.substr(colon + 1));
        if (!n) return garbage(errc::content_length_invalid, line_start);
        if (found && *n != length) return garbage(errc::content_length_conflict, line_start);
        length = *n;
        found = true;
      }
    }
    pos = line_stop;
  }
  if (!found) return garbage(errc::content_length_missing, 0);
  return {frame_kind::message, 0, {}};
}

}  // namespace

frame_result frame(std::string_view bytes, const parse_options& options) noexcept {
  if (bytes.empty()) return {};
  if (bytes[0] == '\r' || bytes[0] == '\n') {
    if (bytes.size() >= 4 && bytes.substr(0, 4) == "\r\n\r\n") return {frame_kind::keepalive_ping, 4, {}};
    if (bytes.size() >= 2 && bytes.substr(0, 2) == "\r\n") {
      if (bytes.size() == 3 && bytes[2] == '\r') return {};  // maybe the start of a ping
      if (bytes.size() == 2 || bytes[2] != '\r') return {frame_kind::keepalive_pong, 2, {}};
      return garbage(errc::start_line_malformed, 2);  // "\r\n\r" followed by something else
    }
    if (bytes.size() == 1 && bytes[0] == '\r') return {};
    return garbage(errc::start_line_malformed, 0);
  }
  const std::size_t end = bytes.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    if (bytes.size() > options.max_size) return garbage(errc::message_too_large, options.max_size);
    return {};
  }
  const std::size_t head_size = end + 4;
  std::size_t length = 0;
  frame_result r = content_length(bytes.substr(0, end + 2), length);
  if (r.kind == frame_kind::garbage) return r;
  const std::size_t total = head_size + length;
  if (total > options.max_size) return garbage(errc::message_too_large, options.max_size);
  if (bytes.size() < total) return {};
  return {frame_kind::message, total, {}};
}

}  // namespace sw::sip
