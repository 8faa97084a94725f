#include "sip/framing.hpp"

#include <gtest/gtest.h>

#include <string>

#include "test_util.hpp"

namespace sw::sip {
namespace {

const std::string k_msg =
    "MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bKa\r\nFrom: <sip:x@y>;tag=1\r\n"
    "To: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 MESSAGE\r\nl: 5\r\n\r\nhello";

TEST(framing, one_whole_message) {
  const frame_result r = frame(k_msg);
  EXPECT_EQ(r.kind, frame_kind::message);
  EXPECT_EQ(r.size, k_msg.size());
}

// Beast's habit: feed the stream split at every byte offset. Every prefix needs more; the
// whole message frames exactly, whatever follows it.
TEST(framing, split_at_every_offset) {
  const std::string two = k_msg + k_msg;
  for (std::size_t n = 0; n < k_msg.size(); ++n)
    EXPECT_EQ(frame(std::string_view(k_msg).substr(0, n)).kind, frame_kind::need_more) << n;
  for (std::size_t n = k_msg.size(); n <= two.size(); ++n) {
    const frame_result r = frame(std::string_view(two).substr(0, n));
    EXPECT_EQ(r.kind, frame_kind::message) << n;
    EXPECT_EQ(r.size, k_msg.size()) << n;
  }
}

// RFC 5626 §4.4.1: "the client sends a CRLF CRLF ping and the server answers with a CRLF pong".
TEST(framing, keepalives) {
  EXPECT_EQ(frame("\r\n\r\n").kind, frame_kind::keepalive_ping);
  EXPECT_EQ(frame("\r\n\r\n").size, 4u);
  EXPECT_EQ(frame("\r\n").kind, frame_kind::keepalive_pong);
  EXPECT_EQ(frame("\r\nMESSAGE").kind, frame_kind::keepalive_pong);
  EXPECT_EQ(frame("\r\nMESSAGE").size, 2u);
  EXPECT_EQ(frame("\r\n\r").kind, frame_kind::need_more);
  EXPECT_EQ(frame("\r").kind, frame_kind::need_more);
  const std::string pinged = "\r\n\r\n" + k_msg;
  frame_result r = frame(pinged);
  ASSERT_EQ(r.kind, frame_kind::keepalive_ping);
  r = frame(std::string_view(pinged).substr(r.size));
  EXPECT_EQ(r.kind, frame_kind::message);
}

TEST(framing, garbage_closes_the_stream) {
  std::string no_length = k_msg;
  no_length.replace(no_length.find("l: 5\r\n"), 6, "");
  EXPECT_EQ(frame(no_length).kind, frame_kind::garbage);
  EXPECT_EQ(frame(no_length).error.code, errc::content_length_missing);
  // RFC 4475 3.1.2.3 and 3.3.9 over TCP: close the connection.
  for (const auto& [file, code] : {std::pair{"ncl.dat", errc::content_length_invalid},
                                   std::pair{"mcl01.dat", errc::content_length_conflict}}) {
    const frame_result f = frame(test::read_vector(file));
    EXPECT_EQ(f.kind, frame_kind::garbage) << file;
    EXPECT_EQ(f.error.code, code) << file;
  }
  EXPECT_EQ(frame("\n\nx").kind, frame_kind::garbage);
}

TEST(framing, size_limit) {
  const std::string huge(70000, 'a');
  EXPECT_EQ(frame(huge).kind, frame_kind::garbage);
  EXPECT_EQ(frame(huge).error.code, errc::message_too_large);
  std::string big_body = k_msg;
  big_body.replace(big_body.find("l: 5"), 4, "l: 99999");
  EXPECT_EQ(frame(big_body).error.code, errc::message_too_large);
}

// RFC 4475 3.1.2.2 over TCP: Content-Length 9999 with a short body waits for more.
TEST(framing, clerr_waits_for_more) { EXPECT_EQ(frame(test::read_vector("clerr.dat")).kind, frame_kind::need_more); }

}  // namespace
}  // namespace sw::sip

namespace sw::sip {
namespace {

// Framing and parsing must agree on where a stream message ends, or a peer could smuggle a
// second request past the framer (found by the fuzzer: bare LF line ends).
TEST(framing, agrees_with_the_parser_on_bare_lf) {
  const std::string msg =
      "MESSAGE sip:a@b SIP/2.0\nVia: SIP/2.0/TCP h;branch=z9hG4bKa\nFrom: <sip:x@y>;tag=1\n"
      "To: <sip:a@b>\nCall-ID: c\nCSeq: 1 MESSAGE\nl: 4\n\nABCD";
  const std::string stream = msg + "\r\nXY";
  const frame_result r = frame(stream);
  ASSERT_EQ(r.kind, frame_kind::message);
  EXPECT_EQ(r.size, msg.size());
  message m;
  ASSERT_FALSE(m.parse(std::string_view(stream).substr(0, r.size), {.stream = true}));
  EXPECT_EQ(m.body(), "ABCD");
  EXPECT_EQ(m.trailing_bytes(), 0u);
}

}  // namespace
}  // namespace sw::sip
