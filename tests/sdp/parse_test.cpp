// Parsing descriptions as SIPp, Asterisk, browsers and IPv6 peers send them.
#include <gtest/gtest.h>

#include <string>

#include "samples.hpp"
#include "sdp/session_description.hpp"

namespace sw::sdp {
namespace {

session_description parsed(std::string_view text) {
  session_description d;
  const parse_error e = d.parse(text);
  EXPECT_FALSE(e) << e.what() << " at line " << e.line << " offset " << e.offset;
  return d;
}

std::string formats_of(const media_description& m) {
  std::string out;
  format_cursor c = m.format_list();
  std::uint8_t pt;
  while (c.next(pt)) out += (out.empty() ? "" : ",") + std::to_string(pt);
  return out;
}

TEST(sdp_parse, sipp_offer) {
  const session_description d = parsed(samples::sipp);
  EXPECT_EQ(d.text(), samples::sipp);
  EXPECT_EQ(d.origin().username, "user1");
  EXPECT_EQ(d.origin().session_id, "53655765");
  EXPECT_EQ(d.origin().id, 53655765u);
  EXPECT_EQ(d.origin().version, 2353687637u);
  EXPECT_EQ(d.origin().net_type, "IN");
  EXPECT_EQ(d.origin().addr_type, "IP4");
  EXPECT_EQ(d.origin().address, "127.0.0.1");
  EXPECT_EQ(d.session_name(), "-");
  ASSERT_TRUE(d.connection());
  EXPECT_EQ(d.connection()->address, "127.0.0.1");
  EXPECT_FALSE(d.connection()->ipv6());
  ASSERT_TRUE(d.time());
  EXPECT_EQ(d.time()->start, "0");
  EXPECT_EQ(d.time()->stop, "0");
  ASSERT_EQ(d.media().size(), 1u);
  const media_description& m = d.media()[0];
  EXPECT_EQ(m.type, "audio");
  EXPECT_EQ(m.port, 6000);
  EXPECT_EQ(m.proto, "RTP/AVP");
  EXPECT_TRUE(m.is_rtp());
  EXPECT_EQ(m.formats, "0");
  EXPECT_EQ(m.line, 6u);
  EXPECT_EQ(m.direction, direction::sendrecv);
  ASSERT_TRUE(m.connection);
  EXPECT_FALSE(m.connection_at_media);
  EXPECT_EQ(m.connection->address, "127.0.0.1");
  ASSERT_EQ(m.attributes.size(), 1u);
  EXPECT_EQ(m.attributes[0].name, "rtpmap");
  EXPECT_EQ(m.attributes[0].value, "0 PCMU/8000");
  EXPECT_EQ(m.attributes[0].line, 7u);
  const auto r = m.rtpmap(0);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->encoding, "PCMU");
  EXPECT_EQ(r->clock_rate, 8000u);
  EXPECT_FALSE(m.ptime());
}

TEST(sdp_parse, asterisk_offer_with_many_codecs) {
  const session_description d = parsed(samples::asterisk);
  EXPECT_EQ(d.session_name(), "Asterisk");
  EXPECT_EQ(d.origin().version, 1691234569u);
  ASSERT_EQ(d.media().size(), 1u);
  const media_description& m = d.media()[0];
  EXPECT_EQ(formats_of(m), "9,8,0,3,111,18,101");
  EXPECT_EQ(m.attributes.size(), 13u);
  EXPECT_EQ(m.rtpmap(111)->encoding, "opus");
  EXPECT_EQ(m.rtpmap(111)->clock_rate, 48000u);
  EXPECT_EQ(m.rtpmap(111)->channels, 2);
  EXPECT_EQ(m.fmtp(111), "useinbandfec=1");
  EXPECT_EQ(m.fmtp(18), "annexb=no");
  EXPECT_EQ(m.fmtp(101), "0-16");
  EXPECT_EQ(m.fmtp(0), "");
  EXPECT_EQ(m.rtpmap(101)->encoding, "telephone-event");
  EXPECT_EQ(m.ptime(), 20u);
  ASSERT_NE(m.find("maxptime"), nullptr);
  EXPECT_EQ(m.find("maxptime")->value, "150");
  EXPECT_EQ(m.direction, direction::sendrecv);
  EXPECT_TRUE(m.has_format(18));
  EXPECT_FALSE(m.has_format(96));
}

TEST(sdp_parse, webrtc_offer_with_many_attributes) {
  const session_description d = parsed(samples::webrtc);
  EXPECT_EQ(d.origin().id, 4611731400430051336u);
  EXPECT_EQ(d.origin().version, 2u);
  EXPECT_FALSE(d.connection());
  ASSERT_EQ(d.attributes().size(), 3u);
  EXPECT_EQ(d.attributes()[0].name, "group");
  EXPECT_EQ(d.attributes()[0].value, "BUNDLE 0");
  EXPECT_EQ(d.attributes()[1].name, "extmap-allow-mixed");
  EXPECT_EQ(d.attributes()[1].value, "");
  EXPECT_EQ(d.attributes()[2].value, "WMS stream0");
  ASSERT_NE(d.find("group"), nullptr);

  ASSERT_EQ(d.media().size(), 1u);
  const media_description& m = d.media()[0];
  EXPECT_EQ(m.proto, "UDP/TLS/RTP/SAVPF");
  EXPECT_TRUE(m.is_rtp());
  EXPECT_EQ(m.port, 9);
  ASSERT_TRUE(m.connection);
  EXPECT_TRUE(m.connection_at_media);
  EXPECT_TRUE(m.connection->is_null());
  EXPECT_EQ(m.find("candidate")->value,
            "842163049 1 udp 1677729535 203.0.113.7 54321 typ srflx raddr 0.0.0.0 rport 0 generation 0");
  EXPECT_EQ(m.find("fingerprint")->value.substr(0, 8), "sha-256 ");
  EXPECT_EQ(m.fmtp(111), "minptime=10;useinbandfec=1");
  EXPECT_EQ(m.rtpmap(110)->clock_rate, 48000u);
  EXPECT_EQ(m.rtpmap(126)->clock_rate, 8000u);
  EXPECT_EQ(m.rtpmap(0)->encoding, "PCMU");
  EXPECT_EQ(m.direction, direction::sendrecv);
  EXPECT_EQ(m.attributes.back().name, "ssrc");
}

TEST(sdp_parse, ipv6_with_session_level_direction) {
  const session_description d = parsed(samples::ipv6);
  EXPECT_EQ(d.origin().addr_type, "IP6");
  EXPECT_EQ(d.origin().address, "2001:db8::2");
  EXPECT_EQ(d.session_name(), "");
  EXPECT_FALSE(d.time());
  ASSERT_TRUE(d.connection());
  EXPECT_TRUE(d.connection()->ipv6());
  EXPECT_FALSE(d.connection()->is_null());
  EXPECT_EQ(d.direction(), direction::sendonly);
  ASSERT_EQ(d.media().size(), 1u);
  const media_description& m = d.media()[0];
  EXPECT_EQ(m.direction, direction::sendonly);  // inherited
  EXPECT_EQ(m.connection->address, "2001:db8::2");
  EXPECT_EQ(m.rtpmap(96)->encoding, "telephone-event");
  // 8 has no rtpmap: RFC 3551's static table answers.
  ASSERT_TRUE(m.rtpmap(8));
  EXPECT_EQ(m.rtpmap(8)->encoding, "PCMA");
  EXPECT_FALSE(m.rtpmap(97));
}

TEST(sdp_parse, media_sections_keep_their_own_lines) {
  const session_description d = parsed(samples::audio_video);
  EXPECT_FALSE(d.connection());
  ASSERT_EQ(d.others().size(), 5u);  // i= u= e= b= r=
  EXPECT_EQ(d.others()[0].type, 'i');
  EXPECT_EQ(d.others()[0].value, "A call with video");
  EXPECT_EQ(d.others()[3].value, "AS:512");
  EXPECT_EQ(d.others()[4].type, 'r');
  ASSERT_EQ(d.media().size(), 2u);

  const media_description& audio = d.media()[0];
  EXPECT_EQ(audio.proto, "RTP/SAVP");
  EXPECT_EQ(audio.connection->address, "192.0.2.10");
  EXPECT_EQ(audio.direction, direction::inactive);
  ASSERT_EQ(audio.others.size(), 2u);
  EXPECT_EQ(audio.others[0].type, 'b');
  EXPECT_EQ(audio.others[1].type, 'y');  // unknown letters are kept (RFC 4566 §5)
  EXPECT_EQ(audio.others[1].value, "something new");
  int crypto = 0;
  for (const attribute* a = audio.find("crypto"); a; a = audio.find("crypto", a)) {
    ++crypto;
    EXPECT_EQ(a->value.substr(0, 2), std::to_string(crypto) + " ");
  }
  EXPECT_EQ(crypto, 2);
  EXPECT_EQ(audio.find("crypto")->value,
            "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32");

  const media_description& video = d.media()[1];
  EXPECT_EQ(video.type, "video");
  EXPECT_EQ(video.port, 51372);
  EXPECT_EQ(video.connection->address, "192.0.2.11");
  EXPECT_EQ(video.direction, direction::sendrecv);
  ASSERT_EQ(video.attributes.size(), 1u);
  EXPECT_EQ(video.rtpmap(99)->encoding, "h263-1998");
  EXPECT_TRUE(video.others.empty());
}

TEST(sdp_parse, lf_and_crlf_give_the_same_fields) {
  std::string lf(samples::asterisk);
  for (std::size_t at; (at = lf.find('\r')) != std::string::npos;) lf.erase(at, 1);
  const session_description a = parsed(samples::asterisk);
  const session_description b = parsed(lf);
  EXPECT_EQ(a.origin().address, b.origin().address);
  ASSERT_EQ(a.media().size(), b.media().size());
  ASSERT_EQ(a.media()[0].attributes.size(), b.media()[0].attributes.size());
  for (std::size_t i = 0; i < a.media()[0].attributes.size(); ++i)
    EXPECT_EQ(a.media()[0].attributes[i].value, b.media()[0].attributes[i].value);
}

TEST(sdp_parse, tolerates_what_real_peers_do) {
  // No final line end, padding spaces between fields, trailing whitespace, blank lines,
  // an empty s=, extra t= lines, multicast c= with ttl, port counts.
  const session_description d = parsed(
      "v=0\r\n"
      "o=-  1 2  IN IP4 10.0.0.1 \r\n"
      "s=\r\n"
      "\r\n"
      "c=IN IP4 224.2.1.1/127/3\r\n"
      "t=0 0\r\n"
      "t=3034423619 3042462419\r\n"
      "m=audio 49170/2 RTP/AVP 0  8 \r\n"
      "a=ptime:30 \r\n"
      "a=recvonly");
  EXPECT_EQ(d.origin().username, "-");
  EXPECT_EQ(d.origin().address, "10.0.0.1");
  EXPECT_EQ(d.connection()->address, "224.2.1.1");
  EXPECT_EQ(d.connection()->suffix, "127/3");
  ASSERT_EQ(d.others().size(), 1u);
  EXPECT_EQ(d.others()[0].type, 't');
  const media_description& m = d.media()[0];
  EXPECT_EQ(m.port, 49170);
  EXPECT_EQ(m.port_count, 2);
  EXPECT_EQ(m.formats, "0  8");
  EXPECT_EQ(formats_of(m), "0,8");
  EXPECT_EQ(m.ptime(), 30u);
  EXPECT_EQ(m.direction, direction::recvonly);
}

TEST(sdp_parse, media_direction_overrides_the_session_default) {
  const session_description d = parsed(
      "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\na=inactive\r\n"
      "m=audio 1000 RTP/AVP 0\r\na=sendonly\r\n"
      "m=audio 1002 RTP/AVP 0\r\n"
      "m=audio 1004 RTP/AVP 0\r\na=sendrecv:not-a-direction\r\n");
  EXPECT_EQ(d.direction(), direction::inactive);
  EXPECT_EQ(d.media()[0].direction, direction::sendonly);
  EXPECT_EQ(d.media()[1].direction, direction::inactive);
  EXPECT_EQ(d.media()[2].direction, direction::inactive);
}

TEST(sdp_parse, non_rtp_media_take_token_formats) {
  const session_description d = parsed(
      "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\n"
      "m=application 5000 TCP/MRCPv2 1\r\n"
      "m=image 0 udptl t38\r\n");
  ASSERT_EQ(d.media().size(), 2u);
  EXPECT_FALSE(d.media()[1].is_rtp());
  EXPECT_EQ(d.media()[1].formats, "t38");
  EXPECT_EQ(d.media()[1].port, 0);
  EXPECT_FALSE(d.media()[1].connection);
}

TEST(sdp_parse, reuse_and_move_keep_views_valid) {
  session_description d;
  ASSERT_FALSE(d.parse(samples::asterisk));
  ASSERT_FALSE(d.parse(samples::audio_video));
  EXPECT_EQ(d.media().size(), 2u);
  EXPECT_EQ(d.media()[0].attributes.size(), 4u);
  session_description moved = std::move(d);
  EXPECT_EQ(moved.media()[0].find("crypto")->line, 13u);
  EXPECT_EQ(moved.media()[1].attributes[0].value, "99 h263-1998/90000");

  parse_result r = parse(samples::sipp);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.description.media()[0].attributes[0].value, "0 PCMU/8000");
}

