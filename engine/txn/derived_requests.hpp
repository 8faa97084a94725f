// Requests the transaction layer derives from an INVITE it sent: the ACK for a non-2xx final
// response (RFC 3261 §17.1.1.3) and CANCEL (§9.1). Both copy the INVITE's Request-URI,
// Call-ID, From, top Via (so its branch) and Route, and its CSeq number.
#pragma once

#include <string>
#include <string_view>

#include "sip/builder.hpp"
#include "sip/message.hpp"

namespace sw::txn {

// "The To header field in the ACK MUST equal the To header field in the response being
// acknowledged." An empty string when `invite` does not parse.
std::string build_non_2xx_ack(std::string_view invite, const sip::message& response);
std::string build_cancel(std::string_view invite);

// A response to `request` (§8.2.6.2): its Via lines, From, To, Call-ID and CSeq, then the
// rest. `to_tag` is added to a To without one; `cseq_method` replaces the CSeq method (the
// 487 built from a CANCEL for its INVITE); `record_route` copies Record-Route (§12.1.1).
struct response_parts {
  std::string_view to_tag = {};
  std::string_view extra_headers = {};  // full lines, each ending in CRLF
  std::string_view content_type = {};
  std::string_view body = {};
  std::string_view cseq_method = {};
  bool record_route = false;
};
std::string build_response(const sip::message& request, int status, std::string_view reason,
                           const response_parts& parts = {});
// The same into `out`, for a response that is sent and not kept.
void write_response(sip::out_buffer& out, const sip::message& request, int status, std::string_view reason,
                    const response_parts& parts = {});
// The header lines every response to `request` repeats, Via to CSeq (to_tag, cseq_method and
// record_route as above; the rest of `parts` is not used), appended to `out`: what a UAS
// keeps to answer one INVITE several times.
void write_response_headers(sip::out_buffer& out, const sip::message& request, const response_parts& parts);

}  // namespace sw::txn
