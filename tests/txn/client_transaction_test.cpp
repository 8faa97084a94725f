// The non-INVITE client transaction (RFC 3261 §17.1.2) on a manual clock and an in-memory
// transport: each timer and each transition named, no sleeps.
#include "txn/client_transaction.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "fake_transport.hpp"
#include "sip/builder.hpp"
#include "txn/transaction_layer.hpp"

namespace sw::txn {
namespace {

namespace net = sw::transport;

using runtime::tick;

struct recording_user : client_user {
  std::vector<int> statuses;
  int timeouts = 0;
  int transport_errors = 0;
  void on_response(client_transaction&, const sip::message& r) override { statuses.push_back(r.status()); }
  void on_timeout(client_transaction&) override { ++timeouts; }
  void on_transport_error(client_transaction&, std::error_code) override { ++transport_errors; }
};

const net::endpoint k_peer = *net::endpoint::from_numeric("127.0.0.2", 5060);

std::string options_request(std::string_view branch) {
  sip::out_buffer out;
  sip::message_builder(out)
      .request_line("OPTIONS", "sip:127.0.0.2")
      .via("UDP", "127.0.0.1:5060", branch)
      .max_forwards(70)
      .header(sip::header_id::from, "<sip:ping@127.0.0.1>;tag=1")
      .header(sip::header_id::to, "<sip:127.0.0.2>")
      .header(sip::header_id::call_id, "c1")
      .cseq(1, "OPTIONS")
      .finish();
  return {out.data(), out.size()};
}

std::string response_to(std::string_view request, int status) {
  sip::message m;
  EXPECT_FALSE(m.parse(request));
  sip::out_buffer out;
  sip::message_builder b(out);
  b.status_line(status, "Whatever").copy(m, sip::header_id::via);
  b.header(sip::header_id::from, m.header(sip::header_id::from))
      .header(sip::header_id::to, "{};tag=peer", m.header(sip::header_id::to))
      .header(sip::header_id::call_id, m.call_id())
      .header(sip::header_id::cseq, m.header(sip::header_id::cseq))
      .finish();
  return {out.data(), out.size()};
}

struct fixture : ::testing::Test {
  runtime::timer_wheel wheel{0};
  transaction_layer layer{wheel};
  test::fake_transport udp;
  test::fake_transport tcp{net::transport_kind::tcp};
  recording_user user;

