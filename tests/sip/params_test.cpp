#include "sip/params.hpp"

#include <gtest/gtest.h>

namespace sw::sip {
namespace {

TEST(params, header_params_allow_lws_and_quoted_values) {
  // RFC 3261 §25.1: generic-param = token [ EQUAL gen-value ]; EQUAL and SEMI allow SWS.
  const std::string_view text = " ;  tag = abc ; q=0.5;lr ; +sip.instance=\"<urn:uuid:1>\"";
  EXPECT_EQ(check_params(text, param_syntax::header), std::string_view::npos);
  EXPECT_EQ(find_param(text, "TAG", param_syntax::header), "abc");
  EXPECT_EQ(find_param(text, "lr", param_syntax::header), "");
  EXPECT_EQ(find_param(text, "+sip.instance", param_syntax::header), "\"<urn:uuid:1>\"");
  EXPECT_EQ(find_param(text, "missing", param_syntax::header), std::nullopt);
}

TEST(params, empty_parameters_are_errors) {
  EXPECT_EQ(check_params(";;", param_syntax::header), 1u);
  EXPECT_EQ(check_params(";a=1;", param_syntax::header), 5u);
  EXPECT_EQ(check_params(";a=", param_syntax::header), 3u);
  EXPECT_EQ(check_params("a=1", param_syntax::header), 0u);  // must start with ';'
}

TEST(params, uri_params_take_no_whitespace) {
  EXPECT_EQ(check_params(";lr;transport=tcp", param_syntax::uri), std::string_view::npos);
  EXPECT_NE(check_params("; lr", param_syntax::uri), std::string_view::npos);
  EXPECT_EQ(find_param(";maddr=[::1];lr", "maddr", param_syntax::uri), "[::1]");
}

TEST(params, unterminated_quoted_value_fails) {
  param_cursor cursor(";a=\"open", param_syntax::header);
  param p;
  EXPECT_FALSE(cursor.next(p));
  EXPECT_TRUE(cursor.failed());
  EXPECT_EQ(cursor.position(), 3u);
}

}  // namespace
}  // namespace sw::sip
