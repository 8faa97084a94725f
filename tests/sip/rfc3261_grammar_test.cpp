// RFC 3261 grammar rules the parser must honour, each with the sentence that states it.
#include <gtest/gtest.h>

#include <string>

#include "sip/message.hpp"

namespace sw::sip {
namespace {

std::string request(std::string_view extra_headers, std::string_view method = "OPTIONS") {
  std::string s;
  s += std::string(method) + " sip:a@example.com SIP/2.0\r\n";
  s += "Via: SIP/2.0/UDP h.example.com;branch=z9hG4bKa\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@example.com>\r\n";
  s += "Call-ID: c1\r\nCSeq: 1 " + std::string(method) + "\r\n";
  s += extra_headers;
  s += "Content-Length: 0\r\n\r\n";
  return s;
}

// §7.3.1: "Header fields can be extended over multiple lines by preceding each extra line
// with at least one space or horizontal tab."
TEST(rfc3261_grammar, folded_lines_join_with_spaces) {
  message m;
  ASSERT_FALSE(m.parse(request("Subject: I know you're there,\r\n\tpick up the phone\r\n   and talk to me!\r\n")));
  // Each CR and LF of a fold becomes a SP in place, so views stay contiguous; LWS runs mean
  // the same as one SP to every consumer.
  EXPECT_EQ(m.header(header_id::subject), "I know you're there,  \tpick up the phone     and talk to me!");
}

// §7.3.1: "Multiple header field rows with the same field-name MAY be present in a message if
// and only if the entire field-value for that header field is defined as a comma-separated
// list ... It MUST be possible to combine the multiple header field rows into one".
TEST(rfc3261_grammar, multiple_rows_equal_one_comma_list) {
  message a, b;
  ASSERT_FALSE(a.parse(request("Route: <sip:r1;lr>\r\nRoute: <sip:r2;lr>\r\n")));
  ASSERT_FALSE(b.parse(request("Route: <sip:r1;lr>, <sip:r2;lr>\r\n")));
  auto ca = a.values(header_id::route), cb = b.values(header_id::route);
  std::string_view va, vb;
  int n = 0;
  while (ca.next(va)) {
    ASSERT_TRUE(cb.next(vb));
    EXPECT_EQ(va, vb);
    ++n;
  }
  EXPECT_FALSE(cb.next(vb));
  EXPECT_EQ(n, 2);
}

// §7.3.1: "the formatting ... allows any amount of whitespace on either side of the colon".
TEST(rfc3261_grammar, whitespace_around_the_colon) {
  message m;
  ASSERT_FALSE(m.parse(request("Subject   :   lunch\r\n")));
  EXPECT_EQ(m.header(header_id::subject), "lunch");
}

// §7.3.3: "SIP provides a mechanism to represent common header field names in an abbreviated
// form" — every compact form the registry defines.
TEST(rfc3261_grammar, compact_forms) {
  const std::pair<char, header_id> forms[] = {
      {'a', header_id::accept_contact}, {'b', header_id::referred_by}, {'c', header_id::content_type},
      {'d', header_id::request_disposition}, {'e', header_id::content_encoding}, {'f', header_id::from},
      {'i', header_id::call_id}, {'j', header_id::reject_contact}, {'k', header_id::supported},
      {'l', header_id::content_length}, {'m', header_id::contact}, {'o', header_id::event},
      {'r', header_id::refer_to}, {'s', header_id::subject}, {'t', header_id::to},
      {'u', header_id::allow_events}, {'v', header_id::via}, {'x', header_id::session_expires},
      {'y', header_id::identity}};
  for (auto [c, id] : forms) {
    EXPECT_EQ(lookup_header(std::string(1, c)), id) << c;
    EXPECT_EQ(lookup_header(std::string(1, static_cast<char>(c - 32))), id) << c;
  }
  EXPECT_EQ(lookup_header("g"), header_id::other);
}

// §7.3.1: "field names are always case-insensitive".
TEST(rfc3261_grammar, header_names_case_insensitive) {
  for (int i = 1; i < static_cast<int>(header_id::count_); ++i) {
    const auto id = static_cast<header_id>(i);
    std::string name(header_name(id));
    EXPECT_EQ(lookup_header(name), id) << name;
    for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(lookup_header(name), id) << name;
  }
}

// §7.1: "The method names are case-sensitive" (unlike header names).
TEST(rfc3261_grammar, methods_are_case_sensitive) {
  message m;
  ASSERT_FALSE(m.parse(request("", "invite")));
  EXPECT_EQ(m.method(), method::unknown);
  EXPECT_EQ(m.method_text(), "invite");
  ASSERT_FALSE(m.parse(request("", "INVITE")));
  EXPECT_EQ(m.method(), method::invite);
}

// §7.5: "Implementations processing SIP messages over stream-oriented transports MUST ignore
// any CRLF appearing before the start-line".
TEST(rfc3261_grammar, leading_crlf_ignored) {
  message m;
  const std::string r = "\r\n\r\n" + request("");
  ASSERT_FALSE(m.parse(r, {.stream = true}));
  EXPECT_EQ(m.bytes(), request(""));
}

// §25.1: quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F): an escaped quote does not end a
// quoted string.
TEST(rfc3261_grammar, escaped_quote_inside_display_name) {
  message m;
  std::string r = request("");
  r.replace(r.find("From: <"), 6, R"(From: "a \" b, c" )");
  ASSERT_FALSE(m.parse(r));
  EXPECT_EQ(m.from().display_name, R"(a \" b, c)");
}

// §20.14: "Content-Length ... If no body is present in a message, then the Content-Length
// header field value MUST be set to zero" — and the value is a count of octets.
TEST(rfc3261_grammar, content_length_counts_octets) {
  message m;
  std::string r = request("");
  r.replace(r.find("Content-Length: 0"), 17, "Content-Length: 3");
  r += "abcdef";
  ASSERT_FALSE(m.parse(r));
  EXPECT_EQ(m.body(), "abc");
  EXPECT_EQ(m.trailing_bytes(), 3u);
}

// §8.1.1.7: "The branch ID inserted by an element compliant with this specification MUST
// always begin with the characters z9hG4bK."
TEST(rfc3261_grammar, magic_cookie_branch) {
  via v;
  ASSERT_FALSE(parse_via("SIP/2.0/UDP h;branch=z9hG4bK74bf9", v));
  EXPECT_TRUE(v.rfc3261_branch());
  ASSERT_FALSE(parse_via("SIP/2.0/UDP h;branch=74bf9", v));
  EXPECT_FALSE(v.rfc3261_branch());
}

}  // namespace
}  // namespace sw::sip
