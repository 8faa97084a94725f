// Writes SIP messages straight into an output buffer: no intermediate strings, fmt only for
// the few headers written from a format string. The caller owns the buffer and reuses it, so
// building allocates nothing once it has grown.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <cstring>
#include <string_view>

#include "sip/header_id.hpp"
#include "sip/out_buffer.hpp"

namespace sw::sip {

class message;

class message_builder {
 public:
  explicit message_builder(out_buffer& out) noexcept : out_(out) {}

  message_builder& request_line(std::string_view method, std::string_view request_uri);
  message_builder& status_line(int code, std::string_view reason);

  message_builder& header(header_id id, std::string_view value);
  message_builder& header(std::string_view name, std::string_view value);
  // A value written in parts (`<uri>`, `value;tag=x`), with no format string to interpret.
  template <typename... Parts>
  message_builder& header_parts(header_id id, const Parts&... parts) {
    return line(id, {std::string_view(parts)...});
  }
  template <typename... Args>
  message_builder& header(header_id id, fmt::format_string<Args...> format, Args&&... args) {
    put(header_line_start(id));
    fmt::format_to(std::back_inserter(out_), format, std::forward<Args>(args)...);
    out_.append(std::string_view("\r\n"));
    return *this;
  }

  // Via: SIP/2.0/<transport> <sent-by>;branch=<branch>[;rport]
  message_builder& via(std::string_view transport, std::string_view sent_by, std::string_view branch,
                       bool rport = true);
  message_builder& cseq(std::uint32_t number, std::string_view method);
  message_builder& max_forwards(int hops);
  // Copies every header line of `id` from another message, in order (Via, Record-Route ...).
  message_builder& copy(const message& from, header_id id);

  // Ends the headers: Content-Type (when there is a body), Content-Length, the empty line and
  // the body.
  void finish(std::string_view content_type = {}, std::string_view body = {});

 private:
  void name(std::string_view n) {
    put(n);
    put(std::string_view(": "));
  }
  [[gnu::always_inline]] void put(std::string_view s) { out_.append(s); }
  template <std::size_t N>
  static std::size_t total_size(const std::string_view (&parts)[N]) noexcept {
    std::size_t total = 0;
    for (const std::string_view part : parts) total += part.size();
    return total;
  }
  // Copies the parts one after another from `p` (room for them is reserved); returns the end.
  template <std::size_t N>
  [[gnu::always_inline]] static char* copy_parts(char* p, const std::string_view (&parts)[N]) noexcept {
    for (const std::string_view part : parts) {
      out_buffer::copy(p, part);
      p += part.size();
    }
    return p;
  }
  // The parts one after another, with one capacity check.
  template <std::size_t N>
  [[gnu::always_inline]] void put_all(const std::string_view (&parts)[N]) {
    const std::size_t total = total_size(parts);
    copy_parts(out_.room(total), parts);
    out_.commit(total);
  }
  // "Name: " parts... CRLF, the most written line: one capacity check, the name copied as a
  // fixed block (header_id.hpp, k_line_start_row), the parts by size.
  template <std::size_t N>
  [[gnu::always_inline]] message_builder& line(header_id id, const std::string_view (&parts)[N]) {
    const std::size_t total = total_size(parts);
    const std::string_view start = header_line_start(id);
    char* p = out_.room(k_line_start_row + total + 2);
    if (!start.empty()) std::memcpy(p, start.data(), k_line_start_row);
    p = copy_parts(p + start.size(), parts);
    p[0] = '\r';
    p[1] = '\n';
    out_.commit(start.size() + total + 2);
    return *this;
  }
  friend void append_number(message_builder& b, std::uint64_t n);
  out_buffer& out_;
};

// Writes a parsed message back: start line, each header line as `Name: value` (folding
// already normalized), the empty line, the body. parse(serialize(m)) yields m's fields.
void serialize(const message& m, out_buffer& out);

}  // namespace sw::sip
