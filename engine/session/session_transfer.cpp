// Call transfer (RFC 3515 REFER, RFC 3891 Replaces, RFC 5589): blind and attended refer, the
// transferee following the REFER with progress in NOTIFY message/sipfrag, and the transfer
// target replacing a call.
#include <fmt/format.h>

#include "session/session.hpp"
#include "session/user_agent.hpp"
#include "sip/header_id.hpp"
#include "sip/header_values.hpp"
#include "sip/name_addr.hpp"
#include "txn/derived_requests.hpp"

namespace sw::session {

namespace {

// RFC 3261 §19.1.1: in a URI header, ';', '=', '@' and '%' of the Replaces value are escaped.
std::string escape_header_value(std::string_view v) {
  std::string out;
  for (char c : v) {
    switch (c) {
      case ';': out += "%3B"; break;
      case '=': out += "%3D"; break;
      case '@': out += "%40"; break;
      case '%': out += "%25"; break;
      default: out += c;
    }
  }
  return out;
}

// "SIP/2.0 180 Ringing" -> 180; 0 when the body is not a sipfrag status line.
int sipfrag_status(std::string_view body) {
  if (body.size() < 11 || body.substr(0, 8) != "SIP/2.0 ") return 0;
  int status = 0;
  for (std::size_t i = 8; i < 11; ++i) {
    if (body[i] < '0' || body[i] > '9') return 0;
    status = status * 10 + (body[i] - '0');
  }
  return status;
}

}  // namespace

void session::refer(std::string_view target) {
  if (state_ != session_state::established) return;
  // RFC 3515 §2.1: Refer-To names where the transferee goes; Referred-By (RFC 3892) who asks.
  const std::string headers =
      fmt::format("Refer-To: <{}>\r\nReferred-By: {}\r\n", target, dialog_.local_uri().substr(0, dialog_.local_uri().find(";tag=")));
  send_in_dialog("REFER", {}, {}, headers);
}

void session::refer(session& other) {
  if (state_ != session_state::established || !other.dialog_valid_) return;
  // RFC 5589 §7: attended transfer. The transferee sends INVITE with Replaces to the target,
  // naming the target's dialog with us from the target's side: its local tag is our remote
  // tag (to-tag) and its remote tag our local tag (from-tag) (RFC 3891 §3).
  const dialog::dialog& d = other.dialog_;
  const std::string replaces =
      fmt::format("{};to-tag={};from-tag={}", d.call_id(), d.remote_tag(), d.local_tag());
  sip::name_addr remote;
  std::string target(d.remote_target());
  if (!sip::parse_name_addr(d.remote_uri(), remote)) target = std::string(remote.uri_text);
  refer(fmt::format("{}?Replaces={}", target, escape_header_value(replaces)));
}

void session::on_refer_request(txn::server_transaction& t, const sip::message& request) {
  sip::name_addr refer_to;
  if (!request.find(sip::header_id::refer_to) || sip::parse_name_addr(request.header(sip::header_id::refer_to), refer_to)) {
    t.respond_plain(400, "Bad Request (Refer-To missing or malformed)", request);
    return;
  }
  // RFC 3515 §2.4.2: accept with 202 and report progress in NOTIFYs of the implicit
  // subscription (Event: refer).
  t.respond(202, txn::build_response(request, 202, "Accepted",
                                     {.extra_headers = "Contact: " + ua_.contact() + "\r\n"}));
  if (!transfer_) transfer_ = std::make_unique<transfer_state>();
  transfer_->refer_to.assign(refer_to.uri_text);
  reason_.assign(transfer_->refer_to);
  emit({.kind = event_kind::refer, .reason = reason_});
  send_notify(100, "Trying", false);
  if (ua_.config().follow_refer) follow_refer();
}

void session::follow_refer() {
  if (!transfer_ || transfer_->refer_to.empty()) return;
  const std::string& refer_to_ = transfer_->refer_to;
  // The Refer-To URI may carry headers (Replaces) to put in the new INVITE (RFC 3515 §2.1).
  sip::uri target;
  if (sip::parse_uri(refer_to_, target) || !target.is_sip()) {
    send_notify(400, "Bad Refer-To", true);
    return;
  }
  std::string extra;
  std::string_view uri_without_headers = refer_to_;
  if (!target.headers.empty()) {
    // Only Replaces (RFC 3891) is taken from the Refer-To URI: other headers could forge
    // Via, Call-ID or Content-Length of our INVITE, and no value may carry CR or LF.
    uri_without_headers = std::string_view(refer_to_).substr(0, refer_to_.find('?'));
    std::string_view headers = target.headers;
    while (!headers.empty()) {
      const std::size_t amp = headers.find('&');
      const std::string_view one = headers.substr(0, amp);
      const std::size_t eq = one.find('=');
      if (eq != std::string_view::npos && sip::lookup_header(one.substr(0, eq)) == sip::header_id::replaces) {
        const std::string value = sip::unescape(one.substr(eq + 1));
        if (value.find_first_of("\r\n") == std::string::npos) extra += fmt::format("Replaces: {}\r\n", value);
      }
      headers = amp == std::string_view::npos ? std::string_view{} : headers.substr(amp + 1);
    }
  }
  extra += fmt::format("Referred-By: {}\r\n", dialog_.remote_uri().substr(0, dialog_.remote_uri().find(";tag=")));
  // The new call goes to the Refer-To host when it is an address, else the way this one came.
  const auto direct = transport::endpoint::from_numeric(target.host, target.has_port ? target.port : 5060);
  session& transfer = ua_.invite(uri_without_headers, direct ? *direct : peer_, {.extra_headers = extra});
  if (!transfer.transfer_) transfer.transfer_ = std::make_unique<transfer_state>();
  transfer.transfer_->refer_origin = call_id_;
  if (ua_.on_transfer) ua_.on_transfer(*this, transfer);
}

void session::send_notify(int status, std::string_view reason, bool final) {
  if (state_ != session_state::established) return;
  // RFC 3515 §2.4.4/2.4.5: message/sipfrag with the status line of the new call.
  const std::string headers = fmt::format("Event: refer\r\nSubscription-State: {}\r\n",
                                          final ? "terminated;reason=noresource" : "active;expires=60");
  send_in_dialog("NOTIFY", "message/sipfrag;version=2.0", fmt::format("SIP/2.0 {} {}\r\n", status, reason), headers);
}

void session::on_transfer_progress(const event& e) {
  if (!transfer_ || transfer_->refer_origin.empty() || transfer_->final_notified) return;
  const auto* found = ua_.sessions_.find(transfer_->refer_origin);
  if (!found) return;
  session& origin = **found;
  switch (e.kind) {
    case event_kind::progress: origin.send_notify(e.status, e.reason, false); return;
    case event_kind::accepted:
    case event_kind::rejected: origin.send_notify(e.status, e.reason, true); break;
    case event_kind::failed: origin.send_notify(503, "Service Unavailable", true); break;  // a timeout, an error
    default: return;
  }
  transfer_->final_notified = true;  // one terminating NOTIFY, whatever follows
}

void session::on_notify(txn::server_transaction& t, const sip::message& request) {
  sip::event ev;
  if (sip::parse_event(request.header(sip::header_id::event), ev) || ev.type != "refer") {
    t.respond_plain(489, "Bad Event", request);
    return;
  }
  t.respond_plain(200, "OK", request);
  const int status = sipfrag_status(request.body());
  sip::subscription_state sub;
  const bool terminated = !sip::parse_subscription_state(request.header(sip::header_id::subscription_state), sub) &&
                          sub.state == "terminated";
  // The transferor's part ends when the transfer succeeded: it hangs up on the transferee
  // (RFC 5589 §6.1).
  if (terminated && status >= 200 && status < 300) bye();
}

bool user_agent::replace_existing(const sip::message& invite, session& replacement) {
  sip::replaces r;
  if (sip::parse_replaces(invite.header(sip::header_id::replaces), r)) return false;
  const auto* found = sessions_.find(r.call_id);
  if (!found) return false;
  session& old = **found;
  if (!old.dialog_valid_ || old.dialog_.local_tag() != r.to_tag || old.dialog_.remote_tag() != r.from_tag ||
      old.state_ == session_state::terminated)
    return false;
  // RFC 3891 §3: the replaced session fires `replaced`, then ends with BYE.
  old.emit({.kind = event_kind::replaced, .other = &replacement});
  old.terminate();
  return true;
}

}  // namespace sw::session
