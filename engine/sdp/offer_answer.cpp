#include "sdp/offer_answer.hpp"

namespace sw::sdp {
namespace {

void take_remote(const media_description& m, std::size_t index, negotiation& out) noexcept {
  out.audio_index = index;
  out.remote = m.direction;
  out.remote_hold = is_hold(m);
  if (m.connection) {
    out.remote_address = m.connection->address;
    out.remote_ipv6 = m.connection->ipv6();
  }
  out.remote_port = m.port;
  out.remote_ptime = m.ptime();
}

bool already_taken(const negotiation& n, std::uint8_t pt) noexcept {
  for (const codec& c : n.codecs())
    if (c.payload_type == pt) return true;
  return n.telephone_event && n.telephone_event->payload_type == pt;
}

// Walks the remote m-line's formats in its order and keeps those we have, with the remote
// payload type (RFC 3264 §6.1: the offerer's numbers; §7: the answerer's). telephone-event
// only at 8000 Hz, the clock of G.711 it rides with (RFC 4733 §2.5.1.3).
void intersect(const media_description& m, const audio_description& ours, negotiation& out) noexcept {
  format_cursor formats = m.format_list();
  std::uint8_t pt = 0;
  while (formats.next(pt)) {
    if (already_taken(out, pt)) continue;
    const auto r = m.rtpmap(pt);
    if (!r) continue;  // a dynamic payload type without an rtpmap names nothing
    if (is_telephone_event(*r)) {
      if (ours.telephone_event_pt && !out.telephone_event && r->clock_rate == 8000 && r->channels == 1)
        out.telephone_event = codec{pt, telephone_event_encoding, 8000, 1, m.fmtp(pt)};
      continue;
    }
    for (const codec& c : ours.codecs) {
      if (!same_codec(*r, c)) continue;
      if (out.codec_count < max_codecs)
        out.codec_storage[out.codec_count++] = codec{pt, c.encoding, c.clock_rate, c.channels, c.fmtp};
      break;
    }
  }
}

}  // namespace

std::error_code negotiate(const session_description& offer, const audio_description& ours,
                          negotiation& out) noexcept {
  out = negotiation{};
  const auto media = offer.media();
  bool any_audio = false;
  std::size_t index = media.size();
  for (std::size_t i = 0; i < media.size(); ++i) {
    if (media[i].type != "audio" || media[i].port == 0) continue;
    any_audio = true;
    if (media[i].proto == ours.proto) {
      index = i;
      break;
    }
  }
  if (!any_audio) return errc::no_audio_stream;
  if (index == media.size()) return errc::proto_unsupported;

  const media_description& m = media[index];
  intersect(m, ours, out);
  if (out.codec_count == 0) return errc::no_common_codec;
  take_remote(m, index, out);
  out.local = answer_direction(m.direction, ours.dir);
  return {};
}

audio_description answer_description(const audio_description& ours, const session_description& offer,
                                     const negotiation& n) noexcept {
  audio_description a = ours;
  a.codecs = n.codecs();
  a.telephone_event_pt.reset();
  if (n.telephone_event) a.telephone_event_pt = n.telephone_event->payload_type;
  a.dir = n.local;
  a.offer_media = offer.media();
  a.audio_index = n.audio_index;
  return a;
}

std::error_code answer(const session_description& offer, const audio_description& ours, negotiation& n,
                       std::string& out) {
  if (const std::error_code e = negotiate(offer, ours, n)) return e;
  return build(answer_description(ours, offer, n), out);
}

std::error_code accept_answer(const session_description& answer, const audio_description& our_offer,
                              negotiation& out) noexcept {
  out = negotiation{};
  const auto media = answer.media();
  const std::size_t offered = our_offer.offer_media.empty() ? 1 : our_offer.offer_media.size();
  const std::size_t index = our_offer.offer_media.empty() ? 0 : our_offer.audio_index;
  if (media.size() != offered || index >= media.size() || media[index].type != "audio")
    return errc::answer_mismatch;
  const media_description& m = media[index];
  if (m.port == 0) return errc::no_audio_stream;
  if (m.proto != our_offer.proto) return errc::answer_mismatch;

  // Only what we offered counts: an answer may not add codecs (§6.1).
  intersect(m, our_offer, out);
  if (out.codec_count == 0) return errc::no_common_codec;
  take_remote(m, index, out);
  out.local = answer_direction(m.direction, our_offer.dir);
  return {};
}

bool is_hold(const media_description& m) noexcept {
  if (m.port == 0) return false;
  if (m.direction == direction::sendonly || m.direction == direction::inactive) return true;
  // With ICE, c=0.0.0.0 only says "see the candidates" (RFC 8839; RFC 8840, trickle ICE), so it
  // is a hold only where there is no ICE.
  return m.connection && m.connection->is_null() && !m.find("ice-ufrag");
}

bool is_hold(const session_description& d) noexcept {
  for (const media_description& m : d.media())
    if (m.type == "audio" && m.port != 0) return is_hold(m);
  return false;
}

reoffer classify_reoffer(const origin& previous, const origin& next) noexcept {
  if (previous.username != next.username || previous.id != next.id ||
      previous.net_type != next.net_type || previous.addr_type != next.addr_type ||
      previous.address != next.address)
    return reoffer::origin_changed;
  if (next.version == previous.version) return reoffer::unchanged;
  if (next.version == previous.version + 1) return reoffer::modified;
  return reoffer::version_jump;
}

}  // namespace sw::sdp
