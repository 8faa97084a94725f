#include "sip/uri.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

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

// "sip:" URIs of letters, digits, '.', '-', '@' and ':' of 16 to 32 bytes are split by a
// vector classification (uri.cpp, parse_plain_sip); "SIP:" ones never take it. Every field
// and error of one spelling must be the other's, for URIs of every such shape and length,
// and for the bytes that make it fall back.
TEST(uri, the_plain_sip_shortcut_agrees_with_the_scanner) {
  auto place = [](std::string_view part, std::string_view whole) -> std::int64_t {
    return part.data() ? part.data() - whole.data() : -1;
  };
  auto check = [&place](const std::string& body) {
    const std::string lower = "sip:" + body, upper = "SIP:" + body;
    uri a, b;
    const parse_error ea = parse_uri(lower, a), eb = parse_uri(upper, b);
    ASSERT_EQ(ea.code, eb.code) << lower;
    ASSERT_EQ(ea.offset, eb.offset) << lower;
    if (ea) return;
    EXPECT_EQ(a.scheme, b.scheme) << lower;
    for (auto [x, y] : {std::pair{a.user, b.user}, {a.password, b.password}, {a.host, b.host}, {a.params, b.params},
                        {a.headers, b.headers}, {a.opaque, b.opaque}}) {
      EXPECT_EQ(x, y) << lower;
      EXPECT_EQ(place(x, lower), place(y, upper)) << lower;  // empty views too: where they point
    }
    EXPECT_EQ(a.port, b.port) << lower;
    EXPECT_EQ(a.has_port, b.has_port) << lower;
  };
  for (const char* body : {"alice@127.0.0.1", "bob@127.0.0.1:5062", "alice@atlanta.example.com",
                           "127.0.0.1:5060", "a@b:65535", "a@b:65536", "a@b:0", "a@b:00080", "a@b:123456",
                           "a@b:", "@host.example.com", "a@@host.example.com", "a@host@example.com",
                           "a:pw@host.example.com", "a@host:1:2.example", "host.example.com:", "a@:5060.example",
                           "a@h-.example.com", "0123456789abcdef0123456789ab", "a@b.c;lr.example",
                           "a@b.c?x=y.example", "a%41@host.example.com", "a@[::1]:5060.xx", "x@0123456789012345678901234"})
    check(body);
  // Random bodies of the shortcut's shape (user@host:port of its bytes), some with one byte
  // changed to one that makes it fall back or fail, of every length around its 16 to 32.
  std::mt19937 random(20261127);
  auto pick = [&random](std::string_view from, std::size_t n) {
    std::string s(n, ' ');
    for (char& c : s) c = from[random() % from.size()];
    return s;
  };
  int plain_and_valid = 0;
  for (int i = 0; i < 30000; ++i) {
    std::string body = random() % 4 ? pick("ab9.-", random() % 10) + "@" : "";
    body += pick("ab9.-Z", random() % 22);
    if (random() % 2) body += ":" + pick("0123456789", random() % 7);
    constexpr std::string_view odd = "@:;?%_+[] \x01\x80";
    if (random() % 3 == 0 && !body.empty()) body[random() % body.size()] = odd[random() % odd.size()];
    uri u;
    const bool plain = body.find_first_not_of("ab9.-Z@:0123456789") == std::string::npos;
    if (plain && !parse_uri("sip:" + body, u) && body.size() + 4 >= 16 && body.size() + 4 <= 32) ++plain_and_valid;
    check(body);
  }
  // Inputs of the shortcut's shape and length that parse, which it takes: they are not rare.
  EXPECT_GT(plain_and_valid, 3000);
}

}  // namespace
}  // namespace sw::sip
