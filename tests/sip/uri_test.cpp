#include "sip/uri.hpp"

#include <gtest/gtest.h>

namespace sw::sip {
namespace {

uri parse_ok(std::string_view text) {
  uri u;
  const parse_error e = parse_uri(text, u);
  EXPECT_FALSE(e) << text << ": " << e.what() << " at " << e.offset;
  return u;
}

TEST(uri, sip_uri_with_everything) {
  const uri u = parse_ok("sips:alice:secret@Example.COM:5061;transport=tcp;lr?Subject=hi&Priority=urgent");
  EXPECT_EQ(u.scheme, uri_scheme::sips);
  EXPECT_EQ(u.user, "alice");
  EXPECT_EQ(u.password, "secret");
  EXPECT_EQ(u.host, "Example.COM");
  EXPECT_TRUE(u.has_port);
  EXPECT_EQ(u.port, 5061);
  EXPECT_EQ(u.params, ";transport=tcp;lr");
  EXPECT_EQ(u.transport(), "tcp");
  EXPECT_EQ(u.param("LR"), "");
  EXPECT_EQ(u.headers, "Subject=hi&Priority=urgent");
}

TEST(uri, host_only_and_ipv4) {
  const uri u = parse_ok("sip:192.0.2.1");
  EXPECT_TRUE(u.user.empty());
  EXPECT_EQ(u.host, "192.0.2.1");
  EXPECT_FALSE(u.has_port);
}

TEST(uri, ipv6_reference) {
  // RFC 5118 §4.1: IPv6 references stay in brackets; the port follows the bracket.
  const uri u = parse_ok("sip:bob@[2001:db8::10]:5070;maddr=[::1]");
  EXPECT_EQ(u.host, "[2001:db8::10]");
  EXPECT_TRUE(u.host_is_ipv6());
  EXPECT_EQ(u.port, 5070);
  EXPECT_EQ(u.param("maddr"), "[::1]");
}

TEST(uri, tel_uri) {
  const uri u = parse_ok("tel:+1-201-555-0123;phone-context=example.com");
  EXPECT_EQ(u.scheme, uri_scheme::tel);
  EXPECT_EQ(u.user, "+1-201-555-0123");
  EXPECT_EQ(u.param("phone-context"), "example.com");
}

TEST(uri, scheme_is_case_insensitive) {
  EXPECT_EQ(parse_ok("SIP:a@b").scheme, uri_scheme::sip);
  EXPECT_EQ(parse_ok("Tel:123").scheme, uri_scheme::tel);
}

TEST(uri, other_schemes_are_opaque) {
  const uri u = parse_ok("urn:service:sos");
  EXPECT_EQ(u.scheme, uri_scheme::other);
  EXPECT_EQ(u.scheme_text, "urn");
  EXPECT_EQ(u.opaque, "service:sos");
}

TEST(uri, errors_name_their_offset) {
  uri u;
  struct bad { const char* text; std::uint32_t offset; };
  for (auto [text, offset] : {bad{"", 0}, bad{"nocolon", 0}, bad{"sip:", 4}, bad{"sip:a@", 6},
                              bad{"sip:a@host:99999", 6}, bad{"sip:a b@host", 5}, bad{"sip:%zz@host", 4},
                              bad{"sip:host;;lr", 9}, bad{"sip:[::1", 4}, bad{"sip:@host", 4},
                              bad{"tel:", 4}, bad{"tel:12g", 6}, bad{"<sip:a@b>", 0}}) {
    const parse_error e = parse_uri(text, u, 100);
    EXPECT_EQ(e.code, errc::uri_invalid) << text;
    EXPECT_EQ(e.offset, 100 + offset) << text;
  }
}

TEST(uri, unescape_decodes_once) {
  EXPECT_EQ(unescape("a%20b"), "a b");
  EXPECT_EQ(unescape("%2541"), "%41");
  EXPECT_EQ(unescape("100%"), "100%");
  EXPECT_EQ(unescape("%4"), "%4");
  EXPECT_EQ(unescape("%zz"), "%zz");
}

// The user part is found by scanning its characters up to '@'; escapes, a password or a port
// take the longer way, with the same results.
TEST(uri, user_part_shapes) {
  uri u;
  ASSERT_FALSE(parse_uri("sip:al%41ice:p%20w@host:5060;lr", u));
  EXPECT_EQ(u.user, "al%41ice");
  EXPECT_EQ(u.password, "p%20w");
  EXPECT_EQ(u.host, "host");
  EXPECT_EQ(u.port, 5060);
  EXPECT_EQ(u.params, ";lr");
  ASSERT_FALSE(parse_uri("sip:host:5060?subject=x", u));
  EXPECT_EQ(u.user, "");
  EXPECT_EQ(u.host, "host");
  EXPECT_EQ(u.port, 5060);
  EXPECT_EQ(u.headers, "subject=x");
  ASSERT_FALSE(parse_uri("sip:host;maddr=x@y", u));  // ';' and '=' may be in a user part
  EXPECT_EQ(u.user, "host;maddr=x");
  EXPECT_EQ(u.host, "y");
  struct bad { const char* text; std::uint32_t offset; };
  for (auto [text, offset] : {bad{"sip:al%4@host", 4}, bad{"sip:al%4", 4}, bad{"sip:a:b:c@host", 7},
                              bad{"sip:host:50x;lr", 4}, bad{"sip:host:;lr", 4}, bad{"sip:host/x", 4},
                              bad{"sip:[::1]x", 4}, bad{"sip:[::1]:5x", 4}, bad{"sip:a@b@c", 6},
                              bad{"sip:host;lr?", 11}, bad{"1sip:host", 0}, bad{"s p:host", 0}}) {
    const parse_error e = parse_uri(text, u);
    EXPECT_EQ(e.code, errc::uri_invalid) << text;
    EXPECT_EQ(e.offset, offset) << text;
  }
}

}  // namespace
}  // namespace sw::sip