  void SetUp() override {
    udp.set_sink(&layer);
    tcp.set_sink(&layer);
  }
  non_invite_client& start(test::fake_transport& t) {
    const std::string branch(layer.new_branch());
    return static_cast<non_invite_client&>(layer.start_client(t, k_peer, options_request(branch), branch, sip::method::options, user));
  }
};

using client_transaction_test = fixture;

// Timer E: T1, then doubling up to T2 in Trying; Timer F ends it at 64*T1.
TEST_F(client_transaction_test, timer_e_doubles_to_t2_then_timer_f_times_out) {
  non_invite_client& t = start(udp);
  ASSERT_EQ(udp.sent.size(), 1u);
  const tick expected_at[] = {500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500};
  for (std::size_t i = 0; i < std::size(expected_at); ++i) {
    wheel.advance(expected_at[i] - 1);
    EXPECT_EQ(udp.sent.size(), i + 1) << "before " << expected_at[i];
    wheel.advance(expected_at[i]);
    EXPECT_EQ(udp.sent.size(), i + 2) << "at " << expected_at[i];
    EXPECT_EQ(udp.sent.back().bytes, udp.sent.front().bytes);
  }
  wheel.advance(31999);
  EXPECT_EQ(user.timeouts, 0);
  EXPECT_EQ(t.state(), non_invite_client_state::trying);
  wheel.advance(32000);  // Timer F = 64*T1
  EXPECT_EQ(user.timeouts, 1);
  // Terminated transactions are freed by the layer's sweep: `t` may be gone now.
  layer.collect();
  EXPECT_EQ(layer.active_clients(), 0u);
  EXPECT_EQ(layer.stats().retransmissions, 10u);
  EXPECT_EQ(layer.stats().timeouts, 1u);
  wheel.advance(100000);
  EXPECT_EQ(udp.sent.size(), 11u);  // nothing after termination
}

// Timers E and F share one wheel entry, and Timer K takes its place: a transaction holds one
// timer at a time (with calls at load, each timer is a node written and a slot touched).
TEST_F(client_transaction_test, a_request_holds_one_timer_at_a_time) {
  const std::size_t idle = wheel.size();  // the layer's sweep
  non_invite_client& t = start(udp);
  EXPECT_EQ(wheel.size(), idle + 1);
  wheel.advance(500);  // E fired and was set again
  EXPECT_EQ(udp.sent.size(), 2u);
  EXPECT_EQ(wheel.size(), idle + 1);
  udp.deliver(response_to(udp.sent[0].bytes, 200), k_peer);
  EXPECT_EQ(t.state(), non_invite_client_state::completed);
  EXPECT_EQ(wheel.size(), idle + 1);  // Timer K
}

// In Proceeding, Timer E retransmits every T2.
TEST_F(client_transaction_test, proceeding_retransmits_every_t2) {
  non_invite_client& t = start(udp);
  udp.deliver(response_to(udp.sent[0].bytes, 100), k_peer);
  EXPECT_EQ(t.state(), non_invite_client_state::proceeding);
  EXPECT_EQ(user.statuses, std::vector<int>{100});
  wheel.advance(500);   // the E armed in Trying fires, now in Proceeding: next in T2
  EXPECT_EQ(udp.sent.size(), 2u);
  wheel.advance(4499);
  EXPECT_EQ(udp.sent.size(), 2u);
  wheel.advance(4500);
  EXPECT_EQ(udp.sent.size(), 3u);
}

// A final response: Completed, Timer K = T4 absorbs retransmitted finals, then Terminated.
TEST_F(client_transaction_test, final_response_completes_and_timer_k_terminates) {
  non_invite_client& t = start(udp);
  const std::string ok = response_to(udp.sent[0].bytes, 200);
  udp.deliver(ok, k_peer);
  EXPECT_EQ(t.state(), non_invite_client_state::completed);
  EXPECT_TRUE(t.request().empty());  // Completed never resends the request: freed
  udp.deliver(ok, k_peer);  // absorbed
  EXPECT_EQ(user.statuses, std::vector<int>{200});
  wheel.advance(4999);
  EXPECT_EQ(t.state(), non_invite_client_state::completed);
  EXPECT_EQ(udp.sent.size(), 1u);  // E and F were cancelled
  wheel.advance(5000);  // Timer K: terminated, and freed by the sweep
  layer.collect();
  EXPECT_EQ(layer.active_clients(), 0u);
}

// Reliable transports: no Timer E, and Timer K is zero.
TEST_F(client_transaction_test, reliable_transport_has_no_retransmissions) {
  non_invite_client& t = start(tcp);
  wheel.advance(20000);
  EXPECT_EQ(tcp.sent.size(), 1u);
  tcp.deliver(response_to(tcp.sent[0].bytes, 404), k_peer);
  EXPECT_TRUE(t.terminated());
  EXPECT_EQ(user.statuses, std::vector<int>{404});
}

// §17.1.4: a transport error ends the transaction and tells the TU.
TEST_F(client_transaction_test, transport_error_terminates) {
  udp.fail_sends = true;
  non_invite_client& t = start(udp);
  EXPECT_TRUE(t.terminated());
  EXPECT_EQ(user.transport_errors, 1);
  EXPECT_EQ(layer.stats().transport_errors, 1u);
}

// §17.1.3: a response whose branch or CSeq method matches no transaction is discarded.
TEST_F(client_transaction_test, stray_responses_are_counted_not_delivered) {
  start(udp);
  std::string other = response_to(udp.sent[0].bytes, 200);
  other.replace(other.find("CSeq: 1 OPTIONS"), 15, "CSeq: 1 INFO");
  udp.deliver(other, k_peer);
  EXPECT_TRUE(user.statuses.empty());
  EXPECT_EQ(layer.stats().stray_responses, 1u);
}

TEST_F(client_transaction_test, configurable_t1_and_timeout) {
  transaction_layer fast(wheel, {.t1 = 100, .t2 = 400, .t4 = 1000, .timeout = 700});
  udp.set_sink(&fast);
  const std::string branch(fast.new_branch());
  auto& t = static_cast<non_invite_client&>(
      fast.start_client(udp, k_peer, options_request(branch), branch, sip::method::options, user));
  wheel.advance(100);
  EXPECT_EQ(udp.sent.size(), 2u);
  wheel.advance(700);
  EXPECT_TRUE(t.terminated());
  EXPECT_EQ(user.timeouts, 1);
}

// The stateless fallback: OPTIONS gets 200 with Allow, an unknown dialog 481, a malformed
// request the status its parse error names.
TEST_F(client_transaction_test, stateless_answers) {
  udp.deliver(options_request("z9hG4bKin1"), k_peer);
  ASSERT_EQ(udp.sent.size(), 1u);
  sip::message r;
  ASSERT_FALSE(r.parse(udp.sent[0].bytes));
  EXPECT_EQ(r.status(), 200);
  EXPECT_NE(r.header(sip::header_id::allow).find("INVITE"), std::string_view::npos);
  EXPECT_FALSE(r.to().tag().empty());
  EXPECT_EQ(r.top_via().branch, "z9hG4bKin1");
  EXPECT_TRUE(udp.sent[0].to == k_peer);

  std::string bye = options_request("z9hG4bKin2");
  bye.replace(0, 7, "BYE");
  bye.replace(bye.find("CSeq: 1 OPTIONS"), 15, "CSeq: 1 BYE");
  bye.replace(bye.find("<sip:127.0.0.2>"), 15, "<sip:127.0.0.2>;tag=x");
  udp.deliver(bye, k_peer);
  ASSERT_FALSE(r.parse(udp.sent.back().bytes));
  EXPECT_EQ(r.status(), 481);

  std::string bad = options_request("z9hG4bKin3");
  bad.replace(bad.find("SIP/2.0\r\n"), 7, "SIP/3.0");
  udp.deliver(bad, k_peer);
  ASSERT_FALSE(r.parse(udp.sent.back().bytes));
  EXPECT_EQ(r.status(), 505);
  EXPECT_EQ(layer.stats().malformed, 1u);

  const std::size_t before = udp.sent.size();
  udp.deliver("garbage\r\n\r\n", k_peer);  // nothing to answer with
  EXPECT_EQ(udp.sent.size(), before);
  EXPECT_EQ(layer.stats().malformed, 2u);
}

}  // namespace
}  // namespace sw::txn
