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

sdp::direction parse_direction(std::string_view name) {
  return sdp::direction_from(name).value_or(sdp::direction::sendrecv);
}

}  // namespace

std::string audio_offer(const media_endpoint& local, std::string_view direction) {
  std::string out;
  sdp::build(ours(local, parse_direction(direction)), out);
  return out;
}

std::optional<std::string> audio_answer(std::string_view offer, const media_endpoint& local,
                                        std::string_view our_direction) {
  const sdp::parse_result parsed = sdp::parse(offer);
  if (!parsed) return std::nullopt;
  sdp::negotiation n;
  std::string out;
  if (sdp::answer(parsed.description, ours(local, parse_direction(our_direction)), n, out)) return std::nullopt;
  return out;
}

std::string_view offered_direction(std::string_view text) {
  const sdp::parse_result parsed = sdp::parse(text);
  if (!parsed) return "sendrecv";
  sdp::negotiation n;
  if (sdp::negotiate(parsed.description, ours({}, sdp::direction::sendrecv), n)) return "sendrecv";
  // RFC 3264 §8.4: the old c=0.0.0.0 form of hold reads as sendonly.
  if (n.remote_hold && n.remote == sdp::direction::sendrecv) return "sendonly";
  return sdp::to_string(n.remote);
}

std::string_view canonical_direction(std::string_view name) { return sdp::to_string(parse_direction(name)); }

std::string_view answer_direction(std::string_view offered) {
  return sdp::to_string(sdp::answer_direction(parse_direction(offered), sdp::direction::sendrecv));
}

}  // namespace sw::session
