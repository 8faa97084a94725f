#include "sip/header_values.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace sw::sip {
namespace {

std::vector<std::string_view> split(std::string_view text) {
  std::vector<std::string_view> out;
  comma_cursor c(text);
  std::string_view v;
  while (c.next(v)) out.push_back(v);
  return out;
}

TEST(comma_cursor, splits_outside_quotes_and_brackets) {
  EXPECT_EQ(split("a, b ,c"), (std::vector<std::string_view>{"a", "b", "c"}));
  EXPECT_EQ(split(R"("Doe, John" <sip:j@x>, <sip:k@y;a=1,2>)"),
            (std::vector<std::string_view>{R"("Doe, John" <sip:j@x>)", "<sip:k@y;a=1,2>"}));
  EXPECT_EQ(split("a,,b"), (std::vector<std::string_view>{"a", "", "b"}));
  EXPECT_EQ(split(""), (std::vector<std::string_view>{""}));
}

TEST(via, full_value) {
  via v;
  ASSERT_FALSE(parse_via("SIP/2.0/TCP [2001:db8::1]:5061;branch=z9hG4bK776asdhds;received=192.0.2.1;rport=5062;maddr=224.2.0.1", v));
  EXPECT_EQ(v.protocol_name, "SIP");
  EXPECT_EQ(v.protocol_version, "2.0");
  EXPECT_EQ(v.transport, "TCP");
  EXPECT_EQ(v.host, "[2001:db8::1]");
  EXPECT_EQ(v.port, 5061);
  EXPECT_EQ(v.branch, "z9hG4bK776asdhds");
  EXPECT_TRUE(v.rfc3261_branch());
  EXPECT_EQ(v.received, "192.0.2.1");
  EXPECT_TRUE(v.has_rport);
  EXPECT_EQ(v.rport, 5062);
  EXPECT_EQ(v.maddr, "224.2.0.1");
}

// The sent-by port is read in one pass: 1 to 5 digits up to 65535, LWS around its colon.
TEST(via, sent_by_ports_and_their_errors) {
  via v;
  struct example { const char* text; bool ok; std::uint16_t port; std::uint32_t offset; };
  for (const auto& [text, ok, port, offset] : {
           example{"SIP/2.0/UDP h:5060;branch=z9hG4bKa", true, 5060, 0},
           example{"SIP/2.0/UDP h:0;branch=z9hG4bKa", true, 0, 0},
           example{"SIP/2.0/UDP h:65535", true, 65535, 0},
           example{"SIP/2.0/UDP h : 00080 ;branch=z9hG4bKa", true, 80, 0},
           example{"SIP/2.0/UDP h:65536;branch=z9hG4bKa", false, 0, 14},
           example{"SIP/2.0/UDP h:99999999999999999999;branch=z9hG4bKa", false, 0, 14},
           example{"SIP/2.0/UDP h:;branch=z9hG4bKa", false, 0, 14},
           example{"SIP/2.0/UDP h:", false, 0, 14},
           example{"SIP/2.0/UDP h:x;branch=z9hG4bKa", false, 0, 14},
           example{"SIP/2.0/UDP h:50x60;branch=z9hG4bKa", false, 0, 16},
       }) {
    const parse_error e = parse_via(text, v);
    EXPECT_EQ(!e, ok) << text;
    if (ok) {
      EXPECT_TRUE(v.has_port) << text;
      EXPECT_EQ(v.port, port) << text;
    } else {
      EXPECT_EQ(e.offset, offset) << text;
    }
  }
}

TEST(via, rport_without_value) {
  // RFC 3581 §3: the client adds an empty rport parameter.
  via v;
  ASSERT_FALSE(parse_via("SIP/2.0/UDP 10.0.0.1;rport;branch=z9hG4bKx", v));
  EXPECT_TRUE(v.has_rport);
  EXPECT_EQ(v.rport, 0);
  EXPECT_FALSE(v.has_port);
}

// ";branch=" first with a token is taken on a short path; the parameters after it, and
// every other shape, go through the parameter cursor. Error offsets stay those of the text.
TEST(via, branch_first_and_its_near_misses) {
  via v;
  ASSERT_FALSE(parse_via("SIP/2.0/UDP h:5060;branch=z9hG4bK.a-1;rport", v));
  EXPECT_EQ(v.branch, "z9hG4bK.a-1");
  EXPECT_TRUE(v.has_rport);
  EXPECT_EQ(v.rport, 0);
  ASSERT_FALSE(parse_via("SIP/2.0/UDP h;branch=z9hG4bKa;rport=5062", v));
  EXPECT_TRUE(v.has_rport);
  EXPECT_EQ(v.rport, 5062);
  ASSERT_FALSE(parse_via("SIP/2.0/UDP h;branch=z9hG4bKa;RPORT", v));
  EXPECT_TRUE(v.has_rport);
  EXPECT_EQ(parse_via("SIP/2.0/UDP h;branch=z9hG4bKa;rport;", v).code, errc::param_invalid);
  ASSERT_FALSE(parse_via("SIP/2.0/UDP h;branch=z9hG4bKa;received=192.0.2.1;rport=7", v));
  EXPECT_EQ(v.branch, "z9hG4bKa");
  EXPECT_EQ(v.received, "192.0.2.1");
  EXPECT_EQ(v.rport, 7);
  ASSERT_FALSE(parse_via("SIP/2.0/UDP h;branch=z9hG4bKa;branch=z9hG4bKb", v));
  EXPECT_EQ(v.branch, "z9hG4bKb");  // the last one, as the cursor alone gives
  ASSERT_FALSE(parse_via("SIP/2.0/UDP h;branch=z9hG4bKa ;rport", v));
  EXPECT_EQ(v.branch, "z9hG4bKa");
  ASSERT_FALSE(parse_via("SIP/2.0/UDP h;branch=\"q\"", v));
  EXPECT_EQ(v.branch, "\"q\"");
  const std::string_view bad_rport = "SIP/2.0/UDP h;branch=z9hG4bKa;rport=x";
  const parse_error e = parse_via(bad_rport, v);
  EXPECT_EQ(e.code, errc::via_invalid);
  const std::string_view bad_param = "SIP/2.0/UDP h;branch=z9hG4bKa;;";
  const parse_error p = parse_via(bad_param, v);
  EXPECT_EQ(p.code, errc::param_invalid);
  EXPECT_EQ(p.offset, bad_param.size() - 1);  // the second ';'
  EXPECT_EQ(parse_via("SIP/2.0/UDP h;branch=", v).code, errc::param_invalid);
  EXPECT_EQ(parse_via("SIP/2.0/UDP h;branch=a<b", v).code, errc::param_invalid);
}

TEST(via, malformed) {
  via v;
  EXPECT_EQ(parse_via("SIP/2.0 host", v).code, errc::via_invalid);
  EXPECT_EQ(parse_via("SIP/2.0/UDP", v).code, errc::via_invalid);
  EXPECT_EQ(parse_via("SIP/2.0/UDPhost", v).code, errc::via_invalid);
  EXPECT_EQ(parse_via("SIP/2.0/UDP host:70000", v).code, errc::via_invalid);
  EXPECT_EQ(parse_via("SIP/2.0/UDP host;;", v).code, errc::param_invalid);
  EXPECT_EQ(parse_via("SIP/2.0/UDP host;rport=x", v).code, errc::via_invalid);
}

TEST(cseq, number_and_method) {
  cseq c;
  ASSERT_FALSE(parse_cseq("4711 INVITE", c));
  EXPECT_EQ(c.number, 4711u);
  EXPECT_EQ(c.method, "INVITE");
  ASSERT_FALSE(parse_cseq("4294967295 BYE", c));  // 2**32-1 is the largest
  EXPECT_EQ(parse_cseq("4294967296 BYE", c).code, errc::cseq_invalid);
  EXPECT_EQ(parse_cseq("1", c).code, errc::cseq_invalid);
  EXPECT_EQ(parse_cseq("INVITE", c).code, errc::cseq_invalid);
  EXPECT_EQ(parse_cseq("1 INVITE extra", c).code, errc::cseq_invalid);
  // The number is read while scanned: leading zeros up to 40 digits (RFC 4475 3.1.1.1 has
  // some), the error offset at the number when it is too long or too big, after it when
  // no space follows.
  ASSERT_FALSE(parse_cseq(" 0000000009 ACK", c));
  EXPECT_EQ(c.number, 9u);
  ASSERT_FALSE(parse_cseq(std::string(39, '0') + "7 BYE", c));
  EXPECT_EQ(c.number, 7u);
  EXPECT_EQ(parse_cseq(" " + std::string(40, '0') + "7 BYE", c).offset, 1u);
  EXPECT_EQ(parse_cseq("  99999999999999999999 BYE", c).offset, 2u);
  const parse_error no_space = parse_cseq("12INVITE", c);
  EXPECT_EQ(no_space.code, errc::cseq_invalid);
  EXPECT_EQ(no_space.offset, 2u);
}

TEST(rack, rfc3262) {
  rack r;
  ASSERT_FALSE(parse_rack("776656 1 INVITE", r));
  EXPECT_EQ(r.rseq, 776656u);
  EXPECT_EQ(r.cseq, 1u);
  EXPECT_EQ(r.method, "INVITE");
  EXPECT_TRUE(parse_rack("1 INVITE", r));
  // The response number as CSeq's: at most 2^32-1, the error at the number.
  ASSERT_FALSE(parse_rack("4294967295 2 BYE", r));
  EXPECT_EQ(r.rseq, 4294967295u);
  const parse_error too_big = parse_rack(" 4294967296 2 BYE", r);
  EXPECT_EQ(too_big.code, errc::number_invalid);
  EXPECT_EQ(too_big.offset, 1u);
  EXPECT_EQ(parse_rack("x 1 INVITE", r).code, errc::number_invalid);
}

TEST(event, type_and_id) {
  event e;
  ASSERT_FALSE(parse_event("refer;id=93809824", e));
  EXPECT_EQ(e.type, "refer");
  EXPECT_EQ(e.id(), "93809824");
  EXPECT_TRUE(parse_event(";id=1", e));
}

TEST(subscription_state, state_expires_reason) {
  subscription_state s;
  ASSERT_FALSE(parse_subscription_state("active;expires=60", s));
  EXPECT_EQ(s.state, "active");
  EXPECT_EQ(s.expires(), 60u);
  ASSERT_FALSE(parse_subscription_state("terminated;reason=noresource", s));
  EXPECT_EQ(s.reason(), "noresource");
  EXPECT_EQ(s.expires(), std::nullopt);
}

TEST(replaces, rfc3891) {
  replaces r;
  ASSERT_FALSE(parse_replaces("425928@bobster.example.org;to-tag=7743;from-tag=6472;early-only", r));
  EXPECT_EQ(r.call_id, "425928@bobster.example.org");
  EXPECT_EQ(r.to_tag, "7743");
  EXPECT_EQ(r.from_tag, "6472");
  EXPECT_TRUE(r.early_only);
  EXPECT_TRUE(parse_replaces("abc;to-tag=1", r));  // from-tag is mandatory
}

TEST(media_type, with_params) {
  media_type t;
  ASSERT_FALSE(parse_media_type("multipart/mixed;boundary=7a9cbec02ceef655", t));
  EXPECT_TRUE(t.is("MULTIPART", "Mixed"));
  EXPECT_EQ(t.params, ";boundary=7a9cbec02ceef655");
  EXPECT_TRUE(parse_media_type("application", t));
}

TEST(list_contains, case_insensitive_tokens) {
  EXPECT_TRUE(list_contains("INVITE, ACK ,BYE", "ack"));
  EXPECT_TRUE(list_contains("100rel,timer", "100rel"));
  EXPECT_FALSE(list_contains("100rel,timer", "replaces"));
}

TEST(parse_u32, bounds) {
  EXPECT_EQ(parse_u32(" 0042 "), 42u);
  EXPECT_EQ(parse_u32("4294967296"), std::nullopt);
  EXPECT_EQ(parse_u32("-1"), std::nullopt);
  EXPECT_EQ(parse_u32(""), std::nullopt);
}

// A value without a comma is one element, whatever it holds; with commas the quotes and
// brackets decide.
TEST(comma_cursor, offsets_with_and_without_commas) {
  comma_cursor c(R"( "a <b" <sip:x@y> )");
  std::string_view v;
  std::size_t at = 99;
  ASSERT_TRUE(c.next(v, at));
  EXPECT_EQ(v, R"("a <b" <sip:x@y>)");
  EXPECT_EQ(at, 1u);
  EXPECT_FALSE(c.next(v, at));
  EXPECT_EQ(split(R"("unterminated, <x>)"), (std::vector<std::string_view>{R"("unterminated, <x>)"}));
  EXPECT_EQ(split("<a,b"), (std::vector<std::string_view>{"<a,b"}));
  EXPECT_EQ(split("a,<b,c>,d"), (std::vector<std::string_view>{"a", "<b,c>", "d"}));
}

TEST(via, lws_around_the_protocol_slashes) {
  via v;
  ASSERT_FALSE(parse_via("SIP/2.0/ UDP h", v));
  EXPECT_EQ(v.transport, "UDP");
  ASSERT_FALSE(parse_via("SIP / 2.0 / TCP h:5060", v));
  EXPECT_EQ(v.protocol_version, "2.0");
  EXPECT_EQ(v.transport, "TCP");
  ASSERT_FALSE(parse_via("sip/2.0/udp h", v));
  EXPECT_EQ(v.protocol_name, "sip");
  EXPECT_EQ(parse_via("SIP/2.0/", v).code, errc::via_invalid);
  EXPECT_EQ(parse_via("SIP/2.0/ ", v).offset, 9u);
}

}  // namespace
}  // namespace sw::sip
