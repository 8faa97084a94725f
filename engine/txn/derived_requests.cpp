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

}  // namespace sw::txn
