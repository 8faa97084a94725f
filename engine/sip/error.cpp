#include "sip/error.hpp"

#include <string>

namespace sw::sip {

std::string_view describe(errc e) noexcept {
  switch (e) {
    case errc::ok: return "no error";
    case errc::need_more: return "incomplete message, more bytes needed";
    case errc::empty_message: return "empty message";
    case errc::message_too_large: return "message larger than the size limit";
    case errc::too_many_headers: return "more header fields than the limit";
    case errc::headers_unterminated: return "header section not ended by an empty line";
    case errc::start_line_malformed: return "malformed start line";
    case errc::method_invalid: return "method is not a token";
    case errc::request_uri_invalid: return "malformed Request-URI";
    case errc::request_uri_has_headers: return "Request-URI carries escaped headers";
    case errc::version_unsupported: return "SIP version not supported";
    case errc::status_code_invalid: return "status code is not 100-699";
    case errc::header_line_malformed: return "malformed header line";
    case errc::header_missing: return "required header missing";
    case errc::header_duplicate: return "single-valued header appears more than once";
    case errc::content_length_invalid: return "malformed Content-Length";
    case errc::content_length_conflict: return "conflicting Content-Length values";
    case errc::content_length_missing: return "Content-Length required on a stream";
    case errc::body_truncated: return "body shorter than Content-Length";
    case errc::via_invalid: return "malformed Via";
    case errc::name_addr_invalid: return "malformed name-addr or addr-spec";
    case errc::uri_invalid: return "malformed URI";
    case errc::param_invalid: return "malformed parameter";
    case errc::quote_unterminated: return "unterminated quoted string";
    case errc::cseq_invalid: return "malformed CSeq";
    case errc::cseq_method_mismatch: return "CSeq method differs from the request method";
    case errc::max_forwards_invalid: return "Max-Forwards is not 0-255";
    case errc::contact_invalid: return "malformed Contact";
    case errc::number_invalid: return "number malformed or out of range";
    case errc::token_invalid: return "expected a token";
  }
  return "unknown error";
}

namespace {
class category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "sip"; }
  std::string message(int ev) const override { return std::string(describe(static_cast<errc>(ev))); }
};
}  // namespace

const std::error_category& sip_category() noexcept {
  static const category instance;
  return instance;
}

std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), sip_category()}; }

}  // namespace sw::sip
