#include "sdp/codec.hpp"

#include <array>

#include "sdp/lex.hpp"

namespace sw::sdp {

std::optional<rtpmap> parse_rtpmap(std::string_view value) noexcept {
  lex::fields f(value);
  std::string_view pt_text, spec;
  if (!f.next(pt_text) || !f.next(spec) || !f.rest().empty()) return std::nullopt;
  const auto pt = lex::parse_uint<std::uint8_t>(pt_text);
  if (!pt || *pt > 127) return std::nullopt;

  rtpmap r;
  r.payload_type = *pt;
  const std::size_t slash = spec.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  r.encoding = spec.substr(0, slash);
  if (!lex::is_token(r.encoding)) return std::nullopt;
  std::string_view rest = spec.substr(slash + 1);
  const std::size_t slash2 = rest.find('/');
  const auto clock = lex::parse_uint<std::uint32_t>(rest.substr(0, slash2));
  if (!clock || *clock == 0) return std::nullopt;
  r.clock_rate = *clock;
  if (slash2 != std::string_view::npos) {
    const auto channels = lex::parse_uint<std::uint8_t>(rest.substr(slash2 + 1));
    if (!channels || *channels == 0) return std::nullopt;
    r.channels = *channels;
  }
  return r;
}

std::optional<rtpmap> static_payload_type(std::uint8_t pt) noexcept {
  struct entry {
    std::string_view name;
    std::uint32_t clock;
    std::uint8_t channels;
  };
  // Index = payload type; 1, 2 and 19 are reserved, 20-95 unassigned or video.
  static constexpr std::array<entry, 19> table{{
      {"PCMU", 8000, 1}, {{}, 0, 0}, {{}, 0, 0}, {"GSM", 8000, 1}, {"G723", 8000, 1},
      {"DVI4", 8000, 1}, {"DVI4", 16000, 1}, {"LPC", 8000, 1}, {"PCMA", 8000, 1},
      {"G722", 8000, 1}, {"L16", 44100, 2}, {"L16", 44100, 1}, {"QCELP", 8000, 1},
      {"CN", 8000, 1}, {"MPA", 90000, 1}, {"G728", 8000, 1}, {"DVI4", 11025, 1},
      {"DVI4", 22050, 1}, {"G729", 8000, 1},
  }};
  if (pt >= table.size() || table[pt].clock == 0) return std::nullopt;
  return rtpmap{pt, table[pt].name, table[pt].clock, table[pt].channels};
}

bool same_codec(const rtpmap& offered, const codec& ours) noexcept {
  return lex::iequals(offered.encoding, ours.encoding) && offered.clock_rate == ours.clock_rate &&
         offered.channels == ours.channels;
}

bool is_telephone_event(const rtpmap& r) noexcept {
  return lex::iequals(r.encoding, telephone_event_encoding);
}

fmtp_value split_fmtp(std::string_view value) noexcept {
  lex::fields f(value);
  std::string_view format;
  if (!f.next(format)) return {};
  return {format, f.rest()};
}

}  // namespace sw::sdp
