// Digest authentication, client side: published vectors of RFC 2617 §3.5 and RFC 7616 §3.9.1,
// the RFC 2069 form without qop, -sess, auth-int, nonce counts and the retry rule. Expected
// values not printed in an RFC were computed independently with Python's hashlib.
#include "session/digest.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sip/auth.hpp"

namespace {

using namespace sw::session;
using sw::sip::digest_challenge;
using sw::sip::digest_credentials;

digest_challenge challenge(const std::string& value) {
  digest_challenge c;
  EXPECT_FALSE(sw::sip::parse_challenge(value, c)) << value;
  return c;
}

digest_credentials credentials(const std::string& value) {
  digest_credentials c;
  EXPECT_FALSE(sw::sip::parse_credentials(value, c)) << value;
  EXPECT_TRUE(c.is_digest());
  return c;
}

cnonce_source fixed(std::string cnonce) {
  return [cnonce] { return cnonce; };
}

// RFC 2617 §3.5, and the same challenge in RFC 2069 style below.
const std::string rfc2617_challenge =
    R"(Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41")";

TEST(DigestVectors, Rfc2617Section3_5Md5QopAuth) {
  const std::string text = rfc2617_challenge;
  digest_client client(fixed("0a4f113b"));
  auto r = client.answer(challenge(text),
                         {.method = "GET", .uri = "/dir/index.html", .username = "Mufasa", .password = "Circle Of Life"});
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(*r,
            R"(Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", )"
            R"(uri="/dir/index.html", response="6629fae49393a05397450978507c4ef1", cnonce="0a4f113b", qop=auth, )"
            R"(nc=00000001, opaque="5ccc069c403ebaf9f0171e9517f40e41")");
  const auto c = credentials(*r);
  EXPECT_EQ(c.response, "6629fae49393a05397450978507c4ef1");
  EXPECT_EQ(c.qop, "auth");
  EXPECT_EQ(c.nc, "00000001");
}

// RFC 7616 §3.9.1: the server offers SHA-256 first and MD5 second; both responses are given.
const std::string rfc7616_sha256 =
    R"(Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS")";
const std::string rfc7616_md5 =
    R"(Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS")";
const digest_input rfc7616_input{
    .method = "GET", .uri = "/dir/index.html", .username = "Mufasa", .password = "Circle of Life", .body = {}};
const char* const rfc7616_cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

TEST(DigestVectors, Rfc7616Section3_9_1Md5) {
  const std::string text = rfc7616_md5;
  digest_client client(fixed(rfc7616_cnonce));
  auto r = client.answer(challenge(text), rfc7616_input);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(*r,
            R"(Digest username="Mufasa", realm="http-auth@example.org", nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", )"
            R"(uri="/dir/index.html", response="8ca523f5e9506fed4657c9700eebdbec", algorithm=MD5, )"
            R"(cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, nc=00000001, )"
            R"(opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS")");
}

TEST(DigestVectors, Rfc7616Section3_9_1Sha256) {
  const std::string text = rfc7616_sha256;
  digest_client client(fixed(rfc7616_cnonce));
  auto r = client.answer(challenge(text), rfc7616_input);
  ASSERT_TRUE(r) << r.error().message();
  const auto c = credentials(*r);
  EXPECT_EQ(c.response, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  EXPECT_EQ(c.algorithm, "SHA-256");
  EXPECT_EQ(c.qop, "auth");
  EXPECT_EQ(c.nc, "00000001");
  EXPECT_EQ(c.cnonce, rfc7616_cnonce);
  EXPECT_EQ(c.opaque, "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS");
  EXPECT_EQ(c.realm, "http-auth@example.org");
  EXPECT_EQ(c.uri, "/dir/index.html");
}

TEST(DigestVectors, Sha512_256OnRfc7616Example) {
  const std::string text =
      R"(Digest realm="http-auth@example.org", qop="auth", algorithm=SHA-512-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v")";
  digest_client client(fixed(rfc7616_cnonce));
  auto r = client.answer(challenge(text), rfc7616_input);
  ASSERT_TRUE(r) << r.error().message();
  const auto c = credentials(*r);
  EXPECT_EQ(c.response, "430d05014cecc49cab6fbe03176d41a1da86cbfe24a16580e22aaad928d960d0");
  EXPECT_EQ(c.algorithm, "SHA-512-256");
  EXPECT_TRUE(c.opaque.empty());
}

