// An RFC 3261 §12 dialog, from either side: its identity (Call-ID and tags), the local and
// remote URIs, the remote target, the route set, and the CSeq counters; it builds requests
// inside itself (§12.2.1.1) and checks those that arrive (§12.2.2). Every string lives in one
// small buffer of the dialog, so an established dialog costs a few hundred bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sip/message.hpp"

namespace sw::dialog {

enum class dialog_state : unsigned char { early, confirmed, terminated };

struct request_options {
  std::string_view branch = {};      // the new transaction's branch
  std::string_view via_sent_by = {}; // "host:port" of the local transport
  std::string_view transport = {};   // "UDP", "TCP"
  std::string_view extra_headers = {};  // full header lines, each ending in CRLF
  std::string_view content_type = {};
  std::string_view body = {};
  std::uint32_t cseq = 0;       // 0: the next local CSeq (ACK and CANCEL pass the INVITE's)
};

class dialog {
 public:
  // UAC side (§12.1.2): from the request we sent and a response with a To tag (1xx: early,
  // 2xx: confirmed). The route set is the response's Record-Route reversed; the remote target
  // its Contact.
  static dialog from_uac(const sip::message& request, const sip::message& response);
  // The same from the few fields of our request the dialog keeps, for a UAC that has them
  // without parsing its own request again.
  struct uac_request {
    std::string_view from;         // the From header value, tag included
    std::string_view from_tag;
    std::string_view request_uri;
    std::string_view contact;      // the Contact header value
    std::uint32_t cseq = 0;
  };
  static dialog from_uac(const uac_request& request, const sip::message& response);
  // UAS side (§12.1.1): from the request received and the tag we put in the To of our answer.
  // The route set is the request's Record-Route in order; the remote target its Contact.
  static dialog from_uas(const sip::message& request, std::string_view local_tag, std::string_view local_contact);

  dialog_state state() const noexcept { return state_; }
  void confirm() noexcept { if (state_ == dialog_state::early) state_ = dialog_state::confirmed; }
  void terminate() noexcept { state_ = dialog_state::terminated; }

  std::string_view call_id() const noexcept { return view(call_id_); }
  std::string_view local_tag() const noexcept { return view(local_tag_); }
  std::string_view remote_tag() const noexcept { return view(remote_tag_); }
  std::string_view local_uri() const noexcept { return view(local_uri_); }    // the From we send (name-addr)
  std::string_view remote_uri() const noexcept { return view(remote_uri_); }  // the To we send (name-addr)
  std::string_view remote_target() const noexcept { return view(remote_target_); }
  std::string_view local_contact() const noexcept { return view(local_contact_); }
  std::string_view route_set() const noexcept { return view(routes_); }  // comma list, in send order
  std::uint32_t local_cseq() const noexcept { return local_cseq_; }
  // A request sent outside build_request (an authenticated retry) used this CSeq.
  void note_local_cseq(std::uint32_t cseq) noexcept { if (cseq > local_cseq_) local_cseq_ = cseq; }
  std::uint32_t remote_cseq() const noexcept { return remote_cseq_; }
  bool is_uac() const noexcept { return uac_; }

  // Does this message belong here? (Call-ID and both tags, seen from our side.)
  bool matches(const sip::message& m) const noexcept;

  // The next hop's URI: the first route when it is a loose router, else the remote target.
  std::string_view next_hop_uri() const noexcept;

  // Builds a request inside the dialog (§12.2.1.1) into `out`; returns the CSeq it used.
  std::uint32_t build_request(std::string_view method, const request_options& options, std::string& out);

  // §12.2.2: a request with a CSeq lower than the last one is out of order: answer 500.
  // Updates the remote CSeq and, for target refreshes (re-INVITE, UPDATE), the remote target.
  // Returns the status to answer with, or 0 to go ahead.
  int on_request(const sip::message& request);
  // A 2xx to a target refresh (or the 2xx that confirms an early dialog) updates the remote
  // target (§12.2.1.2).
  void on_refresh_response(const sip::message& response);

  // Bytes the dialog holds (its buffer and itself), for the memory benchmark.
  std::size_t footprint() const noexcept { return sizeof(*this) + storage_.capacity(); }

 private:
  struct field {
    std::uint16_t offset = 0;
    std::uint16_t size = 0;
  };
  std::string_view view(field f) const noexcept { return {storage_.data() + f.offset, f.size}; }
  field keep(std::string_view s);
  field keep_within(field kept, std::string_view original, std::string_view part);
  void set_remote_target(std::string_view contact_value);
  void rebuild(field& f, std::string_view value);

  std::string storage_;
  field call_id_, local_tag_, remote_tag_, local_uri_, remote_uri_, remote_target_, local_contact_, routes_;
  std::uint32_t local_cseq_ = 0;
  std::uint32_t remote_cseq_ = 0;
  dialog_state state_ = dialog_state::early;
  bool uac_ = false;
};

}  // namespace sw::dialog
