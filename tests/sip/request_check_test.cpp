#include "sip/request_check.hpp"

#include <gtest/gtest.h>

#include <string>

#include "sip/message.hpp"

namespace sw::sip {
namespace {

constexpr std::string_view k_methods[] = {"INVITE", "ACK", "BYE", "CANCEL", "OPTIONS"};
constexpr std::string_view k_extensions[] = {"100rel", "replaces"};
constexpr std::string_view k_bodies[] = {"application/sdp"};
const ua_capabilities k_ua{k_methods, k_extensions, k_bodies};

std::string request(std::string_view method, std::string_view uri, std::string_view extra, std::string_view body = {}) {
  std::string s = std::string(method) + " " + std::string(uri) + " SIP/2.0\r\n" +
                  "Via: SIP/2.0/UDP h;branch=z9hG4bKa\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\n"
                  "Call-ID: c\r\nCSeq: 1 " + std::string(method) + "\r\n" + std::string(extra) +
                  "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
  return s;
}

std::uint16_t status_of(const std::string& text) {
  message m;
  const parse_error e = m.parse(text);
  EXPECT_FALSE(e) << e.what();
  return check_request(m, k_ua).status;
}

TEST(request_check, acceptable_request) {
  EXPECT_EQ(status_of(request("INVITE", "sip:a@b", "Require: 100rel\r\nContent-Type: application/sdp\r\nAccept: application/sdp\r\n", "v=0\r\n")), 0);
  EXPECT_EQ(status_of(request("OPTIONS", "tel:+123", "")), 0);
}

TEST(request_check, methods) {
  EXPECT_EQ(status_of(request("FOO", "sip:a@b", "")), 501);
  EXPECT_EQ(status_of(request("REFER", "sip:a@b", "")), 405);  // known, but not allowed here
  // Method names are case-sensitive (RFC 3261 §7.1): these are methods nobody implements.
  EXPECT_EQ(status_of(request("invite", "sip:a@b", "")), 501);
  EXPECT_EQ(status_of(request("Bye", "sip:a@b", "")), 501);
  EXPECT_EQ(status_of(request("BYE", "sip:a@b", "")), 0);
}

TEST(request_check, require_lists_what_is_unsupported) {
  message m;
  ASSERT_FALSE(m.parse(request("INVITE", "sip:a@b", "Require: 100rel, timer\r\nRequire: foo\r\n")));
  const check_result r = check_request(m, k_ua);
  EXPECT_EQ(r.status, 420);
  ASSERT_EQ(r.unsupported_count, 2u);
  EXPECT_EQ(r.unsupported[0], "timer");
  EXPECT_EQ(r.unsupported[1], "foo");
  // RFC 3261 §8.2.2.3: never for ACK or CANCEL.
  EXPECT_EQ(status_of(request("CANCEL", "sip:a@b", "Require: timer\r\n")), 0);
}

TEST(request_check, bodies) {
  EXPECT_EQ(status_of(request("INVITE", "sip:a@b", "Content-Type: text/html\r\n", "<p>")), 415);
  EXPECT_EQ(status_of(request("INVITE", "sip:a@b", "", "v=0")), 415);  // a body without a type
  EXPECT_EQ(status_of(request("INVITE", "sip:a@b", "Accept: application/*\r\n")), 0);
  EXPECT_EQ(status_of(request("INVITE", "sip:a@b", "Accept: */*\r\n")), 0);
  EXPECT_EQ(status_of(request("INVITE", "sip:a@b", "Accept: text/plain\r\n")), 406);
}

}  // namespace
}  // namespace sw::sip
