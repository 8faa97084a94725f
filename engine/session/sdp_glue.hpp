// The SDP a call needs, between the session and the sdp layer: our offer, our answer to an
// offer, and the direction an offer asks for (hold is sendonly or inactive, RFC 3264 §8.4).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sw::session {

struct media_endpoint {
  std::string_view address;   // our IP address as text
  bool ipv6 = false;
  std::uint16_t port = 0;
  std::uint64_t session_id = 0;
  std::uint32_t version = 1;
};

// Valid until the next call on this thread: the last offer built is kept and reused.
const std::string& audio_offer(const media_endpoint& local, std::string_view direction);
// nullptr when nothing in the offer is acceptable (the caller answers 488). Like the offer,
// valid until the next call on this thread: the last answer is kept and reused.
const std::string* audio_answer(std::string_view offer, const media_endpoint& local, std::string_view our_direction);
// "sendrecv", "sendonly", "recvonly" or "inactive" of the first audio stream.
std::string_view offered_direction(std::string_view sdp);
// The static name of a direction ("sendrecv" ...), for keeping as a view; sendrecv when unknown.
std::string_view canonical_direction(std::string_view name);
// RFC 3264 §6.1: what we answer to a direction offered.
std::string_view answer_direction(std::string_view offered);

}  // namespace sw::session
