#include "sdp/error.hpp"

#include <string>

namespace sw::sdp {

std::string_view describe(errc e) noexcept {
  switch (e) {
    case errc::ok: return "no error";
    case errc::empty: return "empty session description";
    case errc::invalid_character: return "NUL or stray CR in the description";
    case errc::line_malformed: return "line is not <type>=<value>";
    case errc::version_missing: return "description does not start with v=";
    case errc::version_unsupported: return "SDP version other than 0";
    case errc::origin_missing: return "o= line missing";
    case errc::origin_malformed: return "malformed o= line";
    case errc::session_name_missing: return "s= line missing";
    case errc::connection_malformed: return "malformed c= line";
    case errc::time_malformed: return "malformed t= line";
    case errc::media_malformed: return "malformed m= line";
    case errc::attribute_malformed: return "malformed a= line";
    case errc::line_duplicate: return "line given twice at the same level";
    case errc::line_misplaced: return "session-level line inside a media section";
    case errc::no_audio_stream: return "no usable audio stream offered";
    case errc::proto_unsupported: return "audio offered over an unsupported transport";
    case errc::no_common_codec: return "no audio codec in common";
    case errc::answer_mismatch: return "answer does not match the offer";
    case errc::nothing_to_offer: return "no codec to offer";
    case errc::field_invalid: return "field holds a line break or NUL, or an invalid payload type";
    case errc::buffer_too_small: return "output buffer too small";
  }
  return "unknown error";
}

std::uint16_t answer_status(errc e) noexcept {
  switch (e) {
    case errc::ok: return 0;
    case errc::no_audio_stream:
    case errc::proto_unsupported:
    case errc::no_common_codec:
    case errc::answer_mismatch: return 488;
    case errc::nothing_to_offer:
    case errc::field_invalid:
    case errc::buffer_too_small: return 0;
    default: return 400;
  }
}

namespace {
class category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "sdp"; }
  std::string message(int ev) const override { return std::string(describe(static_cast<errc>(ev))); }
};
}  // namespace

const std::error_category& sdp_category() noexcept {
  static const category instance;
  return instance;
}

std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), sdp_category()}; }

}  // namespace sw::sdp
