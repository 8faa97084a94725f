#include "sip/name_addr.hpp"

#include <gtest/gtest.h>

namespace sw::sip {
namespace {

TEST(name_addr, quoted_display_name_and_tag) {
  name_addr n;
  ASSERT_FALSE(parse_name_addr(R"("Alice \"A\"" <sip:alice@example.com;transport=tcp>;tag=1928301774)", n));
  EXPECT_TRUE(n.display_quoted);
  EXPECT_EQ(n.display_name, R"(Alice \"A\")");
  EXPECT_TRUE(n.angle);
  EXPECT_EQ(n.uri_text, "sip:alice@example.com;transport=tcp");
  EXPECT_EQ(n.uri.transport(), "tcp");
  EXPECT_EQ(n.tag(), "1928301774");
}

TEST(name_addr, tag_is_the_first_and_survives_a_later_bad_parameter) {
  name_addr n;
  ASSERT_FALSE(parse_name_addr("<sip:b@x>;TAG=first;tag=second", n));
  EXPECT_EQ(n.tag(), "first");  // the name is case-insensitive; the first one counts
  ASSERT_FALSE(parse_name_addr("<sip:b@x>;tagged=1", n));
  EXPECT_EQ(n.tag(), "");
  // A 400 for this request copies its To: the tag before the bad parameter must still be
  // seen, or the answer would add a second one.
  EXPECT_TRUE(parse_name_addr("<sip:b@x>;tag=abc;;", n));
  EXPECT_EQ(n.tag(), "abc");
}

// A lone ";tag=" with a token is taken on a short path; everything else around a tag goes
// through the parameter cursor. Both must give what the grammar says.
TEST(name_addr, a_lone_tag_and_its_near_misses) {
  struct example {
    const char* text;
    bool ok;
    const char* tag;
  };
  const example examples[] = {
      {"<sip:b@x>;tag=a1.b-c!%*_+`'~", true, "a1.b-c!%*_+`'~"},  // every token character
      {"<sip:b@x>;tag=abc  ", true, "abc"},                      // trailing LWS trimmed
      {"<sip:b@x> ; tag = abc", true, "abc"},                    // LWS around ';' and '='
      {"<sip:b@x>;tag=abc;x=1", true, "abc"},                    // more parameters
      {"<sip:b@x>;tag=\"q\"", true, "\"q\""},                  // quoted value, quotes kept
      {"<sip:b@x>;tag=[::1]", true, "[::1]"},                    // host as gen-value
      {"<sip:b@x>;tag=", false, ""},                             // no value
      {"<sip:b@x>;tag=a b", false, "a"},                         // a space inside
      {"<sip:b@x>;tag=a<b", false, ""},                          // not a gen-value character
      {"<sip:b@x>;tag", true, ""},                               // a flag, no value
      // 16 bytes or more of parameters: the tag is checked in one vector step first.
      {"<sip:b@x>;tag=5ce9f7a7c36f537", true, "5ce9f7a7c36f537"},          // letters and digits
      {"<sip:b@x>;tag=0123456789abcdef", true, "0123456789abcdef"},        // 16 of them
      {"<sip:b@x>;tag=0123456789abcdefg", true, "0123456789abcdefg"},      // 17: byte by byte
      {"<sip:b@x>;tag=a-b.c-d.e-f.g-h.i", true, "a-b.c-d.e-f.g-h.i"},      // '.' and '-'
      {"<sip:b@x>;tag=5ce9f7a7c36f53!", true, "5ce9f7a7c36f53!"},          // a token byte more
      {"<sip:b@x>;tag=5ce9f7a7c36f53@", false, ""},                        // not a token
      {"<sip:b@x>;tag=5ce9f7a\x80" "c36f537", false, ""},                  // nor this
  };
  for (const example& e : examples) {
    name_addr n;
    const parse_error error = parse_name_addr(e.text, n);
    EXPECT_EQ(!error, e.ok) << e.text;
    if (e.ok) {
      EXPECT_EQ(n.tag(), e.tag) << e.text;
    }
  }
}

TEST(name_addr, token_display_name) {
  name_addr n;
  ASSERT_FALSE(parse_name_addr("Bob Smith <sip:bob@example.com>", n));
  EXPECT_EQ(n.display_name, "Bob Smith");
  EXPECT_FALSE(n.display_quoted);
}

TEST(name_addr, addr_spec_params_belong_to_the_header) {
  // RFC 3261 §20.10: without <>, URI parameters after the addr-spec are header parameters.
  name_addr n;
  ASSERT_FALSE(parse_name_addr("sip:carol@chicago.com;tag=abc;expires=60", n));
  EXPECT_FALSE(n.angle);
  EXPECT_TRUE(n.uri.params.empty());
  EXPECT_EQ(n.tag(), "abc");
  EXPECT_EQ(n.param("expires"), "60");
}

TEST(name_addr, contact_star) {
  name_addr n;
  ASSERT_FALSE(parse_name_addr("*", n, 0, {.allow_star = true}));
  EXPECT_TRUE(n.star);
  EXPECT_TRUE(parse_name_addr("*", n));  // only Contact may be '*'
}

TEST(name_addr, instance_id_with_angle_brackets_in_quotes) {
  name_addr n;
  ASSERT_FALSE(parse_name_addr(R"(<sip:a@192.0.2.4>;+sip.instance="<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>";expires=3600)", n));
  EXPECT_EQ(n.param("+sip.instance"), R"("<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>")");
  EXPECT_EQ(n.param("expires"), "3600");
}

TEST(name_addr, malformed_values) {
  name_addr n;
  EXPECT_EQ(parse_name_addr("", n).code, errc::name_addr_invalid);
  EXPECT_EQ(parse_name_addr("\"open <sip:a@b>", n).code, errc::quote_unterminated);
  EXPECT_EQ(parse_name_addr("<sip:a@b", n).code, errc::name_addr_invalid);
  EXPECT_EQ(parse_name_addr("<sip:a@b>;;", n).code, errc::param_invalid);
  EXPECT_EQ(parse_name_addr("\"x\" sip:a@b", n).code, errc::name_addr_invalid);
  EXPECT_EQ(parse_name_addr("<sip:a@b>junk", n).code, errc::param_invalid);
  EXPECT_EQ(parse_name_addr("sip:a@b?x=y", n).code, errc::name_addr_invalid);
  const parse_error e = parse_name_addr("<sip:a@b:x>", n, 10);
  EXPECT_EQ(e.code, errc::uri_invalid);
  EXPECT_EQ(e.offset, 11u + 6u);
}

// RFC 4475 3.1.2.14: no LWS inside <...>. The error names the LWS, unless the '>' is missing.
TEST(name_addr, lws_inside_brackets) {
  name_addr n;
  parse_error e = parse_name_addr("<sip:a @b>", n, 10);
  EXPECT_EQ(e.code, errc::name_addr_invalid);
  EXPECT_EQ(e.offset, 16u);
  EXPECT_EQ(n.uri_text, "");
  EXPECT_EQ(n.uri.scheme, uri_scheme::other);
  e = parse_name_addr("Bob <sip:a\t@b", n, 10);
  EXPECT_EQ(e.code, errc::name_addr_invalid);
  EXPECT_EQ(e.offset, 14u);
  e = parse_name_addr("<tel:1 2>", n);
  EXPECT_EQ(e.code, errc::name_addr_invalid);
  EXPECT_EQ(e.offset, 6u);
  ASSERT_FALSE(parse_name_addr("<urn:x>  ;tag=1", n));
  EXPECT_EQ(n.uri_text, "urn:x");
  EXPECT_EQ(n.tag(), "1");
}

}  // namespace
}  // namespace sw::sip
