// Every way a description is refused: the error, and the line and byte it points at.
#include <gtest/gtest.h>

#include <string>

#include "sdp/session_description.hpp"

namespace sw::sdp {
namespace {

constexpr std::string_view head = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\n";  // lines 1-3, 35 bytes

struct bad_case {
  const char* name;
  std::string text;
  errc code;
  std::uint32_t line;
};

std::ostream& operator<<(std::ostream& os, const bad_case& c) { return os << c.name; }

class sdp_malformed : public ::testing::TestWithParam<bad_case> {};

TEST_P(sdp_malformed, is_refused_with_its_line) {
  const bad_case& c = GetParam();
  session_description d;
  const parse_error e = d.parse(c.text);
  EXPECT_EQ(e.code, c.code) << "got: " << e.what();
  EXPECT_EQ(e.line, c.line);
  EXPECT_LE(e.offset, c.text.size());
  EXPECT_EQ(make_error_code(e.code).category().name(), std::string("sdp"));
  EXPECT_EQ(answer_status(e.code), 400);
}

std::string h(std::string_view rest) { return std::string(head) + std::string(rest); }

INSTANTIATE_TEST_SUITE_P(
    all, sdp_malformed,
    ::testing::Values(
        bad_case{"empty", "", errc::empty, 1},
        bad_case{"only_blank_lines", "\r\n\n\r\n", errc::empty, 4},
        bad_case{"no_v", "o=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\n", errc::version_missing, 1},
        bad_case{"v_not_first", "s=-\r\nv=0\r\n", errc::version_missing, 1},
        bad_case{"v_1", "v=1\r\no=- 1 1 IN IP4 a\r\ns=-\r\n", errc::version_unsupported, 1},
        bad_case{"v_empty", "v=\r\n", errc::version_unsupported, 1},
        bad_case{"v_twice", h("v=0\r\n"), errc::line_duplicate, 4},
        bad_case{"no_o", "v=0\r\ns=-\r\nt=0 0\r\n", errc::origin_missing, 4},
        bad_case{"no_s", "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\nt=0 0\r\n", errc::session_name_missing, 4},
        bad_case{"no_s_before_media", "v=0\r\no=- 1 1 IN IP4 a\r\nm=audio 1 RTP/AVP 0\r\ns=-\r\n",
                 errc::line_misplaced, 4},
        bad_case{"o_five_fields", "v=0\r\no=- 1 1 IN IP4\r\ns=-\r\n", errc::origin_malformed, 2},
        bad_case{"o_seven_fields", "v=0\r\no=- 1 1 IN IP4 a b\r\ns=-\r\n", errc::origin_malformed, 2},
        bad_case{"o_id_not_digits", "v=0\r\no=- 1x 1 IN IP4 a\r\ns=-\r\n", errc::origin_malformed, 2},
        bad_case{"o_version_overflow", "v=0\r\no=- 1 18446744073709551616 IN IP4 a\r\ns=-\r\n",
                 errc::origin_malformed, 2},
        bad_case{"o_bad_address", "v=0\r\no=- 1 1 IN IP4 <a>\r\ns=-\r\n", errc::origin_malformed, 2},
        bad_case{"o_empty", "v=0\r\no=\r\ns=-\r\n", errc::origin_malformed, 2},
        bad_case{"o_twice", h("o=- 1 1 IN IP4 10.0.0.1\r\n"), errc::line_duplicate, 4},
        bad_case{"s_twice", h("s=again\r\n"), errc::line_duplicate, 4},
        bad_case{"o_in_media", h("m=audio 1 RTP/AVP 0\r\no=- 1 1 IN IP4 a\r\n"), errc::line_misplaced, 5},
        bad_case{"t_in_media", h("m=audio 1 RTP/AVP 0\r\nt=0 0\r\n"), errc::line_misplaced, 5},
        bad_case{"no_equals", h("hello\r\n"), errc::line_malformed, 4},
        bad_case{"uppercase_type", h("A=sendrecv\r\n"), errc::line_malformed, 4},
        bad_case{"one_char", h("a\r\n"), errc::line_malformed, 4},
        bad_case{"no_type", h("=x\r\n"), errc::line_malformed, 4},
        bad_case{"space_before_equals", h("a =x\r\n"), errc::line_malformed, 4},
        bad_case{"nul_byte", h(std::string("a=x\0y\r\n", 7)), errc::invalid_character, 4},
        bad_case{"bare_cr", h("a=x\ry\r\n"), errc::invalid_character, 4},
        bad_case{"cr_cr_lf", h("a=x\r\r\n"), errc::invalid_character, 4},
        bad_case{"c_two_fields", h("c=IN IP4\r\n"), errc::connection_malformed, 4},
        bad_case{"c_four_fields", h("c=IN IP4 a b\r\n"), errc::connection_malformed, 4},
        bad_case{"c_bad_ttl", h("c=IN IP4 224.2.1.1/x\r\n"), errc::connection_malformed, 4},
        bad_case{"c_bad_count", h("c=IN IP4 224.2.1.1/127/\r\n"), errc::connection_malformed, 4},
        bad_case{"c_empty_address", h("c=IN IP4 /127\r\n"), errc::connection_malformed, 4},
        bad_case{"c_bad_address", h("c=IN IP4 a\"b\r\n"), errc::connection_malformed, 4},
        bad_case{"c_twice", h("c=IN IP4 a\r\nc=IN IP4 b\r\n"), errc::line_duplicate, 5},
        bad_case{"c_twice_in_media", h("m=audio 1 RTP/AVP 0\r\nc=IN IP4 a\r\nc=IN IP4 b\r\n"),
                 errc::line_duplicate, 6},
        bad_case{"t_one_field", h("t=0\r\n"), errc::time_malformed, 4},
        bad_case{"t_not_numbers", h("t=now later\r\n"), errc::time_malformed, 4},
        bad_case{"m_empty", h("m=\r\n"), errc::media_malformed, 4},
        bad_case{"m_no_formats", h("m=audio 49170 RTP/AVP\r\n"), errc::media_malformed, 4},
        bad_case{"m_no_proto", h("m=audio 49170\r\n"), errc::media_malformed, 4},
        bad_case{"m_port_not_number", h("m=audio x RTP/AVP 0\r\n"), errc::media_malformed, 4},
        bad_case{"m_port_too_big", h("m=audio 65536 RTP/AVP 0\r\n"), errc::media_malformed, 4},
        bad_case{"m_port_negative", h("m=audio -1 RTP/AVP 0\r\n"), errc::media_malformed, 4},
        bad_case{"m_port_count_zero", h("m=audio 1/0 RTP/AVP 0\r\n"), errc::media_malformed, 4},
        bad_case{"m_port_count_empty", h("m=audio 1/ RTP/AVP 0\r\n"), errc::media_malformed, 4},
        bad_case{"m_payload_type_128", h("m=audio 1 RTP/AVP 0 128\r\n"), errc::media_malformed, 4},
        bad_case{"m_payload_type_name", h("m=audio 1 RTP/AVP PCMU\r\n"), errc::media_malformed, 4},
        bad_case{"m_empty_proto_part", h("m=audio 1 RTP//AVP 0\r\n"), errc::media_malformed, 4},
        bad_case{"m_proto_trailing_slash", h("m=audio 1 RTP/AVP/ 0\r\n"), errc::media_malformed, 4},
        bad_case{"m_bad_type", h("m=au:dio 1 RTP/AVP 0\r\n"), errc::media_malformed, 4},
        bad_case{"m_bad_token_format", h("m=image 1 udptl t\"38\r\n"), errc::media_malformed, 4},
        bad_case{"a_empty", h("a=\r\n"), errc::attribute_malformed, 4},
        bad_case{"a_no_name", h("a=:x\r\n"), errc::attribute_malformed, 4},
        bad_case{"a_space_in_name", h("a=send recv\r\n"), errc::attribute_malformed, 4},
        bad_case{"a_in_media_bad", h("m=audio 1 RTP/AVP 0\r\na=rtp map:0 PCMU/8000\r\n"),
                 errc::attribute_malformed, 5}),
    [](const ::testing::TestParamInfo<bad_case>& p) { return std::string(p.param.name); });

TEST(sdp_malformed_offsets, point_at_the_field_or_the_line) {
  session_description d;
  parse_error e = d.parse("v=0\r\no=x\r\ns=-\r\n");
  EXPECT_EQ(e.code, errc::origin_malformed);
  EXPECT_EQ(e.line, 2u);
  EXPECT_EQ(e.offset, 7u);  // the value after "o="

  e = d.parse(h("a=x\ry\r\n"));
  EXPECT_EQ(e.offset, head.size() + 3);  // the stray CR itself

  e = d.parse(h("bad\r\n"));
  EXPECT_EQ(e.offset, head.size());  // the start of the line

  const std::string missing = "v=0\no=- 1 1 IN IP4 a\n";
  e = d.parse(missing);
  EXPECT_EQ(e.code, errc::session_name_missing);
  EXPECT_EQ(e.line, 3u);
  EXPECT_EQ(e.offset, missing.size());
}

TEST(sdp_malformed_offsets, errors_describe_themselves) {
  for (int i = 0; i <= static_cast<int>(errc::buffer_too_small); ++i) {
    const auto e = static_cast<errc>(i);
    EXPECT_NE(describe(e), "unknown error");
    EXPECT_EQ(make_error_code(e).message(), describe(e));
  }
  EXPECT_EQ(answer_status(errc::no_common_codec), 488);
  EXPECT_EQ(answer_status(errc::no_audio_stream), 488);
  EXPECT_EQ(answer_status(errc::ok), 0);
  EXPECT_EQ(answer_status(errc::buffer_too_small), 0);
  const std::error_code ec = errc::no_common_codec;
  EXPECT_EQ(ec, errc::no_common_codec);
}

}  // namespace
}  // namespace sw::sdp
