#include "sip/builder.hpp"

#include <charconv>

#include "sip/message.hpp"

namespace sw::sip {

namespace {
constexpr std::string_view crlf = "\r\n";

// Hot path (every message): std::to_chars rather than a format string parsed at run time.
void append_number(out_buffer& out, std::uint64_t n) {
  char digits[20];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, end);
}
}  // namespace

message_builder& message_builder::request_line(std::string_view method, std::string_view request_uri) {
  out_.append(method);
  out_.push_back(' ');
  out_.append(request_uri);
  out_.append(std::string_view(" SIP/2.0\r\n"));
  return *this;
}

message_builder& message_builder::status_line(int code, std::string_view reason) {
  out_.append(std::string_view("SIP/2.0 "));
  append_number(out_, static_cast<std::uint64_t>(code < 0 ? 0 : code));
  out_.push_back(' ');
  out_.append(reason);
  out_.append(crlf);
  return *this;
}

message_builder& message_builder::header(header_id id, std::string_view value) {
  return header(header_name(id), value);
}

message_builder& message_builder::header_parts(header_id id, std::string_view first, std::string_view second,
                                               std::string_view third) {
  name(header_name(id));
  out_.append(first);
  out_.append(second);
  out_.append(third);
  out_.append(crlf);
  return *this;
}

message_builder& message_builder::header(std::string_view header_name, std::string_view value) {
  name(header_name);
  out_.append(value);
  out_.append(crlf);
  return *this;
}

message_builder& message_builder::via(std::string_view transport, std::string_view sent_by,
                                      std::string_view branch, bool rport) {
  out_.append(std::string_view("Via: SIP/2.0/"));
  out_.append(transport);
  out_.push_back(' ');
  out_.append(sent_by);
  out_.append(std::string_view(";branch="));
  out_.append(branch);
  if (rport) out_.append(std::string_view(";rport"));
  out_.append(crlf);
  return *this;
}

message_builder& message_builder::cseq(std::uint32_t number, std::string_view method) {
  name(header_name(header_id::cseq));
  append_number(out_, number);
  out_.push_back(' ');
  out_.append(method);
  out_.append(crlf);
  return *this;
}

message_builder& message_builder::max_forwards(int hops) {
  name(header_name(header_id::max_forwards));
  append_number(out_, static_cast<std::uint64_t>(hops < 0 ? 0 : hops));
  out_.append(crlf);
  return *this;
}

message_builder& message_builder::copy(const message& from, header_id id) {
  for (const auto& h : from.headers())
    if (h.id == id) header(header_name(id), h.value);
  return *this;
}

void message_builder::finish(std::string_view content_type, std::string_view body) {
  if (!body.empty() && !content_type.empty()) header(header_id::content_type, content_type);
  name(header_name(header_id::content_length));
  append_number(out_, body.size());
  out_.append(crlf);
  out_.append(crlf);
  out_.append(body);
}

void serialize(const message& m, out_buffer& out) {
  if (m.is_request()) {
    out.append(m.method_text());
    out.push_back(' ');
    out.append(m.request_uri_text());
    out.push_back(' ');
    out.append(m.version());
  } else {
    fmt::format_to(std::back_inserter(out), "{} {} {}", m.version(), m.status(), m.reason());
  }
  out.append(crlf);
  for (const auto& h : m.headers()) {
    out.append(h.name);
    out.append(std::string_view(": "));
    out.append(h.value);
    out.append(crlf);
  }
  out.append(crlf);
  out.append(m.body());
}

}  // namespace sw::sip