// RFC 2069 §2.4's example with its password "CircleOfLife". The response the RFC prints
// (e966c932...) is a known misprint; 1949323746... is what every implementation computes.
TEST(DigestVectors, Rfc2069NoQop) {
  const std::string text =
      R"(Digest realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41")";
  int cnonces = 0;
  digest_client client([&] {
    ++cnonces;
    return std::string("unused");
  });
  auto r = client.answer(challenge(text),
                         {.method = "GET", .uri = "/dir/index.html", .username = "Mufasa", .password = "CircleOfLife"});
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(*r,
            R"(Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", )"
            R"(uri="/dir/index.html", response="1949323746fe6a43ef61f9606e7febea", opaque="5ccc069c403ebaf9f0171e9517f40e41")");
  EXPECT_EQ(cnonces, 0);
  // Without qop there is no nonce count to advance.
  EXPECT_EQ(client.next_nc("testrealm@host.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093"), 1u);
}

const std::string sip_nonce = "84a4cc6f3082121f32b42a2187831a9e";
const digest_input invite_input{.method = "INVITE",
                                .uri = "sip:bob@biloxi.example.com",
                                .username = "alice",
                                .password = "secret",
                                .body = {}};

TEST(DigestAlgorithms, Md5SessQopAuth) {
  const std::string text = R"(Digest realm="atlanta.example.com", nonce=")" + sip_nonce +
                           R"(", qop="auth", algorithm=MD5-sess)";
  digest_client client(fixed("0123456789abcdef"));
  auto r = client.answer(challenge(text), invite_input);
  ASSERT_TRUE(r) << r.error().message();
  const auto c = credentials(*r);
  EXPECT_EQ(c.response, "df75157281634488102b4bfae8e13268");
  EXPECT_EQ(c.algorithm, "MD5-sess");
  EXPECT_EQ(c.cnonce, "0123456789abcdef");
}

TEST(DigestAlgorithms, Md5SessWithoutQopStillSendsCnonce) {
  const std::string text =
      R"(Digest realm="atlanta.example.com", nonce=")" + sip_nonce + R"(", algorithm=md5-sess)";
  digest_client client(fixed("0123456789abcdef"));
  auto r = client.answer(challenge(text), {.method = "REGISTER",
                                           .uri = "sip:atlanta.example.com",
                                           .username = "alice",
                                           .password = "secret",
                                           .body = {}});
  ASSERT_TRUE(r) << r.error().message();
  const auto c = credentials(*r);
  EXPECT_EQ(c.response, "8976e15cd8eb7b9541d0e3675fe54e37");
  EXPECT_EQ(c.algorithm, "MD5-sess");
  EXPECT_EQ(c.cnonce, "0123456789abcdef");
  EXPECT_TRUE(c.qop.empty());
  EXPECT_TRUE(c.nc.empty());
}

TEST(DigestAlgorithms, Sha512_256Sess) {
  const std::string text = R"(Digest realm="atlanta.example.com", nonce=")" + sip_nonce +
                           R"(", qop="auth", algorithm=SHA-512-256-sess)";
  digest_client client(fixed("0123456789abcdef"));
  auto r = client.answer(challenge(text), {.method = "REGISTER",
                                           .uri = "sip:atlanta.example.com",
                                           .username = "alice",
                                           .password = "secret",
                                           .body = {}});
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(credentials(*r).response, "8afeee76e46331f904c4715ecb7980929e6c1c590c2c7a8151509214fedd0783");
}

TEST(DigestQop, AuthIntOnlyHashesTheBody) {
  const std::string text =
      R"(Digest realm="atlanta.example.com", nonce=")" + sip_nonce + R"(", qop="auth-int")";
  digest_client client(fixed("0123456789abcdef"));
  auto in = invite_input;
  in.body = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n";
  auto r = client.answer(challenge(text), in);
  ASSERT_TRUE(r) << r.error().message();
  const auto c = credentials(*r);
  EXPECT_EQ(c.qop, "auth-int");
  EXPECT_EQ(c.response, "9d9262a559f728cc8691b88a3b3a1c1d");
}

