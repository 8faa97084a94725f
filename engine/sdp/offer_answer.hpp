// RFC 3264 offer/answer for the one audio stream of a call: answer a remote offer, take the
// answer to ours, tell a hold from a resumption, and keep the o= version rule of re-offers.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

#include "sdp/builder.hpp"
#include "sdp/codec.hpp"
#include "sdp/session_description.hpp"

namespace sw::sdp {

inline constexpr std::size_t max_codecs = 16;

// What both sides agreed on, from our side. Views point into the remote description.
struct negotiation {
  std::size_t audio_index = 0;  // the m-line of the remote description that carries the audio
  std::array<codec, max_codecs> codec_storage{};
  std::size_t codec_count = 0;
  // Common audio codecs, in the offerer's order, with the payload types the peer expects.
  std::span<const codec> codecs() const noexcept { return {codec_storage.data(), codec_count}; }
  std::optional<codec> telephone_event;  // with the peer's payload type and fmtp
  direction remote = direction::sendrecv;  // the peer's direction attribute
  direction local = direction::sendrecv;   // ours: which way we may now send and receive
  bool remote_hold = false;                // is_hold() of the peer's m-line
  std::string_view remote_address;         // where to send RTP; empty when the peer gave no c=
  bool remote_ipv6 = false;
  std::uint16_t remote_port = 0;
  std::optional<std::uint32_t> remote_ptime;
};

// RFC 3264 §6.1, from either end: we send only if we want to and the peer receives, and
// receive only if we want to and the peer sends. Offer sendonly -> recvonly, recvonly ->
// sendonly, inactive -> inactive, sendrecv -> whatever we want.
constexpr direction answer_direction(direction remote, direction wanted) noexcept {
  const bool send = sends(wanted) && receives(remote);
  const bool receive = receives(wanted) && sends(remote);
  return send ? (receive ? direction::sendrecv : direction::sendonly)
              : (receive ? direction::recvonly : direction::inactive);
}

// Answers a remote offer with our capabilities `ours` (codecs, telephone_event_pt set when we
// support RFC 4733 - its value is not used, the offerer's is - and the direction we want).
// The first audio m-line with a port and our proto gets the common codecs; the others will
// be rejected. Errors (all 488): no_audio_stream, proto_unsupported, no_common_codec.
std::error_code negotiate(const session_description& offer, const audio_description& ours,
                          negotiation& out) noexcept;

// What to build() as the answer: `ours` with the negotiated codecs, telephone-event and
// direction, and one m-line per offered one (§6). Views into `offer` and `n`: keep them alive.
audio_description answer_description(const audio_description& ours, const session_description& offer,
                                     const negotiation& n) noexcept;

// negotiate() then build() the answer, appended to `out`.
std::error_code answer(const session_description& offer, const audio_description& ours, negotiation& n,
                       std::string& out);

// RFC 3264 §7: takes the peer's answer to `our_offer` (one audio m-line, as build() writes).
// Errors: answer_mismatch (m-line count or type differs), no_audio_stream (rejected with port
// 0), no_common_codec (nothing we offered came back).
std::error_code accept_answer(const session_description& answer, const audio_description& our_offer,
                              negotiation& out) noexcept;

// RFC 3264 §8.4: a stream is put on hold with sendonly or inactive, or, the RFC 2543 way,
// with c=0.0.0.0 (unless the m-line carries ICE, where 0.0.0.0 means "see the candidates").
// A rejected stream (port 0) is not a hold.
bool is_hold(const media_description& m) noexcept;
// The first audio m-line with a port; false when there is none.
bool is_hold(const session_description& d) noexcept;

// §8.4: the direction to offer to put a stream on hold (sendrecv -> sendonly, recvonly ->
// inactive: the peer holds us already) and to take it off hold again (the reverse).
constexpr direction hold(direction current) noexcept {
  return sends(current) ? direction::sendonly : direction::inactive;
}
constexpr direction resume(direction current) noexcept {
  return sends(current) ? direction::sendrecv : direction::recvonly;
}

// §8: a re-offer keeps o= but for the version, which goes up by exactly one when anything
// changed and stays when nothing did (a session refresh must then repeat the same SDP).
enum class reoffer {
  unchanged,       // same version: answer as before
  modified,        // version + 1
  version_jump,    // any other version: a peer out of step; treat as modified
  origin_changed,  // username, session id or address differ: not the same session's SDP
};
reoffer classify_reoffer(const origin& previous, const origin& next) noexcept;
constexpr std::uint64_t next_version(std::uint64_t version, bool changed) noexcept {
  return changed ? version + 1 : version;
}

}  // namespace sw::sdp
