#include "session/sdp_glue.hpp"

#include <utility>

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

namespace {

// What of our side shapes our description: both remembered descriptions below are reused only
// while it is unchanged.
struct our_side {
  std::string address;
  bool ipv6 = false;
  std::uint16_t port = 0;
  std::uint64_t session_id = 0;
  std::uint32_t version = 0;
  sdp::direction dir = sdp::direction::sendrecv;

  bool same(const media_endpoint& local, sdp::direction d) const {
    return address == local.address && ipv6 == local.ipv6 && port == local.port && session_id == local.session_id &&
           version == local.version && dir == d;
  }
  void assign(const media_endpoint& local, sdp::direction d) {
    address.assign(local.address);
    ipv6 = local.ipv6;
    port = local.port;
    session_id = local.session_id;
    version = local.version;
    dir = d;
  }
};

}  // namespace

const std::string& audio_offer(const media_endpoint& local, std::string_view direction) {
  // Every call of a user agent offers the same description (one media address, port and
  // session id), so the last one built is kept per thread and copied while its inputs match.
  struct last_offer {
    our_side side;
    std::string text;
  };
  thread_local last_offer last;
  const sdp::direction dir = parse_direction(direction);
  if (last.text.empty() || !last.side.same(local, dir)) {
    last.text.clear();
    last.text.reserve(k_sdp_reserve);
    sdp::build(ours(local, dir), last.text);
    last.side.assign(local, dir);
  }
  return last.text;
}

namespace {

// The o= line of a description: [start, end) including its line break; {0, 0} when the second
// line is not an o= line. RFC 4566 §5 puts it right after v=.
std::pair<std::size_t, std::size_t> origin_line(std::string_view text) {
  const std::size_t first = text.find('\n');
  if (first == std::string_view::npos || text.size() < first + 3 || text[first + 1] != 'o' || text[first + 2] != '=')
    return {0, 0};
  const std::size_t end = text.find('\n', first + 1);
  return {first + 1, end == std::string_view::npos ? text.size() : end + 1};
}

// The last offer answered on this thread and our answer to it. Under load every call of a
// peer offers the same description but for its o= line (each call its own session id and
// version), and the answer does not depend on that line (RFC 3264 §6: the answerer's o= is its
// own), so an offer equal to the last one outside its o= line gets the same answer without
// being parsed and negotiated again. Any other byte differing (address, port, codecs,
// direction) is a new offer.
struct last_answer {
  std::string offer;
  std::size_t origin_start = 0, origin_end = 0;
  our_side side;
  std::string answer;
  bool parsed = false;      // the offer was a well-formed description
  bool acceptable = false;  // false: answer 488
  bool valid = false;

  // The remembered o= line parsed with the rest; another one must pass the parser's check.
  bool origin_acceptable(std::string_view line) const {
    return line == std::string_view(offer).substr(origin_start, origin_end - origin_start) ||
           sdp::origin_line_valid(line);
  }

  bool matches(std::string_view o, std::pair<std::size_t, std::size_t> origin, const media_endpoint& local,
               sdp::direction d) const {
    // Only a description that parsed is a model for others, and only if the o= line that
    // differs is one the parser would take too.
    if (!valid || !parsed || origin.second == 0 || origin_end == 0) return false;
    const std::string_view cached(offer);
    return o.size() - (origin.second - origin.first) == cached.size() - (origin_end - origin_start) &&
           o.substr(0, origin.first) == cached.substr(0, origin_start) &&
           o.substr(origin.second) == cached.substr(origin_end) && side.same(local, d) &&
           origin_acceptable(o.substr(origin.first, origin.second - origin.first));
  }
};

}  // namespace

const std::string* audio_answer(std::string_view offer, const media_endpoint& local, std::string_view our_direction) {
  thread_local last_answer last;
  const sdp::direction dir = parse_direction(our_direction);
  const auto origin = origin_line(offer);
  if (!last.matches(offer, origin, local, dir)) {
    last.valid = false;  // until the new answer is in place
    last.acceptable = false;
    sdp::session_description& parsed = scratch();
    last.parsed = !parsed.parse(offer);
    if (last.parsed) {
      sdp::negotiation n;
      last.answer.clear();
      last.answer.reserve(k_sdp_reserve);
      last.acceptable = !sdp::answer(parsed, ours(local, dir), n, last.answer);
    }
    last.offer.assign(offer);
    last.origin_start = origin.first;
    last.origin_end = origin.second;
    last.side.assign(local, dir);
    last.valid = true;
  }
  return last.acceptable ? &last.answer : nullptr;
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
