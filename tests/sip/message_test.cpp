#include "sip/message.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sw::sip {
namespace {

const std::string k_invite =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;rport\r\n"
    "Via: SIP/2.0/TCP proxy.example.com;branch=z9hG4bK1\r\n"
    "Max-Forwards: 70\r\n"
    "To: Bob <sip:bob@biloxi.example.com>\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
    "Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n"
    "Route: <sip:p3.example.com;lr>\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 4\r\n"
    "\r\n"
    "v=0\n";

TEST(message, request_fields) {
  message m;
  const parse_error e = m.parse(k_invite);
  ASSERT_FALSE(e) << e.what() << " at " << e.offset;
  EXPECT_TRUE(m.is_request());
  EXPECT_EQ(m.method(), method::invite);
  EXPECT_EQ(m.request_uri().user, "bob");
  EXPECT_EQ(m.version(), "SIP/2.0");
  EXPECT_EQ(m.via_count(), 2u);
  EXPECT_EQ(m.top_via().branch, "z9hG4bK776asdhds");
  EXPECT_EQ(m.from().tag(), "1928301774");
  EXPECT_EQ(m.to().tag(), "");
  EXPECT_EQ(m.call_id(), "a84b4c76e66710@pc33.atlanta.example.com");
  EXPECT_EQ(m.cseq().number, 314159u);
  EXPECT_EQ(m.max_forwards(), 70);
  EXPECT_EQ(m.body(), "v=0\n");
  EXPECT_EQ(m.bytes(), k_invite);
  EXPECT_EQ(m.count(header_id::route), 2u);
}

TEST(message, values_walk_every_line_of_a_header) {
  message m;
  ASSERT_FALSE(m.parse(k_invite));
  std::vector<std::string_view> routes;
  auto cursor = m.values(header_id::route);
  std::string_view v;
  std::uint32_t at;
  while (cursor.next(v, at)) {
    routes.push_back(v);
    EXPECT_EQ(k_invite.substr(at, v.size()), v);  // offsets point into the message
  }
  EXPECT_EQ(routes, (std::vector<std::string_view>{"<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>",
                                                   "<sip:p3.example.com;lr>"}));
}

// find(), header() and values() start from an index of each id's first line; lines past the
// indexed ones (254) are still found, and a reused message forgets the last one's index.
TEST(message, headers_are_found_wherever_they_are) {
  std::string many = k_invite.substr(0, k_invite.find("Content-Type"));
  for (int i = 0; i < 300; ++i) many += "X-Filler: " + std::to_string(i) + "\r\n";
  many += "Subject: late\r\nRoute: <sip:p4.example.com;lr>\r\nContent-Length: 0\r\n\r\n";
  message m;
  ASSERT_FALSE(m.parse(many, {.max_headers = 400}));
  EXPECT_EQ(m.header(header_id::subject), "late");  // past the indexed lines
  EXPECT_EQ(m.header(header_id::route), "<sip:p1.example.com;lr>, <sip:p2.example.com;lr>");
  EXPECT_EQ(m.count(header_id::route), 3u);
  std::vector<std::string_view> routes;
  auto cursor = m.values(header_id::route);
  for (std::string_view v; cursor.next(v);) routes.push_back(v);
  EXPECT_EQ(routes.size(), 4u);
  EXPECT_EQ(routes.back(), "<sip:p4.example.com;lr>");
  EXPECT_EQ(m.header(header_id::content_length), "0");
  EXPECT_EQ(m.body(), "");
  EXPECT_EQ(m.header(header_id::accept), "");
  // Reused for a message without Subject or Route: neither is found any more.
  ASSERT_FALSE(m.parse(k_invite.substr(0, k_invite.find("Route")) + "Content-Length: 0\r\n\r\n"));
  EXPECT_EQ(m.find(header_id::subject), nullptr);
  EXPECT_EQ(m.find(header_id::route), nullptr);
  auto none = m.values(header_id::route);
  std::string_view v;
  EXPECT_FALSE(none.next(v));
  EXPECT_EQ(m.header(header_id::call_id), "a84b4c76e66710@pc33.atlanta.example.com");
}

TEST(message, header_names_are_case_insensitive_and_compact) {
  message m;
  ASSERT_FALSE(m.parse("OPTIONS sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bKa\r\nf: <sip:x@y>;tag=1\r\n"
                       "T: sip:a@b\r\ni: abc\r\nCSEQ: 1 OPTIONS\r\nl: 0\r\nX-Custom: yes\r\n\r\n"));
  EXPECT_EQ(m.call_id(), "abc");
  EXPECT_EQ(m.find("Call-ID")->name, "i");
  EXPECT_EQ(m.find("call-id")->value, "abc");
  EXPECT_EQ(m.find("x-custom")->value, "yes");
  EXPECT_EQ(m.find(header_id::content_length)->value, "0");
  EXPECT_EQ(m.find("Nope"), nullptr);
}

TEST(message, response_fields) {
  message m;
  ASSERT_FALSE(m.parse("SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKa\r\nFrom: <sip:x@y>;tag=1\r\n"
                       "To: <sip:a@b>;tag=2\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n"));
  EXPECT_FALSE(m.is_request());
  EXPECT_EQ(m.status(), 180);
  EXPECT_EQ(m.reason(), "Ringing");
  EXPECT_EQ(m.to().tag(), "2");
  EXPECT_EQ(m.cseq().method, "INVITE");  // a response's CSeq names the request it answers
}

// What a failed parse does not reach must read as if nothing had been parsed: every field
// the message, its Via, From, To, their URIs and its CSeq had.
void expect_blank(const message& m) {
  EXPECT_EQ(m.method(), method::unknown);
  EXPECT_EQ(m.method_text(), "");
  EXPECT_EQ(m.request_uri_text(), "");
  EXPECT_EQ(m.version(), "");
  EXPECT_EQ(m.status(), 0);
  EXPECT_EQ(m.reason(), "");
  for (const uri* u : {&m.request_uri(), &m.from().uri, &m.to().uri}) {
    EXPECT_EQ(u->scheme, uri{}.scheme);
    EXPECT_EQ(u->user, "");
    EXPECT_EQ(u->host, "");
    EXPECT_FALSE(u->has_port);
    EXPECT_EQ(u->params, "");
  }
  const via& v = m.top_via();
  EXPECT_EQ(v.protocol_name, "");
  EXPECT_EQ(v.transport, "");
  EXPECT_EQ(v.host, "");
  EXPECT_EQ(v.port, 0);
  EXPECT_FALSE(v.has_port);
  EXPECT_EQ(v.params, "");
  EXPECT_EQ(v.branch, "");
  EXPECT_FALSE(v.has_rport);
  for (const name_addr* n : {&m.from(), &m.to()}) {
    EXPECT_EQ(n->display_name, "");
    EXPECT_FALSE(n->angle);
    EXPECT_EQ(n->uri_text, "");
    EXPECT_EQ(n->params, "");
    EXPECT_EQ(n->tag(), "");
  }
  EXPECT_EQ(m.call_id(), "");
  EXPECT_EQ(m.contact_uri(), "");
  EXPECT_EQ(m.cseq().number, 0u);
  EXPECT_EQ(m.cseq().method, "");
  EXPECT_EQ(m.max_forwards(), -1);
  EXPECT_FALSE(m.has_content_length());
  EXPECT_EQ(m.body(), "");
  EXPECT_EQ(m.trailing_bytes(), 0u);
  EXPECT_EQ(m.find(header_id::via), nullptr);
}

TEST(message, reuse_allocates_once_and_resets) {
  message m;
  ASSERT_FALSE(m.parse(k_invite + "trailing"));
  EXPECT_TRUE(m.parse("garbage").code != errc::ok);
  EXPECT_EQ(m.via_count(), 0u);
  EXPECT_TRUE(m.headers().empty() || m.headers().size() < 3);
  expect_blank(m);
  ASSERT_FALSE(m.parse(k_invite));
  EXPECT_EQ(m.via_count(), 2u);
  // A response's status line and its reason go too.
  ASSERT_FALSE(m.parse("SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@h>;tag=1\r\n"
                       "To: \"B\" <sip:b@h:5062>;tag=2\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n"));
  EXPECT_TRUE(m.parse("garbage").code != errc::ok);
  expect_blank(m);
}

TEST(message, moved_message_keeps_its_views) {
  message a;
  ASSERT_FALSE(a.parse(k_invite));
  message b = std::move(a);
  EXPECT_EQ(b.call_id(), "a84b4c76e66710@pc33.atlanta.example.com");
  EXPECT_EQ(b.top_via().branch, "z9hG4bK776asdhds");
}

TEST(message, zero_copy_prepare) {
  message m;
  char* at = m.prepare(k_invite.size());
  std::copy(k_invite.begin(), k_invite.end(), at);
  ASSERT_FALSE(m.parse_prepared(k_invite.size()));
  EXPECT_EQ(m.cseq().number, 314159u);
}

TEST(message, limits_are_errors) {
  message m;
  std::string big = k_invite;
  EXPECT_EQ(m.parse(big, {.max_size = 100}).code, errc::message_too_large);
  EXPECT_EQ(m.parse(big, {.max_size = 100}).answer, 513);
  EXPECT_EQ(m.parse(big, {.max_headers = 5}).code, errc::too_many_headers);
}

TEST(message, stream_requires_content_length) {
  message m;
  std::string no_length = k_invite;
  no_length.erase(no_length.find("Content-Length: 4\r\n"), 19);
  EXPECT_FALSE(m.parse(no_length));  // a datagram: the body is the rest
  EXPECT_EQ(m.body(), "v=0\n");
  EXPECT_EQ(m.parse(no_length, {.stream = true}).code, errc::content_length_missing);
}

// frame_body reads Content-Length without trimming it: header_lines must have trimmed the
// value of LWS at both ends, folded or not, or these would be content_length_invalid.
TEST(message, content_length_with_surrounding_and_folded_whitespace) {
  message m;
  for (const std::string spelled : {"Content-Length:  4 \t\r\n", "Content-Length:\t4\t \r\n",
                                    "Content-Length:\r\n 4\r\n", "Content-Length: \r\n\t 4 \r\n",
                                    "Content-Length: 4\r\nContent-Length:  4\t\r\n"}) {
    std::string text = k_invite;
    text.replace(text.find("Content-Length: 4\r\n"), 19, spelled);
    const parse_error e = m.parse(text);
    ASSERT_FALSE(e) << spelled << ": " << e.what() << " at " << e.offset;
    EXPECT_EQ(m.body(), "v=0\n") << spelled;
  }
  std::string conflict = k_invite;
  conflict.replace(conflict.find("Content-Length: 4\r\n"), 19, "Content-Length: 4\r\nContent-Length: 5 \r\n");
  EXPECT_EQ(m.parse(conflict).code, errc::content_length_conflict);
}

TEST(message, errors_carry_offsets_and_answers) {
  message m;
  struct bad { std::string text; errc code; std::uint32_t offset; std::uint16_t answer; };
  const std::string tail = "Via: SIP/2.0/UDP h;branch=z9hG4bKa\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\n"
                           "Call-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n";
  for (const auto& [text, code, offset, answer] : {
           bad{"", errc::empty_message, 0, 0},
           bad{"\r\n\r\n", errc::empty_message, 4, 0},
           bad{"OPTIONS sip:a@b SIP/2.0", errc::headers_unterminated, 23, 0},
           bad{"OPTIONS sip:a@b SIP/2.0\r\nNoColon\r\n\r\n", errc::header_line_malformed, 25, 400},
           bad{"OPTIONS sip:a@b SIP/2.0\r\nBad Name: x\r\n\r\n", errc::header_line_malformed, 25, 400},
           bad{"OPTIONS sip:a@b SIP/2.0\r\n" + tail + "", errc::ok, 0, 0},
           bad{"OPTIONS sip:a@b SIP/3.0\r\n" + tail, errc::version_unsupported, 16, 505},
           bad{"OPTIONS sip:a@b HTTP/1.1\r\n" + tail, errc::start_line_malformed, 16, 400},
           bad{"OPT\"IONS sip:a@b SIP/2.0\r\n" + tail, errc::method_invalid, 0, 400},
           bad{"SIP/2.0 20 OK\r\n" + tail, errc::status_code_invalid, 8, 0},
           bad{"SIP/2.0 099 Low\r\n" + tail, errc::status_code_invalid, 8, 0},
           bad{"SIP/2.0 700 High\r\n" + tail, errc::status_code_invalid, 8, 0},
           bad{"SIP/2.0 2000 OK\r\n" + tail, errc::status_code_invalid, 8, 0},
           bad{"OPTIONS sip:a@b SIP/2.0\r\nFrom: <sip:x@y>\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n",
               errc::header_missing, 0, 400},
           bad{"OPTIONS sip:a@b SIP/2.0\r\nMax-Forwards: 256\r\n" + tail, errc::max_forwards_invalid, 39, 400},
       }) {
    const parse_error e = m.parse(text);
    EXPECT_EQ(e.code, code) << text << " -> " << e.what();
    EXPECT_EQ(e.offset, offset) << text;
    EXPECT_EQ(e.answer, answer) << text;
  }
}

TEST(message, bare_lf_line_ends_are_accepted) {
  message m;
  ASSERT_FALSE(m.parse("OPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bKa\nFrom: <sip:x@y>;tag=1\n"
                       "To: <sip:a@b>\nCall-ID: c\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n"));
  EXPECT_EQ(m.call_id(), "c");
}

TEST(message, every_truncation_fails_cleanly) {
  // Never reads past the end: ASan in the test build proves it for each prefix.
  message m;
  for (std::size_t n = 0; n < k_invite.size(); ++n) {
    const parse_error e = m.parse(std::string_view(k_invite).substr(0, n), {.stream = true});
    EXPECT_TRUE(e) << "prefix of " << n << " of " << k_invite.size() << " bytes parsed: [" << k_invite.substr(n - 10, 10) << "]";
  }
}

// lookup_header compares whole words with the letters folded to lower case; only a real letter
// may differ in case, and a byte that folds onto '-' (CR) is not a '-'.
TEST(message, header_lookup_needs_the_exact_name) {
  EXPECT_EQ(lookup_header("CALL-id"), header_id::call_id);
  EXPECT_EQ(lookup_header("Contact"), header_id::contact);  // same length and first letter
  EXPECT_EQ(lookup_header("Refer-To"), header_id::refer_to);
  EXPECT_EQ(lookup_header("REPLY-TO"), header_id::reply_to);
  EXPECT_EQ(lookup_header("replaces"), header_id::replaces);
  EXPECT_EQ(lookup_header("P-Preferred-Identity"), header_id::p_preferred_identity);
  EXPECT_EQ(lookup_header("P-Preferred-Identityy"), header_id::other);
  EXPECT_EQ(lookup_header("Call\rID"), header_id::other);
  EXPECT_EQ(lookup_header("Call_ID"), header_id::other);
  EXPECT_EQ(lookup_header("Via "), header_id::other);
  EXPECT_EQ(lookup_header("Vi"), header_id::other);
  EXPECT_EQ(lookup_header(""), header_id::other);
  EXPECT_EQ(lookup_header("1"), header_id::other);
}

TEST(message, header_lines_and_call_id_shapes) {
  message m;
  struct bad { std::string text; errc code; std::uint32_t offset; };
  const std::string start = "OPTIONS sip:a@b SIP/2.0\r\n";  // 25 bytes
  const std::string rest = "Via: SIP/2.0/UDP h;branch=z9hG4bKa\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\n"
                           "CSeq: 1 OPTIONS\r\n\r\n";
  for (const auto& [text, code, offset] : {
           bad{start + "Call-ID: c\r\n" + rest, errc::ok, 0},
           bad{start + "CALL-ID  :c\r\n" + rest, errc::ok, 0},
           bad{start + "Call\rID: c\r\n" + rest, errc::header_line_malformed, 25},
           bad{start + ": c\r\n" + rest, errc::header_line_malformed, 25},
           bad{start + "Call-ID: a@b\r\n" + rest, errc::ok, 0},
           bad{start + "Call-ID: @ab\r\n" + rest, errc::token_invalid, 34},
           bad{start + "Call-ID: ab@\r\n" + rest, errc::token_invalid, 36},
           bad{start + "Call-ID: a@b@c\r\n" + rest, errc::token_invalid, 37},
           bad{start + "Call-ID: a b\r\n" + rest, errc::token_invalid, 35},
       }) {
    const parse_error e = m.parse(text);
    EXPECT_EQ(e.code, code) << text << " -> " << e.what();
    EXPECT_EQ(e.offset, offset) << text;
  }
  ASSERT_FALSE(m.parse(start + "CALL-ID  :c\r\n" + rest));
  EXPECT_EQ(m.headers()[0].name, "CALL-ID");
  EXPECT_EQ(m.call_id(), "c");
}

// The header loop takes one SP after the colon and a value ending at the CRLF without a loop;
// any other LWS goes through the loops. Each shape gives the same value, and its offset.
TEST(message, header_values_are_trimmed_whatever_their_lws) {
  message m;
  const std::string start = "OPTIONS sip:a@b SIP/2.0\r\n";  // 25 bytes
  const std::string rest = "Via: SIP/2.0/UDP h;branch=z9hG4bKa\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\n"
                           "CSeq: 1 OPTIONS\r\n\r\n";
  struct shape { std::string line; std::uint32_t offset; };
  for (const auto& [line, offset] : {
           shape{"Call-ID: c", 34},      shape{"Call-ID:c", 33},        shape{"Call-ID:  c", 35},
           shape{"Call-ID: \tc", 35},    shape{"Call-ID:\t c", 35},     shape{"Call-ID: c ", 34},
           shape{"Call-ID: c \t ", 34},  shape{"Call-ID:\tc\t", 34},   shape{"Call-ID \t: c", 36},
       }) {
    ASSERT_FALSE(m.parse(start + line + "\r\n" + rest)) << line;
    EXPECT_EQ(m.headers()[0].name, "Call-ID") << line;
    EXPECT_EQ(m.headers()[0].value, "c") << line;
    EXPECT_EQ(m.headers()[0].offset, offset) << line;
    EXPECT_EQ(m.call_id(), "c") << line;
  }
  // A value of LWS alone is empty, and Call-ID may not be.
  for (const char* line : {"Call-ID:", "Call-ID: ", "Call-ID:  \t"}) {
    const parse_error e = m.parse(start + line + "\r\n" + rest);
    EXPECT_EQ(e.code, errc::token_invalid) << line;
    ASSERT_FALSE(m.headers().empty());
    EXPECT_EQ(m.headers()[0].value, "") << line;
  }
}

// Via and Contact values without a comma are checked whole, those with one value by value:
// both report a bad value where it is.
TEST(message, list_values_report_errors_where_they_are) {
  message m;
  const std::string start = "OPTIONS sip:a@b SIP/2.0\r\n";  // 25 bytes
  const std::string rest = "From: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n";
  struct bad { std::string text; errc code; std::uint32_t offset; std::size_t vias; };
  const std::string via = "Via: SIP/2.0/UDP h;branch=z9hG4bKa\r\n";  // 36 bytes
  for (const auto& [text, code, offset, vias] : {
           bad{start + via + rest + "\r\n", errc::ok, 0, 1},
           bad{start + "Via: SIP/2.0/UDP h;branch=z9hG4bKa, SIP/2.0/TCP g\r\n" + rest + "\r\n", errc::ok, 0, 2},
           bad{start + via + "Via: SIP/2.0/TCP g\r\n" + rest + "\r\n", errc::ok, 0, 2},
           bad{start + "Via: SIP/2.0/UDP\r\n" + rest + "\r\n", errc::via_invalid, 41, 0},
           bad{start + "Via: SIP/2.0/UDP h, SIP/2.0/UDP\r\n" + rest + "\r\n", errc::via_invalid, 56, 1},
           bad{start + "Via:\r\n" + rest + "\r\n", errc::via_invalid, 29, 0},
           bad{start + via + rest + "Contact: <sip:c@d>\r\n\r\n", errc::ok, 0, 1},
           bad{start + via + rest + "Contact: <sip:c@d>, <sip:e@f>\r\n\r\n", errc::ok, 0, 1},
           bad{start + via + rest + "Contact: <sip:c@d>, x y\r\n\r\n", errc::uri_invalid, 0, 1},
           bad{start + via + rest + "Contact: x y\r\n\r\n", errc::uri_invalid, 0, 1},
           bad{start + via + rest + "Contact: <sip:c@d>,\r\n\r\n", errc::contact_invalid, 0, 1},
       }) {
    const parse_error e = m.parse(text);
    EXPECT_EQ(e.code, code) << text << " -> " << e.what();
    if (code == errc::via_invalid) {
      EXPECT_EQ(e.offset, offset) << text;
    }
    if (code == errc::uri_invalid) {  // where the bad value starts, whichever value it is
      EXPECT_EQ(e.offset, text.find("x y")) << text;
    }
    if (code == errc::contact_invalid) {  // the empty value after the comma
      EXPECT_EQ(e.offset, text.find(",\r\n") + 1) << text;
    }
    EXPECT_EQ(m.via_count(), vias) << text;
  }
  ASSERT_FALSE(m.parse(start + via + rest + "Contact: <sip:c@d>;expires=5\r\n\r\n"));
  EXPECT_EQ(m.contact_uri(), "sip:c@d");
}

// Method names are case-sensitive (RFC 3261 §7.1): only the exact spelling is the method;
// any other token is an unknown method, and a name that is not a token is an error.
TEST(message, methods_are_read_by_their_exact_names) {
  for (int i = 1; i <= static_cast<int>(method::publish); ++i) {
    const auto m = static_cast<method>(i);
    EXPECT_EQ(method_from(method_name(m)), m) << method_name(m);
    std::string lower(method_name(m));
    for (char& c : lower) c = static_cast<char>(c - 'A' + 'a');
    EXPECT_EQ(method_from(lower), method::unknown) << lower;
    EXPECT_EQ(method_from(std::string(method_name(m)) + "S"), method::unknown) << method_name(m);
    EXPECT_EQ(method_from(method_name(m).substr(1)), method::unknown) << method_name(m);
  }
  for (const char* name : {"", "A", "INVITF", "BYF", "UPDATED", "OPTIONZ", "SUBSCRIBF", "REGISTEr"})
    EXPECT_EQ(method_from(name), method::unknown) << name;

  message msg;
  const std::string tail = " sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKa\r\nFrom: <sip:x@y>;tag=1\r\n"
                           "To: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 ";
  ASSERT_FALSE(msg.parse("NOTIFY" + tail + "NOTIFY\r\n\r\n"));
  EXPECT_EQ(msg.method(), method::notify);
  ASSERT_FALSE(msg.parse("FOO.BAR" + tail + "FOO.BAR\r\n\r\n"));
  EXPECT_EQ(msg.method(), method::unknown);
  EXPECT_EQ(msg.method_text(), "FOO.BAR");
  EXPECT_EQ(msg.parse("FOO@BAR" + tail + "FOO@BAR\r\n\r\n").code, errc::method_invalid);
}

TEST(message, version_spellings) {
  message m;
  const std::string tail = "Via: SIP/2.0/UDP h;branch=z9hG4bKa\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\n"
                           "Call-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n";
  EXPECT_FALSE(m.parse("OPTIONS sip:a@b sip/2.0\r\n" + tail));  // compared case-insensitively
  EXPECT_EQ(m.version(), "sip/2.0");
  EXPECT_EQ(m.parse("OPTIONS sip:a@b SIP/2.00\r\n" + tail).code, errc::version_unsupported);
  EXPECT_EQ(m.parse("OPTIONS sip:a@b SIP/2.0x\r\n" + tail).code, errc::start_line_malformed);
  EXPECT_FALSE(m.parse("Sip/2.0 200 OK\r\n" + tail));
  EXPECT_EQ(m.status(), 200);
  EXPECT_EQ(m.parse("SIP/2.1 200 OK\r\n" + tail).code, errc::version_unsupported);
}

}  // namespace
}  // namespace sw::sip
