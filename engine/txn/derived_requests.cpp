#include "txn/derived_requests.hpp"

#include "sip/builder.hpp"

namespace sw::txn {

namespace {

std::string derive(std::string_view invite, std::string_view method, std::string_view to) {
  sip::message m;
  if (m.parse(invite)) return {};
  sip::out_buffer out;
  sip::message_builder b(out);
  b.request_line(method, m.request_uri_text());
  // Only the top Via: the one whose branch names the transaction.
  sip::comma_cursor vias(m.header(sip::header_id::via));
  std::string_view top;
  vias.next(top);
  b.header(sip::header_id::via, top);
  b.max_forwards(70);
  b.header(sip::header_id::from, m.header(sip::header_id::from));
  b.header(sip::header_id::to, to.empty() ? m.header(sip::header_id::to) : to);
  b.header(sip::header_id::call_id, m.call_id());
  b.cseq(m.cseq().number, method);
  b.copy(m, sip::header_id::route);
  b.finish();
  return {out.data(), out.size()};
}

}  // namespace

std::string build_non_2xx_ack(std::string_view invite, const sip::message& response) {
  return derive(invite, "ACK", response.header(sip::header_id::to));
}

std::string build_cancel(std::string_view invite) { return derive(invite, "CANCEL", {}); }

void write_response_headers(sip::out_buffer& out, const sip::message& request, const response_parts& parts) {
  sip::message_builder b(out);
  b.copy(request, sip::header_id::via);
  if (parts.record_route) b.copy(request, sip::header_id::record_route);
  b.header(sip::header_id::from, request.header(sip::header_id::from));
  const std::string_view to = request.header(sip::header_id::to);
  if (!parts.to_tag.empty() && request.to().tag().empty())
    b.header_parts(sip::header_id::to, to, ";tag=", parts.to_tag);
  else
    b.header(sip::header_id::to, to);
  b.header(sip::header_id::call_id, request.header(sip::header_id::call_id));
  if (parts.cseq_method.empty()) b.header(sip::header_id::cseq, request.header(sip::header_id::cseq));
  else b.cseq(request.cseq().number, parts.cseq_method);
}

void write_response(sip::out_buffer& out, const sip::message& request, int status, std::string_view reason,
                    const response_parts& parts) {
  sip::message_builder b(out);
  b.status_line(status, reason);
  write_response_headers(out, request, parts);
  if (!parts.extra_headers.empty()) out.append(parts.extra_headers);
  b.finish(parts.content_type, parts.body);
}

std::string build_response(const sip::message& request, int status, std::string_view reason,
                           const response_parts& parts) {
  sip::out_buffer out;
  write_response(out, request, status, reason, parts);
  return {out.data(), out.size()};
}

}  // namespace sw::txn
