#include "sip/auth.hpp"

#include <gtest/gtest.h>

namespace sw::sip {
namespace {

TEST(auth, digest_challenge_rfc7616) {
  digest_challenge c;
  ASSERT_FALSE(parse_challenge(
      R"(Digest realm="atlanta.example.com", qop="auth,auth-int", nonce="ea9c8e88df84f1cec4341ae6cbe5a359", opaque="", stale=TRUE, algorithm=SHA-256)",
      c));
  EXPECT_TRUE(c.is_digest());
  EXPECT_EQ(c.realm, "atlanta.example.com");
  EXPECT_EQ(c.nonce, "ea9c8e88df84f1cec4341ae6cbe5a359");
  EXPECT_EQ(c.opaque, "");
  EXPECT_EQ(c.algorithm, "SHA-256");
  EXPECT_TRUE(c.stale);
  EXPECT_TRUE(c.offers_qop_auth());
}

TEST(auth, digest_credentials) {
  digest_credentials d;
  ASSERT_FALSE(parse_credentials(
      R"(Digest username="bob", realm="biloxi.example.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="sip:bob@biloxi.example.com", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41", algorithm=MD5-sess)",
      d));
  EXPECT_EQ(d.username, "bob");
  EXPECT_EQ(d.uri, "sip:bob@biloxi.example.com");
  EXPECT_EQ(d.qop, "auth");
  EXPECT_EQ(d.nc, "00000001");
  EXPECT_EQ(d.cnonce, "0a4f113b");
  EXPECT_EQ(d.response, "6629fae49393a05397450978507c4ef1");
  EXPECT_EQ(d.algorithm, "MD5-sess");
}

TEST(auth, unknown_scheme_is_kept_raw) {
  // RFC 4475 3.3.7: "NoOneKnowsThisScheme opaque-data=here" is well-formed.
  digest_credentials d;
  ASSERT_FALSE(parse_credentials("NoOneKnowsThisScheme opaque-data=here", d));
  EXPECT_FALSE(d.is_digest());
  EXPECT_EQ(d.params, "opaque-data=here");
}

TEST(auth, malformed) {
  digest_challenge c;
  EXPECT_EQ(parse_challenge("", c).code, errc::token_invalid);
  EXPECT_EQ(parse_challenge(R"(Digest realm="open)", c).code, errc::param_invalid);
  EXPECT_EQ(parse_challenge("Digest realm", c).code, errc::param_invalid);
  const parse_error e = parse_challenge(R"(Digest realm="a" nonce="b")", c, 50);
  EXPECT_EQ(e.code, errc::param_invalid);
  EXPECT_EQ(e.offset, 50u + 17u);
}

}  // namespace
}  // namespace sw::sip
