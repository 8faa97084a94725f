#include "session/sdp_glue.hpp"

#include "sdp/offer_answer.hpp"

namespace sw::session {

namespace {

constexpr sdp::codec k_codecs[] = {sdp::pcmu, sdp::pcma};
constexpr std::uint8_t k_telephone_event_pt = 101;

sdp::audio_description ours(const media_endpoint& local, sdp::direction dir) {
  sdp::audio_description d;
  d.session_id = local.session_id;
  d.version = local.version;
  d.address = local.address;
  d.ipv6 = local.ipv6;
  d.port = local.port;
  d.codecs = k_codecs;
  d.telephone_event_pt = k_telephone_event_pt;
  d.dir = dir;
  return d;
}

// One description per thread, reparsed for every offer: its vectors keep their capacity, so
// reading an offer allocates nothing once they have grown.
sdp::session_description& scratch() {
  thread_local sdp::session_description d;
  return d;
}

// Room for our whole description (about 250 bytes) in one allocation, not one per line.
constexpr std::size_t k_sdp_reserve = 384;

sdp::direction parse_direction(std::string_view name) {
  return sdp::direction_from(name).value_or(sdp::direction::sendrecv);
}

}  // namespace

std::string audio_offer(const media_endpoint& local, std::string_view direction) {
  // Every call of a user agent offers the same description (one media address, port and
  // session id), so the last one built is kept per thread and copied while its inputs match.
  struct last_offer {
    std::string address;
    bool ipv6 = false;
    std::uint16_t port = 0;
    std::uint64_t session_id = 0;
    std::uint32_t version = 0;
    sdp::direction dir = sdp::direction::sendrecv;
    std::string text;
  };
  thread_local last_offer last;
  const sdp::direction dir = parse_direction(direction);
  if (last.text.empty() || last.address != local.address || last.ipv6 != local.ipv6 || last.port != local.port ||
      last.session_id != local.session_id || last.version != local.version || last.dir != dir) {
    last.text.clear();
    last.text.reserve(k_sdp_reserve);
    sdp::build(ours(local, dir), last.text);
    last.address.assign(local.address);
    last.ipv6 = local.ipv6;
    last.port = local.port;
    last.session_id = local.session_id;
    last.version = local.version;
    last.dir = dir;
  }
  return last.text;
}

std::optional<std::string> audio_answer(std::string_view offer, const media_endpoint& local,
                                        std::string_view our_direction) {
  sdp::session_description& parsed = scratch();
  if (parsed.parse(offer)) return std::nullopt;
  sdp::negotiation n;
  std::string out;
  out.reserve(k_sdp_reserve);
  if (sdp::answer(parsed, ours(local, parse_direction(our_direction)), n, out)) return std::nullopt;
  return out;
}

std::string_view offered_direction(std::string_view text) {
  sdp::session_description& parsed = scratch();
  if (parsed.parse(text)) return "sendrecv";
  sdp::negotiation n;
  if (sdp::negotiate(parsed, ours({}, sdp::direction::sendrecv), n)) return "sendrecv";
  // RFC 3264 §8.4: the old c=0.0.0.0 form of hold reads as sendonly.
  if (n.remote_hold && n.remote == sdp::direction::sendrecv) return "sendonly";
  return sdp::to_string(n.remote);
}

std::string_view canonical_direction(std::string_view name) { return sdp::to_string(parse_direction(name)); }

std::string_view answer_direction(std::string_view offered) {
  return sdp::to_string(sdp::answer_direction(parse_direction(offered), sdp::direction::sendrecv));
}

}  // namespace sw::session
