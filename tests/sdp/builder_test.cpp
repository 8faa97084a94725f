// Writing offers: the exact text, fixed buffers, refused fields, and build -> parse round trips.
#include "sdp/builder.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

namespace sw::sdp {
namespace {

constexpr std::array<codec, 2> g711{pcmu, pcma};

audio_offer basic_offer() {
  audio_offer o;
  o.username = "sipwright";
  o.session_id = 1234;
  o.version = 1;
  o.address = "192.0.2.5";
  o.port = 40000;
  o.codecs = g711;
  o.telephone_event_pt = 101;
  return o;
}

constexpr std::string_view basic_text =
    "v=0\r\n"
    "o=sipwright 1234 1 IN IP4 192.0.2.5\r\n"
    "s=sipwright\r\n"
    "c=IN IP4 192.0.2.5\r\n"
    "t=0 0\r\n"
    "m=audio 40000 RTP/AVP 0 8 101\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-16\r\n"
    "a=ptime:20\r\n"
    "a=sendrecv\r\n";

TEST(sdp_builder, writes_an_offer) {
  std::string out = "prefix:";
  ASSERT_FALSE(build(basic_offer(), out));
  EXPECT_EQ(out, "prefix:" + std::string(basic_text));
}

TEST(sdp_builder, writes_into_a_fixed_buffer) {
  std::array<char, 512> buffer{};
  const build_result r = build(basic_offer(), buffer);
  ASSERT_TRUE(r) << r.error.message();
  EXPECT_EQ(std::string_view(buffer.data(), r.size), basic_text);
}

TEST(sdp_builder, refuses_every_buffer_too_small) {
  for (std::size_t n = 0; n < basic_text.size(); ++n) {
    std::vector<char> buffer(n);
    const build_result r = build(basic_offer(), buffer);
    EXPECT_EQ(r.error, errc::buffer_too_small) << n;
    EXPECT_EQ(r.size, 0u);
  }
  std::vector<char> exact(basic_text.size());
  EXPECT_EQ(build(basic_offer(), exact).size, basic_text.size());
}

TEST(sdp_builder, ipv6_hold_without_events_or_ptime) {
  audio_offer o = basic_offer();
  o.address = "2001:db8::5";
  o.ipv6 = true;
  o.codecs = std::span<const codec>(g711).subspan(1);
  o.telephone_event_pt.reset();
  o.ptime = 0;
  o.dir = direction::sendonly;
  o.version = 2;
  std::string out;
  ASSERT_FALSE(build(o, out));
  EXPECT_EQ(out,
            "v=0\r\n"
            "o=sipwright 1234 2 IN IP6 2001:db8::5\r\n"
            "s=sipwright\r\n"
            "c=IN IP6 2001:db8::5\r\n"
            "t=0 0\r\n"
            "m=audio 40000 RTP/AVP 8\r\n"
            "a=rtpmap:8 PCMA/8000\r\n"
            "a=sendonly\r\n");
}

TEST(sdp_builder, writes_codec_parameters_and_extra_attributes) {
  const std::array<codec, 1> opus{codec{111, "opus", 48000, 2, "useinbandfec=1"}};
  const std::array<std::string_view, 1> crypto{
      "crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR"};
  audio_offer o = basic_offer();
  o.codecs = opus;
  o.proto = "RTP/SAVP";
  o.attributes = crypto;
  o.telephone_event_fmtp = "";
  o.username = "";
  o.session_name = "";
  std::string out;
  ASSERT_FALSE(build(o, out));
  EXPECT_NE(out.find("o=- 1234 1 IN IP4"), std::string::npos);
  EXPECT_NE(out.find("s=-\r\n"), std::string::npos);
  EXPECT_NE(out.find("m=audio 40000 RTP/SAVP 111 101\r\n"), std::string::npos);
  EXPECT_NE(out.find("a=rtpmap:111 opus/48000/2\r\na=fmtp:111 useinbandfec=1\r\n"), std::string::npos);
  EXPECT_EQ(out.find("a=fmtp:101"), std::string::npos);
  EXPECT_NE(out.find("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"), std::string::npos);
}

TEST(sdp_builder, refuses_bad_fields) {
  const auto refused = [](audio_offer o) {
    std::string out;
    const std::error_code e = build(o, out);
    std::array<char, 1024> buffer{};
    EXPECT_EQ(build(o, buffer).error, e);
    EXPECT_TRUE(out.empty());
    return e;
  };
  audio_offer o = basic_offer();
  o.codecs = {};
  EXPECT_EQ(refused(o), errc::nothing_to_offer);
  EXPECT_EQ(answer_status(errc::nothing_to_offer), 0);

  o = basic_offer();
  o.address = "192.0.2.5\r\na=injected";
  EXPECT_EQ(refused(o), errc::field_invalid);
  o.address = "";
  EXPECT_EQ(refused(o), errc::field_invalid);
  o.address = "192.0.2.5 x";
  EXPECT_EQ(refused(o), errc::field_invalid);

  o = basic_offer();
  o.username = "two words";
  EXPECT_EQ(refused(o), errc::field_invalid);
  o = basic_offer();
  o.session_name = std::string_view("a\0b", 3);
  EXPECT_EQ(refused(o), errc::field_invalid);
  o = basic_offer();
  o.telephone_event_pt = 200;
  EXPECT_EQ(refused(o), errc::field_invalid);

  const std::array<codec, 1> bad_pt{codec{128, "X", 8000, 1, {}}};
  o = basic_offer();
  o.codecs = bad_pt;
  EXPECT_EQ(refused(o), errc::field_invalid);
  const std::array<std::string_view, 1> bad_attribute{"x\ny"};
  o = basic_offer();
  o.attributes = bad_attribute;
  EXPECT_EQ(refused(o), errc::field_invalid);
}

TEST(sdp_builder, round_trips_through_the_parser) {
  for (const direction dir : {direction::sendrecv, direction::sendonly, direction::recvonly, direction::inactive}) {
    for (const bool ipv6 : {false, true}) {
      audio_offer o = basic_offer();
      o.dir = dir;
      o.ipv6 = ipv6;
      o.address = ipv6 ? "::1" : "127.0.0.1";
      o.session_id = 18446744073709551615u;
      o.version = 7;
      o.ptime = 30;
      std::string out;
      ASSERT_FALSE(build(o, out));
      session_description d;
      const parse_error e = d.parse(out);
      ASSERT_FALSE(e) << e.what() << "\n" << out;
      EXPECT_EQ(d.origin().id, o.session_id);
      EXPECT_EQ(d.origin().version, 7u);
      EXPECT_EQ(d.origin().address, o.address);
      EXPECT_EQ(d.connection()->ipv6(), ipv6);
      EXPECT_EQ(d.connection()->address, o.address);
      ASSERT_EQ(d.media().size(), 1u);
      const media_description& m = d.media()[0];
      EXPECT_EQ(m.port, 40000);
      EXPECT_EQ(m.proto, "RTP/AVP");
      EXPECT_EQ(m.formats, "0 8 101");
      EXPECT_EQ(m.direction, dir);
      EXPECT_EQ(m.ptime(), 30u);
      EXPECT_TRUE(same_codec(*m.rtpmap(0), pcmu));
      EXPECT_TRUE(same_codec(*m.rtpmap(8), pcma));
      EXPECT_EQ(m.rtpmap(101)->encoding, "telephone-event");
      EXPECT_EQ(m.fmtp(101), "0-16");
    }
  }
}

}  // namespace
}  // namespace sw::sdp
