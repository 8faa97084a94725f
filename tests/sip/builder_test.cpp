#include "sip/builder.hpp"

#include <gtest/gtest.h>

#include "sip/message.hpp"
#include "test_util.hpp"

namespace sw::sip {
namespace {

std::string_view view(const out_buffer& b) { return {b.data(), b.size()}; }

TEST(builder, builds_a_request_that_parses) {
  out_buffer out;
  message_builder(out)
      .request_line("INVITE", "sip:bob@example.com")
      .via("UDP", "192.0.2.1:5060", "z9hG4bKabc")
      .max_forwards(70)
      .header(header_id::from, "<sip:alice@example.com>;tag={}", 42)
      .header(header_id::to, "<sip:bob@example.com>")
      .header(header_id::call_id, "call-1@192.0.2.1")
      .cseq(1, "INVITE")
      .header("X-Test", "yes")
      .finish("application/sdp", "v=0\r\n");
  message m;
  const parse_error e = m.parse(view(out));
  ASSERT_FALSE(e) << e.what() << " at " << e.offset << "\n" << view(out);
  EXPECT_EQ(m.top_via().branch, "z9hG4bKabc");
  EXPECT_TRUE(m.top_via().has_rport);
  EXPECT_EQ(m.from().tag(), "42");
  EXPECT_EQ(m.cseq().method, "INVITE");
  EXPECT_EQ(m.header(header_id::content_type), "application/sdp");
  EXPECT_EQ(m.body(), "v=0\r\n");
  EXPECT_EQ(m.find("x-test")->value, "yes");
}

// Header lines start from a table of "Name: " laid out at compile time, and Max-Forwards: 70
// is one literal: every known name and every hop count must still come out as spelled.
TEST(builder, every_header_name_and_max_forwards_value) {
  for (std::size_t i = 1; i < static_cast<std::size_t>(header_id::count_); ++i) {
    const auto id = static_cast<header_id>(i);
    out_buffer out;
    message_builder(out).header(id, "v");
    EXPECT_EQ(view(out), std::string(header_name(id)) + ": v\r\n");
    EXPECT_EQ(header_line_start(id), std::string(header_name(id)) + ": ");
  }
  EXPECT_EQ(header_line_start(header_id::other), "");
  for (int hops : {70, 0, 9, 10, 69, 71, 255}) {
    out_buffer out;
    message_builder(out).max_forwards(hops);
    EXPECT_EQ(view(out), "Max-Forwards: " + std::to_string(hops) + "\r\n");
  }
}

TEST(builder, response_copies_request_headers) {
  message request;
  ASSERT_FALSE(request.parse(test::read_vector("transports.dat")));
  out_buffer out;
  message_builder b(out);
  b.status_line(200, "OK").copy(request, header_id::via);
  b.header(header_id::from, request.header(header_id::from))
      .header(header_id::to, "{};tag=xyz", request.header(header_id::to))
      .header(header_id::call_id, request.call_id())
      .cseq(request.cseq().number, request.cseq().method)
      .finish();
  message response;
  ASSERT_FALSE(response.parse(view(out)));
  EXPECT_EQ(response.status(), 200);
  EXPECT_EQ(response.via_count(), 5u);
  EXPECT_EQ(response.to().tag(), "xyz");
  EXPECT_EQ(response.call_id(), request.call_id());
  EXPECT_EQ(response.header(header_id::content_length), "0");
}

// parse -> serialize -> parse yields the same fields, for every valid RFC 4475 vector.
TEST(builder, serialize_round_trips_rfc4475_valid_messages) {
  for (const char* file : {"wsinv.dat", "intmeth.dat", "esc01.dat", "escnull.dat", "esc02.dat", "lwsdisp.dat",
                           "longreq.dat", "dblreq.dat", "semiuri.dat", "transports.dat", "mpart01.dat",
                           "unreason.dat", "noreason.dat", "regaut01.dat", "zeromf.dat", "cparam01.dat",
                           "cparam02.dat", "regescrt.dat"}) {
    message first, second;
    ASSERT_FALSE(first.parse(test::read_vector(file))) << file;
    out_buffer out;
    serialize(first, out);
    const parse_error e = second.parse(view(out));
    ASSERT_FALSE(e) << file << ": " << e.what() << " at " << e.offset;
    EXPECT_EQ(second.is_request(), first.is_request()) << file;
    EXPECT_EQ(second.method_text(), first.method_text()) << file;
    EXPECT_EQ(second.request_uri_text(), first.request_uri_text()) << file;
    EXPECT_EQ(second.status(), first.status()) << file;
    EXPECT_EQ(second.reason(), first.reason()) << file;
    EXPECT_EQ(second.call_id(), first.call_id()) << file;
    EXPECT_EQ(second.cseq().number, first.cseq().number) << file;
    EXPECT_EQ(second.from().tag(), first.from().tag()) << file;
    EXPECT_EQ(second.to().uri_text, first.to().uri_text) << file;
    EXPECT_EQ(second.top_via().branch, first.top_via().branch) << file;
    EXPECT_EQ(second.via_count(), first.via_count()) << file;
    EXPECT_EQ(second.body(), first.body()) << file;
    ASSERT_EQ(second.headers().size(), first.headers().size()) << file;
    for (std::size_t i = 0; i < first.headers().size(); ++i) {
      EXPECT_EQ(second.headers()[i].name, first.headers()[i].name) << file;
      EXPECT_EQ(second.headers()[i].value, first.headers()[i].value) << file;
    }
  }
}

}  // namespace
}  // namespace sw::sip
