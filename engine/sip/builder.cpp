#include "sip/builder.hpp"

#include "sip/message.hpp"

namespace sw::sip {

namespace {
constexpr std::string_view crlf = "\r\n";
}

message_builder& message_builder::request_line(std::string_view method, std::string_view request_uri) {
  out_.append(method);
  out_.push_back(' ');
  out_.append(request_uri);
  out_.append(std::string_view(" SIP/2.0\r\n"));
  return *this;
}

message_builder& message_builder::status_line(int code, std::string_view reason) {
  fmt::format_to(std::back_inserter(out_), "SIP/2.0 {} {}\r\n", code, reason);
  return *this;
}

message_builder& message_builder::header(header_id id, std::string_view value) {
  return header(header_name(id), value);
}

message_builder& message_builder::header(std::string_view header_name, std::string_view value) {
  name(header_name);
  out_.append(value);
  out_.append(crlf);
  return *this;
}

message_builder& message_builder::via(std::string_view transport, std::string_view sent_by,
                                      std::string_view branch, bool rport) {
  fmt::format_to(std::back_inserter(out_), "Via: SIP/2.0/{} {};branch={}{}\r\n", transport, sent_by, branch,
                 rport ? ";rport" : "");
  return *this;
}

message_builder& message_builder::cseq(std::uint32_t number, std::string_view method) {
  return header(header_id::cseq, "{} {}", number, method);
}

message_builder& message_builder::copy(const message& from, header_id id) {
  for (const auto& h : from.headers())
    if (h.id == id) header(header_name(id), h.value);
  return *this;
}

void message_builder::finish(std::string_view content_type, std::string_view body) {
  if (!body.empty() && !content_type.empty()) header(header_id::content_type, content_type);
  header(header_id::content_length, "{}", body.size());
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
