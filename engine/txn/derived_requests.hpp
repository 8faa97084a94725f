// Requests the transaction layer derives from an INVITE it sent: the ACK for a non-2xx final
// response (RFC 3261 §17.1.1.3) and CANCEL (§9.1). Both copy the INVITE's Request-URI,
// Call-ID, From, top Via (so its branch) and Route, and its CSeq number.
#pragma once

#include <string>
#include <string_view>

#include "sip/message.hpp"

namespace sw::txn {

// "The To header field in the ACK MUST equal the To header field in the response being
// acknowledged." An empty string when `invite` does not parse.
std::string build_non_2xx_ack(std::string_view invite, const sip::message& response);
std::string build_cancel(std::string_view invite);

}  // namespace sw::txn