TEST(DigestQop, AuthIntWithEmptyBody) {
  const std::string text =
      R"(Digest realm="atlanta.example.com", nonce=")" + sip_nonce + R"(", qop="auth-int")";
  digest_client client(fixed("0123456789abcdef"));
  auto r = client.answer(challenge(text), {.method = "REGISTER",
                                           .uri = "sip:bob@biloxi.example.com",
                                           .username = "alice",
                                           .password = "secret",
                                           .body = {}});
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(credentials(*r).response, "6436dbddac3917d3e6c29def57afa92e");
}

TEST(DigestQop, Choice) {
  EXPECT_EQ(choose_qop(""), digest_qop::none);
  EXPECT_EQ(choose_qop("auth"), digest_qop::auth);
  EXPECT_EQ(choose_qop("auth-int, auth"), digest_qop::auth);
  EXPECT_EQ(choose_qop("auth-int"), digest_qop::auth_int);
  EXPECT_EQ(choose_qop("auth-conf"), std::nullopt);
}

TEST(DigestQop, UnknownQopIsAnError) {
  const std::string text = R"(Digest realm="r", nonce="n", qop="auth-conf")";
  digest_client client(fixed("c"));
  auto r = client.answer(challenge(text), invite_input);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), digest_errc::unsupported_qop);
}

TEST(DigestNonceCount, IncrementsPerRealmAndNonce) {
  const std::string text = R"(Digest realm="atlanta.example.com", nonce=")" + sip_nonce + R"(", qop="auth")";
  const std::string other = R"(Digest realm="atlanta.example.com", nonce="fresh", qop="auth")";
  digest_client client(fixed("0123456789abcdef"));
  const digest_input reg{.method = "REGISTER",
                         .uri = "sip:atlanta.example.com",
                         .username = "alice",
                         .password = "secret",
                         .body = {}};
  const char* const expected[] = {"b95d390eec46486a1bee7a689b8d12ac", "f9afee54f2cb8121d1f4a8309d06731a",
                                  "b09b341f649470f45238f0b54a686a95"};
  const char* const ncs[] = {"00000001", "00000002", "00000003"};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(client.next_nc("atlanta.example.com", sip_nonce), static_cast<std::uint32_t>(i + 1));
    auto r = client.answer(challenge(text), reg);
    ASSERT_TRUE(r);
    const auto c = credentials(*r);
    EXPECT_EQ(c.nc, ncs[i]);
    EXPECT_EQ(c.response, expected[i]);
  }
  // Another nonce of the same realm counts from 1; the first one keeps its count.
  auto r = client.answer(challenge(other), reg);
  ASSERT_TRUE(r);
  EXPECT_EQ(credentials(*r).nc, "00000001");
  EXPECT_EQ(client.next_nc("atlanta.example.com", sip_nonce), 4u);
  client.forget();
  EXPECT_EQ(client.next_nc("atlanta.example.com", sip_nonce), 1u);
}

TEST(DigestNonceCount, HexAndBounded) {
  const std::string text = R"(Digest realm="r", nonce="n", qop="auth")";
  digest_client client(fixed("c"), 2);
  std::string last;
  for (int i = 0; i < 10; ++i) last = client.answer(challenge(text), invite_input).value();
  EXPECT_EQ(credentials(last).nc, "0000000a");
  // Only the two most recently used (realm, nonce) pairs are remembered.
  (void)client.answer(challenge(R"(Digest realm="r", nonce="m", qop="auth")"), invite_input);
  (void)client.answer(challenge(R"(Digest realm="r", nonce="n", qop="auth")"), invite_input);
  (void)client.answer(challenge(R"(Digest realm="q", nonce="n", qop="auth")"), invite_input);
  EXPECT_EQ(client.next_nc("r", "n"), 12u);
  EXPECT_EQ(client.next_nc("r", "m"), 1u);
  EXPECT_EQ(client.next_nc("q", "n"), 2u);
}

TEST(DigestClient, RandomCnonceIsHex) {
  const std::string a = random_cnonce(), b = random_cnonce();
  EXPECT_EQ(a.size(), 16u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, b);
  digest_client client;  // the default source
  const std::string text = R"(Digest realm="r", nonce="n", qop="auth")";
  EXPECT_EQ(credentials(client.answer(challenge(text), invite_input).value()).cnonce.size(), 16u);
}

