#include "sip/framing.hpp"

#include "sip/chars.hpp"
#include "sip/header_values.hpp"

namespace sw::sip {

namespace {

frame_result garbage(errc code, std::size_t at) {
  return {frame_kind::garbage, 0, {code, static_cast<std::uint32_t>(at), 0}};
}

// Walks the header block line by line with the parser's own line-end rule (LF, with an
// optional CR before it), so framing and parsing always agree on where a message ends. Sets
// `head_size` to the bytes up to and including the empty line, or 0 when it has not arrived.
frame_result scan_head(std::string_view bytes, std::size_t& head_size, std::size_t& length) {
  bool found = false;
  head_size = 0;
  std::size_t pos = bytes.find('\n');  // skip the start line
  while (pos != std::string_view::npos) {
    const std::size_t line_start = pos + 1;
    const std::size_t line_stop = bytes.find('\n', line_start);
    if (line_stop == std::string_view::npos) break;
    std::string_view line = bytes.substr(line_start, line_stop - line_start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      head_size = line_stop + 1;
      break;
    }
    const std::size_t colon = line.find(':');
    // Folded continuation lines start with whitespace and are never a Content-Length.
    if (colon != std::string_view::npos && !lex::is_ws(line.front())) {
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
  if (head_size == 0) return {};
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
  std::size_t head_size = 0, length = 0;
  const frame_result r = scan_head(bytes, head_size, length);
  if (r.kind == frame_kind::garbage) return r;
  if (head_size == 0) {
    if (bytes.size() > options.max_size) return garbage(errc::message_too_large, options.max_size);
    return {};
  }
  const std::size_t total = head_size + length;
  if (total > options.max_size) return garbage(errc::message_too_large, options.max_size);
  if (bytes.size() < total) return {};
  return {frame_kind::message, total, {}};
}

}  // namespace sw::sip
