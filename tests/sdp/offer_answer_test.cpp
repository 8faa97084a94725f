// RFC 3264: answering offers (codecs, telephone-event, directions, rejected m-lines), taking
// answers to our offers, hold detection and the o= version rule.
#include "sdp/offer_answer.hpp"

#include <gtest/gtest.h>

#include <array>
#include <deque>
#include <string>

#include "samples.hpp"

namespace sw::sdp {
namespace {

constexpr std::array<codec, 2> g711{pcmu, pcma};

audio_description ours() {
  audio_description d;
  d.username = "sipwright";
  d.session_id = 99;
  d.version = 1;
  d.address = "192.0.2.5";
  d.port = 40000;
  d.codecs = g711;
  d.telephone_event_pt = 101;
  return d;
}

session_description parsed(std::string_view text) {
  session_description d;
  const parse_error e = d.parse(text);
  EXPECT_FALSE(e) << e.what() << " at line " << e.line << "\n" << text;
  return d;
}

// A description needs its text alive as long as it (and a negotiation) is used: the texts
// built here live until the tests end.
std::string_view offer_text(std::string_view media) {
  static std::deque<std::string> texts;
  return texts.emplace_back("v=0\r\no=peer 5 5 IN IP4 198.51.100.1\r\ns=-\r\nc=IN IP4 198.51.100.1\r\nt=0 0\r\n" +
                            std::string(media));
}

std::string payload_types(const negotiation& n) {
  std::string out;
  for (const codec& c : n.codecs()) out += (out.empty() ? "" : ",") + std::to_string(c.payload_type);
  return out;
}

TEST(sdp_offer_answer, answers_sipp) {
  const session_description offer = parsed(samples::sipp);
  negotiation n;
  std::string out;
  ASSERT_FALSE(answer(offer, ours(), n, out));
  EXPECT_EQ(out,
            "v=0\r\n"
            "o=sipwright 99 1 IN IP4 192.0.2.5\r\n"
            "s=sipwright\r\n"
            "c=IN IP4 192.0.2.5\r\n"
            "t=0 0\r\n"
            "m=audio 40000 RTP/AVP 0\r\n"
            "a=rtpmap:0 PCMU/8000\r\n"
            "a=ptime:20\r\n"
            "a=sendrecv\r\n");
  EXPECT_EQ(n.audio_index, 0u);
  EXPECT_EQ(payload_types(n), "0");
  EXPECT_FALSE(n.telephone_event);  // SIPp offered none
  EXPECT_EQ(n.remote_address, "127.0.0.1");
  EXPECT_EQ(n.remote_port, 6000);
  EXPECT_FALSE(n.remote_ipv6);
  EXPECT_EQ(n.local, direction::sendrecv);
  EXPECT_FALSE(n.remote_hold);
}

TEST(sdp_offer_answer, keeps_the_offerers_order_and_payload_types) {
  // Asterisk prefers PCMA; we list PCMU first; the answer follows the offer (RFC 3264 §6.1).
  const session_description offer = parsed(samples::asterisk);
  negotiation n;
  ASSERT_FALSE(negotiate(offer, ours(), n));
  EXPECT_EQ(payload_types(n), "8,0");
  EXPECT_EQ(n.codecs()[0].encoding, "PCMA");
  ASSERT_TRUE(n.telephone_event);
  EXPECT_EQ(n.telephone_event->payload_type, 101);
  EXPECT_EQ(n.telephone_event->fmtp, "0-16");
  EXPECT_EQ(n.remote_ptime, 20u);

  std::string out;
  ASSERT_FALSE(build(answer_description(ours(), offer, n), out));
  const session_description a = parsed(out);
  ASSERT_EQ(a.media().size(), 1u);
  EXPECT_EQ(a.media()[0].formats, "8 0 101");
}

TEST(sdp_offer_answer, telephone_event_takes_the_offerers_payload_type) {
  const session_description offer = parsed(samples::ipv6);
  negotiation n;
  std::string out;
  ASSERT_FALSE(answer(offer, ours(), n, out));
  ASSERT_TRUE(n.telephone_event);
  EXPECT_EQ(n.telephone_event->payload_type, 96);
  EXPECT_EQ(n.telephone_event->fmtp, "0-15");
  EXPECT_TRUE(n.remote_ipv6);
  EXPECT_EQ(n.remote_address, "2001:db8::2");
  const session_description a = parsed(out);
  const media_description& m = a.media()[0];
  EXPECT_EQ(m.formats, "8 96");
  EXPECT_EQ(m.rtpmap(96)->encoding, "telephone-event");
  EXPECT_EQ(m.fmtp(96), "0-16");  // the events we support
  EXPECT_EQ(m.direction, direction::recvonly);  // the offer is sendonly
}

TEST(sdp_offer_answer, telephone_event_only_when_both_support_it) {
  const session_description offer = parsed(samples::asterisk);
  audio_description no_events = ours();
  no_events.telephone_event_pt.reset();
  negotiation n;
  std::string out;
  ASSERT_FALSE(answer(offer, no_events, n, out));
  EXPECT_FALSE(n.telephone_event);
  EXPECT_EQ(parsed(out).media()[0].formats, "8 0");
  EXPECT_EQ(out.find("telephone-event"), std::string::npos);
}

TEST(sdp_offer_answer, telephone_event_at_48000_alone_is_not_taken) {
  const session_description offer = parsed(offer_text(
      "m=audio 5000 RTP/AVP 0 110\r\na=rtpmap:110 telephone-event/48000\r\n"));
  negotiation n;
  ASSERT_FALSE(negotiate(offer, ours(), n));
  EXPECT_FALSE(n.telephone_event);
  EXPECT_EQ(payload_types(n), "0");
}

TEST(sdp_offer_answer, codec_names_match_case_insensitively_and_by_clock) {
  const session_description offer = parsed(offer_text(
      "m=audio 5000 RTP/AVP 97 98 99 8 0\r\n"
      "a=rtpmap:97 pcmu/8000\r\n"          // a dynamic PCMU, lower case
      "a=rtpmap:98 PCMA/16000\r\n"          // wrong clock
      "a=rtpmap:8 PCMA/8000/2\r\n"          // stereo: not ours
      // 99 has no rtpmap: names nothing; 0 has none: the static table says PCMU
      ));
  negotiation n;
  ASSERT_FALSE(negotiate(offer, ours(), n));
  EXPECT_EQ(payload_types(n), "97,0");
  EXPECT_EQ(n.codecs()[0].encoding, "PCMU");
}

TEST(sdp_offer_answer, repeated_payload_types_are_taken_once) {
  const session_description offer = parsed(offer_text("m=audio 5000 RTP/AVP 0 0 8 0\r\n"));
  negotiation n;
  ASSERT_FALSE(negotiate(offer, ours(), n));
  EXPECT_EQ(payload_types(n), "0,8");
}

TEST(sdp_offer_answer, no_common_codec_is_488) {
  const session_description offer = parsed(offer_text(
      "m=audio 5000 RTP/AVP 9 18 101\r\na=rtpmap:101 telephone-event/8000\r\n"));
  negotiation n;
  std::string out;
  const std::error_code e = answer(offer, ours(), n, out);
  EXPECT_EQ(e, errc::no_common_codec);
  EXPECT_EQ(answer_status(errc::no_common_codec), 488);
  EXPECT_TRUE(out.empty());
}

TEST(sdp_offer_answer, rejects_video_with_port_zero_keeping_the_m_line_count) {
  const session_description offer = parsed(offer_text(
      "m=video 6000 RTP/AVP 96 97\r\na=rtpmap:96 H264/90000\r\n"
      "m=audio 5000 RTP/AVP 0\r\n"
      "m=audio 5002 RTP/AVP 8\r\n"
      "m=application 7000 UDP/BFCP *\r\n"));
  negotiation n;
  std::string out;
  ASSERT_FALSE(answer(offer, ours(), n, out));
  EXPECT_EQ(n.audio_index, 1u);
  EXPECT_NE(out.find("m=video 0 RTP/AVP 96 97\r\nm=audio 40000 RTP/AVP 0\r\n"), std::string::npos) << out;
  const session_description a = parsed(out);
  ASSERT_EQ(a.media().size(), 4u);
  EXPECT_EQ(a.media()[0].type, "video");
  EXPECT_EQ(a.media()[0].port, 0);
  EXPECT_EQ(a.media()[1].port, 40000);
  EXPECT_EQ(a.media()[2].type, "audio");
  EXPECT_EQ(a.media()[2].port, 0);  // a second audio stream: we do one
  EXPECT_EQ(a.media()[2].formats, "8");
  EXPECT_EQ(a.media()[3].port, 0);
  EXPECT_EQ(a.media()[3].proto, "UDP/BFCP");
}

TEST(sdp_offer_answer, skips_a_disabled_audio_stream) {
  const session_description offer = parsed(offer_text(
      "m=audio 0 RTP/AVP 0\r\nm=audio 5002 RTP/AVP 8\r\n"));
  negotiation n;
  std::string out;
  ASSERT_FALSE(answer(offer, ours(), n, out));
  EXPECT_EQ(n.audio_index, 1u);
  EXPECT_EQ(n.remote_port, 5002);
  const session_description a = parsed(out);
  EXPECT_EQ(a.media()[0].port, 0);
  EXPECT_EQ(a.media()[1].formats, "8");
}

TEST(sdp_offer_answer, refuses_offers_without_usable_audio) {
  negotiation n;
  EXPECT_EQ(negotiate(parsed(offer_text("m=video 6000 RTP/AVP 96\r\n")), ours(), n), errc::no_audio_stream);
  EXPECT_EQ(negotiate(parsed(offer_text("m=audio 0 RTP/AVP 0\r\n")), ours(), n), errc::no_audio_stream);
  EXPECT_EQ(negotiate(parsed("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\n"), ours(), n), errc::no_audio_stream);
  // A browser's DTLS-SRTP offer: we speak plain RTP/AVP.
  EXPECT_EQ(negotiate(parsed(samples::webrtc), ours(), n), errc::proto_unsupported);
  EXPECT_EQ(answer_status(errc::proto_unsupported), 488);
  // With the proto it asks for, the same offer negotiates PCMU/PCMA and the 8 kHz events.
  audio_description savpf = ours();
  savpf.proto = "UDP/TLS/RTP/SAVPF";
  ASSERT_FALSE(negotiate(parsed(samples::webrtc), savpf, n));
  EXPECT_EQ(payload_types(n), "0,8");
  EXPECT_EQ(n.telephone_event->payload_type, 126);
}

struct direction_case {
  direction offered, wanted, answered;
};

TEST(sdp_offer_answer, answers_each_direction_per_rfc3264_6_1) {
  const direction_case cases[] = {
      {direction::sendrecv, direction::sendrecv, direction::sendrecv},
      {direction::sendonly, direction::sendrecv, direction::recvonly},
      {direction::recvonly, direction::sendrecv, direction::sendonly},
      {direction::inactive, direction::sendrecv, direction::inactive},
      // What we want narrows it further (we hold while the peer offers).
      {direction::sendrecv, direction::sendonly, direction::sendonly},
      {direction::sendrecv, direction::recvonly, direction::recvonly},
      {direction::sendrecv, direction::inactive, direction::inactive},
      {direction::sendonly, direction::sendonly, direction::inactive},
      {direction::recvonly, direction::recvonly, direction::inactive},
      {direction::sendonly, direction::recvonly, direction::recvonly},
  };
  for (const direction_case& c : cases) {
    const std::string media = "m=audio 5000 RTP/AVP 0\r\na=" + std::string(to_string(c.offered)) + "\r\n";
    const session_description offer = parsed(offer_text(media));
    audio_description me = ours();
    me.dir = c.wanted;
    negotiation n;
    std::string out;
    ASSERT_FALSE(answer(offer, me, n, out));
    EXPECT_EQ(n.remote, c.offered);
    EXPECT_EQ(n.local, c.answered) << to_string(c.offered) << " / " << to_string(c.wanted);
    EXPECT_EQ(parsed(out).media()[0].direction, c.answered);
    EXPECT_EQ(answer_direction(c.offered, c.wanted), c.answered);
  }
}

TEST(sdp_offer_answer, detects_holds) {
  const auto held = [](std::string_view media) { return is_hold(parsed(offer_text(media))); };
  EXPECT_FALSE(held("m=audio 5000 RTP/AVP 0\r\n"));
  EXPECT_FALSE(held("m=audio 5000 RTP/AVP 0\r\na=sendrecv\r\n"));
  EXPECT_FALSE(held("m=audio 5000 RTP/AVP 0\r\na=recvonly\r\n"));
  EXPECT_TRUE(held("m=audio 5000 RTP/AVP 0\r\na=sendonly\r\n"));
  EXPECT_TRUE(held("m=audio 5000 RTP/AVP 0\r\na=inactive\r\n"));
  // RFC 2543 style (RFC 3264 §8.4): c=0.0.0.0, at media or session level.
  EXPECT_TRUE(held("m=audio 5000 RTP/AVP 0\r\nc=IN IP4 0.0.0.0\r\n"));
  EXPECT_TRUE(is_hold(parsed("v=0\r\no=- 1 2 IN IP4 a\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\n")));
  EXPECT_TRUE(is_hold(parsed(samples::ipv6)));         // session-level sendonly
  EXPECT_TRUE(is_hold(parsed(samples::audio_video)));  // inactive audio
  // The session's direction applies only where a media has none.
  EXPECT_FALSE(is_hold(parsed("v=0\r\no=- 1 2 IN IP4 a\r\ns=-\r\na=sendonly\r\nm=audio 5000 RTP/AVP 0\r\na=sendrecv\r\n")));
  // A browser's c=0.0.0.0 with ICE candidates is not a hold.
  EXPECT_FALSE(is_hold(parsed(samples::webrtc)));
  // A rejected stream is not a hold; the first live audio one counts.
  EXPECT_FALSE(held("m=audio 0 RTP/AVP 0\r\na=inactive\r\nm=audio 5000 RTP/AVP 0\r\n"));
  EXPECT_FALSE(held("m=video 5000 RTP/AVP 96\r\na=inactive\r\n"));

  negotiation n;
  ASSERT_FALSE(negotiate(parsed(offer_text("m=audio 5000 RTP/AVP 0\r\nc=IN IP4 0.0.0.0\r\n")), ours(), n));
  EXPECT_TRUE(n.remote_hold);
  EXPECT_EQ(n.remote_address, "0.0.0.0");
  EXPECT_EQ(n.local, direction::sendrecv);  // the old form says nothing about direction
}

TEST(sdp_offer_answer, hold_and_resume_directions) {
  EXPECT_EQ(hold(direction::sendrecv), direction::sendonly);
  EXPECT_EQ(hold(direction::recvonly), direction::inactive);
  EXPECT_EQ(hold(direction::sendonly), direction::sendonly);
  EXPECT_EQ(hold(direction::inactive), direction::inactive);
  EXPECT_EQ(resume(direction::sendonly), direction::sendrecv);
  EXPECT_EQ(resume(direction::inactive), direction::recvonly);
  EXPECT_EQ(resume(direction::sendrecv), direction::sendrecv);
  EXPECT_EQ(resume(direction::recvonly), direction::recvonly);
}

TEST(sdp_offer_answer, reoffer_version_rule) {
  const session_description first = parsed("v=0\r\no=bob 7 10 IN IP4 10.0.0.1\r\ns=-\r\n");
  const session_description same = parsed("v=0\r\no=bob 007 10 IN IP4 10.0.0.1\r\ns=-\r\n");
  const session_description next = parsed("v=0\r\no=bob 7 11 IN IP4 10.0.0.1\r\ns=-\r\n");
  const session_description jump = parsed("v=0\r\no=bob 7 13 IN IP4 10.0.0.1\r\ns=-\r\n");
  const session_description back = parsed("v=0\r\no=bob 7 9 IN IP4 10.0.0.1\r\ns=-\r\n");
  const session_description other = parsed("v=0\r\no=bob 8 11 IN IP4 10.0.0.1\r\ns=-\r\n");
  const session_description moved = parsed("v=0\r\no=bob 7 11 IN IP4 10.0.0.2\r\ns=-\r\n");
  EXPECT_EQ(classify_reoffer(first.origin(), same.origin()), reoffer::unchanged);
  EXPECT_EQ(classify_reoffer(first.origin(), next.origin()), reoffer::modified);
  EXPECT_EQ(classify_reoffer(first.origin(), jump.origin()), reoffer::version_jump);
  EXPECT_EQ(classify_reoffer(first.origin(), back.origin()), reoffer::version_jump);
  EXPECT_EQ(classify_reoffer(first.origin(), other.origin()), reoffer::origin_changed);
  EXPECT_EQ(classify_reoffer(first.origin(), moved.origin()), reoffer::origin_changed);
  EXPECT_EQ(next_version(10, true), 11u);
  EXPECT_EQ(next_version(10, false), 10u);

  // Our own hold re-offer: same session id, version + 1, sendonly; the peer sees a modified
  // offer that is a hold.
  audio_description me = ours();
  std::string initial, held;
  ASSERT_FALSE(build(me, initial));
  me.version = next_version(me.version, true);
  me.dir = hold(me.dir);
  ASSERT_FALSE(build(me, held));
  const session_description a = parsed(initial), b = parsed(held);
  EXPECT_EQ(classify_reoffer(a.origin(), b.origin()), reoffer::modified);
  EXPECT_FALSE(is_hold(a));
  EXPECT_TRUE(is_hold(b));
}

TEST(sdp_offer_answer, accepts_an_answer_to_our_offer) {
  negotiation n;
  // The peer picks PCMA and keeps our events under its own payload type.
  ASSERT_FALSE(accept_answer(parsed(offer_text("m=audio 7000 RTP/AVP 8 96\r\na=rtpmap:96 telephone-event/8000\r\n"
                                               "a=recvonly\r\n")),
                             ours(), n));
  EXPECT_EQ(payload_types(n), "8");
  EXPECT_EQ(n.telephone_event->payload_type, 96);
  EXPECT_EQ(n.remote_port, 7000);
  EXPECT_EQ(n.remote_address, "198.51.100.1");
  EXPECT_EQ(n.local, direction::sendonly);

  // Codecs we never offered do not count.
  EXPECT_EQ(accept_answer(parsed(offer_text("m=audio 7000 RTP/AVP 9\r\n")), ours(), n), errc::no_common_codec);
  // Rejected, wrong count, wrong type, wrong proto.
  EXPECT_EQ(accept_answer(parsed(offer_text("m=audio 0 RTP/AVP 0\r\n")), ours(), n), errc::no_audio_stream);
  EXPECT_EQ(accept_answer(parsed(offer_text("m=audio 7000 RTP/AVP 0\r\nm=video 0 RTP/AVP 96\r\n")), ours(), n),
            errc::answer_mismatch);
  EXPECT_EQ(accept_answer(parsed(offer_text("m=video 7000 RTP/AVP 0\r\n")), ours(), n), errc::answer_mismatch);
  EXPECT_EQ(accept_answer(parsed(offer_text("m=audio 7000 RTP/SAVP 0\r\n")), ours(), n), errc::answer_mismatch);
  EXPECT_EQ(accept_answer(parsed("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\n"), ours(), n), errc::answer_mismatch);
}

TEST(sdp_offer_answer, answer_round_trip_is_accepted_by_the_offerer) {
  // We offer, the peer (also us) answers, we take the answer: both sides agree.
  audio_description alice = ours();
  alice.codecs = std::span<const codec>(g711).subspan(1);  // PCMA only
  std::string offer_sdp;
  ASSERT_FALSE(build(alice, offer_sdp));
  const session_description offer = parsed(offer_sdp);

  audio_description bob = ours();
  bob.address = "203.0.113.9";
  bob.port = 50000;
  bob.telephone_event_pt = 96;  // bob would offer 96, but answers with alice's 101
  negotiation at_bob;
  std::string answer_sdp;
  ASSERT_FALSE(answer(offer, bob, at_bob, answer_sdp));
  EXPECT_EQ(at_bob.telephone_event->payload_type, 101);

  negotiation at_alice;
  ASSERT_FALSE(accept_answer(parsed(answer_sdp), alice, at_alice));
  EXPECT_EQ(payload_types(at_alice), "8");
  EXPECT_EQ(at_alice.telephone_event->payload_type, 101);
  EXPECT_EQ(at_alice.remote_address, "203.0.113.9");
  EXPECT_EQ(at_alice.remote_port, 50000);
  EXPECT_EQ(at_alice.local, direction::sendrecv);
}

}  // namespace
}  // namespace sw::sdp