TEST(DigestClient, EscapesAndUnescapes) {
  // realm a"b arrives escaped; the hash covers a"b, the header echoes it escaped.
  const std::string text = R"(Digest realm="a\"b", nonce=")" + sip_nonce + R"(", qop="auth")";
  digest_client client(fixed("0123456789abcdef"));
  auto r = client.answer(challenge(text), {.method = "REGISTER",
                                           .uri = "sip:atlanta.example.com",
                                           .username = "alice",
                                           .password = "secret",
                                           .body = {}});
  ASSERT_TRUE(r);
  const auto c = credentials(*r);
  EXPECT_EQ(c.realm, R"(a\"b)");
  EXPECT_EQ(c.response, "3ad5ef10d632cb36c1507a7ac209bfdd");
  auto q = client.answer(challenge(text), {.method = "REGISTER",
                                           .uri = "sip:atlanta.example.com",
                                           .username = R"(al"ice)",
                                           .password = "secret",
                                           .body = {}});
  ASSERT_TRUE(q);
  EXPECT_EQ(credentials(*q).username, R"(al\"ice)");
}

TEST(DigestErrors, UnsupportedAlgorithm) {
  const std::string text = R"(Digest realm="r", nonce="n", qop="auth", algorithm=SHA-1)";
  digest_client client(fixed("c"));
  auto r = client.answer(challenge(text), invite_input);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), digest_errc::unsupported_algorithm);
  EXPECT_EQ(r.error().category().name(), std::string("digest"));
  EXPECT_FALSE(r.error().message().empty());
  EXPECT_THROW((void)r.value(), std::system_error);
  EXPECT_EQ(client.next_nc("r", "n"), 1u);  // a failed answer is not counted
}

TEST(DigestErrors, NotDigestAndMissingNonce) {
  digest_client client(fixed("c"));
  const std::string basic = R"(Basic realm="r")";
  EXPECT_EQ(client.answer(challenge(basic), invite_input).error(), digest_errc::not_digest);
  const std::string no_nonce = R"(Digest realm="r", qop="auth")";
  EXPECT_EQ(client.answer(challenge(no_nonce), invite_input).error(), digest_errc::missing_nonce);
}

TEST(DigestAlgorithms, Names) {
  EXPECT_EQ(parse_digest_algorithm(""), digest_algorithm::md5);
  EXPECT_EQ(parse_digest_algorithm("md5"), digest_algorithm::md5);
  EXPECT_EQ(parse_digest_algorithm("SHA-256-SESS"), digest_algorithm::sha256_sess);
  EXPECT_EQ(parse_digest_algorithm("SHA-512-256"), digest_algorithm::sha512_256);
  EXPECT_EQ(parse_digest_algorithm("AKAv1-MD5"), std::nullopt);
  for (auto a : {digest_algorithm::md5, digest_algorithm::md5_sess, digest_algorithm::sha256,
                 digest_algorithm::sha256_sess, digest_algorithm::sha512_256, digest_algorithm::sha512_256_sess})
    EXPECT_EQ(parse_digest_algorithm(digest_algorithm_name(a)), a);
}

TEST(DigestChallenges, PickTopmostSupported) {
  const std::string aka = R"(Digest realm="r", nonce="n1", algorithm=AKAv1-MD5, qop="auth")";
  const std::string basic = R"(Basic realm="r")";
  const std::string sha = R"(Digest realm="r", nonce="n2", algorithm=SHA-256, qop="auth")";
  const std::string md5 = R"(Digest realm="r", nonce="n3", qop="auth")";
  const std::vector<digest_challenge> all{challenge(aka), challenge(basic), challenge(sha), challenge(md5)};
  EXPECT_EQ(pick_challenge(all), 2u);
  EXPECT_EQ(pick_challenge(std::span(all).first(2)), std::nullopt);
  EXPECT_EQ(pick_challenge({}), std::nullopt);
}

TEST(DigestChallenges, HeaderForStatus) {
  EXPECT_EQ(challenge_header_for(401), sw::sip::header_id::www_authenticate);
  EXPECT_EQ(credentials_header_for(401), sw::sip::header_id::authorization);
  EXPECT_EQ(challenge_header_for(407), sw::sip::header_id::proxy_authenticate);
  EXPECT_EQ(credentials_header_for(407), sw::sip::header_id::proxy_authorization);
  EXPECT_EQ(credentials_header_for(403), std::nullopt);
  EXPECT_EQ(challenge_header_for(200), std::nullopt);
}