TEST(sdp_codec, rtpmap_grammar) {
  EXPECT_EQ(parse_rtpmap("0 PCMU/8000")->payload_type, 0);
  EXPECT_EQ(parse_rtpmap("96 opus/48000/2")->channels, 2);
  EXPECT_FALSE(parse_rtpmap(""));
  EXPECT_FALSE(parse_rtpmap("0"));
  EXPECT_FALSE(parse_rtpmap("0 PCMU"));
  EXPECT_FALSE(parse_rtpmap("0 PCMU/"));
  EXPECT_FALSE(parse_rtpmap("0 PCMU/0"));
  EXPECT_FALSE(parse_rtpmap("0 PCMU/8000/"));
  EXPECT_FALSE(parse_rtpmap("0 PCMU/8000/0"));
  EXPECT_FALSE(parse_rtpmap("128 PCMU/8000"));
  EXPECT_FALSE(parse_rtpmap("x PCMU/8000"));
  EXPECT_FALSE(parse_rtpmap("0 PC:MU/8000"));
  EXPECT_FALSE(parse_rtpmap("0 PCMU/99999999999"));
  EXPECT_FALSE(parse_rtpmap("0 PCMU/8000 extra"));
  EXPECT_EQ(static_payload_type(18)->encoding, "G729");
  EXPECT_FALSE(static_payload_type(1));
  EXPECT_FALSE(static_payload_type(96));
  EXPECT_TRUE(same_codec(*parse_rtpmap("0 pcmu/8000"), pcmu));
  EXPECT_FALSE(same_codec(*parse_rtpmap("0 PCMU/16000"), pcmu));
  EXPECT_EQ(split_fmtp("101 0-15").parameters, "0-15");
  EXPECT_EQ(split_fmtp("").format, "");
}

// origin_line_valid says of one o= line what parse() says of a description that has it.
TEST(sdp_parse, origin_line_valid_agrees_with_the_parser) {
  const std::string_view lines[] = {
      "o=- 1 1 IN IP4 192.0.2.10\r\n", "o=alice 2890844526 2890844526 IN IP6 ::1\n", "o=- 1 1 IN IP4 host.example  \r\n",
      "o=- one 1 IN IP4 192.0.2.10\r\n", "o=- 1 1 IN IP4\r\n", "o=- 1 1 IN IP4 192.0.2.10 extra\r\n",
      "o=- 1 1 IN IP4 192.0.2.10\r\r\n", "v=0\r\n", "o=\r\n"};
  for (std::string_view line : lines) {
    const std::string text = "v=0\r\n" + std::string(line) + "s=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
    session_description d;
    EXPECT_EQ(origin_line_valid(line), !d.parse(text)) << line;
  }
}

}  // namespace
}  // namespace sw::sdp
