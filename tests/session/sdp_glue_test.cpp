// The SDP between the session and the sdp layer. The answer is remembered per thread for the
// next offer that differs only in its o= line; these tests pin what may and may not reuse it.
#include <gtest/gtest.h>

#include <string>

#include "session/sdp_glue.hpp"

namespace {

using sw::session::audio_answer;
using sw::session::media_endpoint;

std::string offer(std::string_view origin, std::string_view port = "49170", std::string_view codecs = "0 8",
                  std::string_view direction = "sendrecv") {
  std::string s = "v=0\r\n";
  s += std::string(origin) + "\r\n";
  s += "s=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio " + std::string(port) + " RTP/AVP " + std::string(codecs) +
       "\r\na=" + std::string(direction) + "\r\n";
  return s;
}

const media_endpoint k_local{.address = "127.0.0.1", .port = 40000, .session_id = 7, .version = 1};

TEST(audio_answer, offers_differing_only_in_origin_get_the_same_answer) {
  const std::string* first = audio_answer(offer("o=- 1 1 IN IP4 192.0.2.10"), k_local, "sendrecv");
  ASSERT_TRUE(first);
  const std::string a = *first;  // the next call may overwrite it
  const std::string* b = audio_answer(offer("o=carol 99999 2 IN IP4 192.0.2.10"), k_local, "sendrecv");
  ASSERT_TRUE(b);
  EXPECT_EQ(a, *b);
  EXPECT_NE(a.find("m=audio 40000 RTP/AVP 0 8"), std::string::npos) << a;
}

TEST(audio_answer, another_offer_is_answered_afresh) {
  const std::string* answered = audio_answer(offer("o=- 1 1 IN IP4 192.0.2.10"), k_local, "sendrecv");
  ASSERT_TRUE(answered);
  const std::string first = *answered;
  // The same origin line, another codec list: the remembered answer must not be reused.
  const auto pcma = audio_answer(offer("o=- 1 1 IN IP4 192.0.2.10", "49170", "8"), k_local, "sendrecv");
  ASSERT_TRUE(pcma);
  EXPECT_NE(pcma->find("m=audio 40000 RTP/AVP 8\r\n"), std::string::npos) << *pcma;
  // Another direction offered: a hold is answered recvonly.
  const auto held = audio_answer(offer("o=- 1 2 IN IP4 192.0.2.10", "49170", "0 8", "sendonly"), k_local, "sendrecv");
  ASSERT_TRUE(held);
  EXPECT_NE(held->find("a=recvonly"), std::string::npos) << *held;
  // Our side changed (another media port, a newer version): a new answer.
  media_endpoint moved = k_local;
  moved.port = 40002;
  moved.version = 2;
  const auto again = audio_answer(offer("o=- 1 1 IN IP4 192.0.2.10"), moved, "sendrecv");
  ASSERT_TRUE(again);
  EXPECT_NE(again->find("m=audio 40002 "), std::string::npos) << *again;
  EXPECT_NE(*again, first);
}

TEST(audio_answer, an_unacceptable_offer_stays_unacceptable) {
  EXPECT_FALSE(audio_answer(offer("o=- 1 1 IN IP4 192.0.2.10", "49170", "18"), k_local, "sendrecv"));
  EXPECT_FALSE(audio_answer(offer("o=- 2 1 IN IP4 192.0.2.10", "49170", "18"), k_local, "sendrecv"));
  // and an acceptable one right after is answered
  EXPECT_TRUE(audio_answer(offer("o=- 2 1 IN IP4 192.0.2.10", "49170", "0"), k_local, "sendrecv"));
}

TEST(audio_answer, a_malformed_origin_line_is_never_answered_from_memory) {
  // A good offer first: remembered.
  ASSERT_TRUE(audio_answer(offer("o=- 1 1 IN IP4 192.0.2.10"), k_local, "sendrecv"));
  // The same but for a malformed o= line: the parser refuses it, so must the memory.
  EXPECT_FALSE(audio_answer(offer("o=- one 1 IN IP4 192.0.2.10"), k_local, "sendrecv"));
  EXPECT_FALSE(audio_answer(offer("o=- 1 1 IN IP4"), k_local, "sendrecv"));
  EXPECT_FALSE(audio_answer(offer(std::string("o=- 1 1 IN IP4 192.0.2.10\r")), k_local, "sendrecv"));
  // And a refused offer teaches nothing: the well-formed one after it is answered.
  EXPECT_TRUE(audio_answer(offer("o=- 2 1 IN IP4 192.0.2.10"), k_local, "sendrecv"));
  EXPECT_FALSE(audio_answer(offer("o=- 1 x IN IP4 192.0.2.10"), k_local, "sendrecv"));
  EXPECT_TRUE(audio_answer(offer("o=- 3 1 IN IP4 192.0.2.10"), k_local, "sendrecv"));
}

TEST(audio_answer, a_description_without_an_origin_line_is_still_answered) {
  const std::string no_origin = "v=0\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\n";
  // Missing o= is malformed (RFC 4566 §5); the answer is the parser's verdict, every time.
  const bool a = audio_answer(no_origin, k_local, "sendrecv") != nullptr;
  const bool b = audio_answer(no_origin, k_local, "sendrecv") != nullptr;
  EXPECT_EQ(a, b);
}

}  // namespace