TEST(DigestRetry, FirstChallengeIsAnswered) {
  const std::string text = R"(Digest realm="r", nonce="n1", qop="auth")";
  EXPECT_EQ(judge_challenge(nullptr, challenge(text)), auth_verdict::answer);
  auth_attempts attempts;
  EXPECT_EQ(attempts.judge(challenge(text)), auth_verdict::answer);
  ASSERT_NE(attempts.find("r"), nullptr);
  EXPECT_EQ(attempts.find("r")->nonce, "n1");
}

TEST(DigestRetry, StaleIsRetriedWithoutCountingAsFailure) {
  const std::string first = R"(Digest realm="r", nonce="n1", qop="auth")";
  const std::string stale = R"(Digest realm="r", nonce="n2", qop="auth", stale=true)";
  const std::string rejected = R"(Digest realm="r", nonce="n3", qop="auth", stale=false)";
  auth_attempts attempts;
  EXPECT_EQ(attempts.judge(challenge(first)), auth_verdict::answer);
  EXPECT_EQ(attempts.judge(challenge(stale)), auth_verdict::answer_stale);
  EXPECT_TRUE(should_answer(auth_verdict::answer_stale));
  EXPECT_EQ(attempts.find("r")->nonce, "n2");
  EXPECT_EQ(attempts.find("r")->stale_answers, 1u);
  // After the stale retry, a plain rejection is still wrong credentials.
  EXPECT_EQ(attempts.judge(challenge(rejected)), auth_verdict::wrong_credentials);
}

TEST(DigestRetry, WrongPasswordEndsAfterOneAnswer) {
  const std::string first = R"(Digest realm="r", nonce="n1", qop="auth")";
  const std::string same = first;
  const std::string fresh_nonce = R"(Digest realm="r", nonce="n9", qop="auth")";
  auth_attempts attempts;
  EXPECT_EQ(attempts.judge(challenge(first)), auth_verdict::answer);
  EXPECT_EQ(attempts.judge(challenge(same)), auth_verdict::wrong_credentials);
  EXPECT_FALSE(should_answer(auth_verdict::wrong_credentials));
  EXPECT_FALSE(describe(auth_verdict::wrong_credentials).empty());
  // Servers such as Kamailio hand out a new nonce with each rejection: still wrong credentials.
  auth_attempts again;
  EXPECT_EQ(again.judge(challenge(first)), auth_verdict::answer);
  EXPECT_EQ(again.judge(challenge(fresh_nonce)), auth_verdict::wrong_credentials);
}

TEST(DigestRetry, StaleLoopIsBounded) {
  const std::string first = R"(Digest realm="r", nonce="n0", qop="auth")";
  auth_attempts attempts(2);
  EXPECT_EQ(attempts.judge(challenge(first)), auth_verdict::answer);
  int answered = 0;
  auth_verdict v = auth_verdict::answer;
  for (int i = 1; i < 100; ++i) {
    const std::string stale = R"(Digest realm="r", nonce="n)" + std::to_string(i) + R"(", qop="auth", stale=true)";
    v = attempts.judge(challenge(stale));
    if (!should_answer(v)) break;
    ++answered;
  }
  EXPECT_EQ(answered, 2);
  EXPECT_EQ(v, auth_verdict::too_many_stale);
}

TEST(DigestRetry, RealmsAreJudgedApart) {
  // A registrar's 401 answered, then a proxy's 407 in another realm: answer that one too.
  const std::string registrar = R"(Digest realm="registrar", nonce="a", qop="auth")";
  const std::string proxy = R"(Digest realm="proxy", nonce="b", qop="auth")";
  auth_attempts attempts;
  EXPECT_EQ(attempts.judge(challenge(registrar)), auth_verdict::answer);
  EXPECT_EQ(attempts.judge(challenge(proxy)), auth_verdict::answer);
  EXPECT_EQ(attempts.judge(challenge(proxy)), auth_verdict::wrong_credentials);
  attempts.reset();
  EXPECT_EQ(attempts.judge(challenge(proxy)), auth_verdict::answer);
}

}  // namespace
