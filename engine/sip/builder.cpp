#include "sip/builder.hpp"

#include <charconv>

#include "sip/message.hpp"

namespace sw::sip {

namespace {
constexpr std::string_view crlf = "\r\n";

}  // namespace

// Hot path (every message): std::to_chars rather than a format string parsed at run time.
void append_number(message_builder& b, std::uint64_t n) {
  if (n < 10) {  // Content-Length: 0, CSeq 1 and 2: most numbers a call writes
    b.out_.push_back(static_cast<char>('0' + n));
    return;
  }
  char digits[20];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  b.put({digits, static_cast<std::size_t>(end - digits)});
}

message_builder& message_builder::request_line(std::string_view method, std::string_view request_uri) {
  put_all({method, " ", request_uri, " SIP/2.0\r\n"});
  return *this;
}

message_builder& message_builder::status_line(int code, std::string_view reason) {
  put(std::string_view("SIP/2.0 "));
  append_number(*this, static_cast<std::uint64_t>(code < 0 ? 0 : code));
  out_.push_back(' ');
  put(reason);
  put(crlf);
  return *this;
}

message_builder& message_builder::header(header_id id, std::string_view value) { return line(id, {value}); }

message_builder& message_builder::header(std::string_view header_name, std::string_view value) {
  name(header_name);
  put(value);
  put(crlf);
  return *this;
}

message_builder& message_builder::via(std::string_view transport, std::string_view sent_by,
                                      std::string_view branch, bool rport) {
  put_all({"Via: SIP/2.0/", transport, " ", sent_by, ";branch=", branch, rport ? ";rport\r\n" : "\r\n"});
  return *this;
}

message_builder& message_builder::cseq(std::uint32_t number, std::string_view method) {
  put(std::string_view("CSeq: "));
  append_number(*this, number);
  out_.push_back(' ');
  put(method);
  put(crlf);
  return *this;
}

message_builder& message_builder::max_forwards(int hops) {
  if (hops == 70) {  // RFC 3261 §8.1.1.6's recommended value: nearly every request's
    put(std::string_view("Max-Forwards: 70\r\n"));
    return *this;
  }
  put(std::string_view("Max-Forwards: "));
  append_number(*this, static_cast<std::uint64_t>(hops < 0 ? 0 : hops));
  put(crlf);
  return *this;
}

message_builder& message_builder::copy(const message& from, header_id id) {
  // From the first line with this id (the message's index), not from the top.
  const header_field* first = from.find(id);
  if (!first) return *this;
  const auto all = from.headers();
  for (const header_field* h = first; h != all.data() + all.size(); ++h)
    if (h->id == id) header(id, h->value);
  return *this;
}

void message_builder::finish(std::string_view content_type, std::string_view body) {
  if (!body.empty() && !content_type.empty()) header(header_id::content_type, content_type);
  put(std::string_view("Content-Length: "));
  append_number(*this, body.size());
  put(crlf);
  put(crlf);
  put(body);
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
