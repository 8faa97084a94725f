// Hostile input: every prefix of real descriptions and seeded random corruptions go through
// the parser and everything that reads a parsed description. Each input sits in a heap block
// of exactly its size, so ASan reports any read past its end.
#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <memory>
#include <random>
#include <string>

#include "samples.hpp"
#include "sdp/offer_answer.hpp"

namespace sw::sdp {
namespace {

constexpr std::array<codec, 2> g711{pcmu, pcma};

// Walks everything a parsed description offers, so accessors are fuzzed with the parser.
void exercise(const session_description& d) {
  std::size_t sink = d.origin().username.size() + d.session_name().size() + d.attributes().size();
  for (const media_description& m : d.media()) {
    format_cursor c = m.format_list();
    std::uint8_t pt;
    while (c.next(pt)) {
      if (const auto r = m.rtpmap(pt)) sink += r->encoding.size();
      sink += m.fmtp(pt).size();
    }
    sink += m.ptime().value_or(0) + m.is_rtp() + is_hold(m);
    for (const attribute* a = m.find("crypto"); a; a = m.find("crypto", a)) sink += a->value.size();
    for (const other_line& o : m.others) sink += o.value.size();
  }
  audio_description ours;
  ours.address = "127.0.0.1";
  ours.port = 4000;
  ours.codecs = g711;
  ours.telephone_event_pt = 101;
  negotiation n;
  std::string out;
  if (!answer(d, ours, n, out)) {
    session_description again;
    EXPECT_FALSE(again.parse(out)) << out;  // whatever we answer must parse
  }
  sink += accept_answer(d, ours, n).value() + is_hold(d);
  [[maybe_unused]] static volatile std::size_t keep;  // so the reads above are not optimized away
  keep = sink;
}

void parse_exactly(std::string_view bytes) {
  // new char[0] is a real allocation too: ASan flags a read of its first byte.
  const auto exact = std::make_unique<char[]>(bytes.size());
  if (!bytes.empty()) std::memcpy(exact.get(), bytes.data(), bytes.size());
  session_description d;
  const std::string_view text(exact.get(), bytes.size());
  const parse_error e = d.parse(text);
  if (e) {
    EXPECT_LE(e.offset, bytes.size());
    EXPECT_GE(e.line, 1u);
  } else {
    exercise(d);
  }
}

constexpr std::array<std::string_view, 5> corpus{samples::sipp, samples::asterisk, samples::webrtc, samples::ipv6,
                                                 samples::audio_video};

TEST(sdp_robustness, every_prefix_parses_or_fails_cleanly) {
  for (std::string_view text : corpus)
    for (std::size_t n = 0; n <= text.size(); ++n) parse_exactly(text.substr(0, n));
}

TEST(sdp_robustness, seeded_byte_flips_never_crash) {
  std::mt19937 rng(4566);  // fixed: a failure reproduces
  // Bytes that matter to the grammar, plus anything at all.
  constexpr std::string_view interesting = "\r\n\0 =:/0123456789amcovst-.*";
  for (std::string_view text : corpus) {
    for (int round = 0; round < 3000; ++round) {
      std::string mutated(text);
      const int flips = 1 + static_cast<int>(rng() % 8);
      for (int i = 0; i < flips; ++i) {
        const std::size_t at = rng() % mutated.size();
        switch (rng() % 4) {
          case 0: mutated[at] = static_cast<char>(rng() & 0xff); break;
          case 1: mutated[at] = interesting[rng() % interesting.size()]; break;
          case 2: mutated.erase(at, 1 + rng() % 16); break;
          default: mutated.insert(at, 1, interesting[rng() % interesting.size()]); break;
        }
        if (mutated.empty()) mutated = "v";
      }
      parse_exactly(mutated);
      // And a random cut of the corruption.
      parse_exactly(std::string_view(mutated).substr(0, rng() % (mutated.size() + 1)));
    }
  }
}

TEST(sdp_robustness, random_bytes_and_long_lines) {
  std::mt19937 rng(3264);
  for (int round = 0; round < 2000; ++round) {
    std::string junk(rng() % 256, '\0');
    for (char& c : junk) c = static_cast<char>(rng() & 0xff);
    parse_exactly(junk);
    parse_exactly("v=0\r\n" + junk);
  }
  // Huge numbers, a long attribute, many media lines.
  std::string big = "v=0\r\no=- 99999999999999999999999 1 IN IP4 a\r\ns=-\r\n";
  parse_exactly(big);
  big = "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\na=x:" + std::string(100000, 'y') + "\r\n";
  for (int i = 0; i < 500; ++i)
    big += "m=audio " + std::to_string(1000 + i) + " RTP/AVP 0 8 101 127\r\na=rtpmap:101 telephone-event/8000\r\n";
  parse_exactly(big);
  session_description d;
  ASSERT_FALSE(d.parse(big));
  EXPECT_EQ(d.media().size(), 500u);
}

}  // namespace
}  // namespace sw::sdp
