// The INVITE client (RFC 3261 §17.1.1, RFC 6026) and the server transactions (§17.2), with
// CANCEL and RFC 2543 matching, on a manual clock and an in-memory transport.
#include <gtest/gtest.h>

#include "fake_transport.hpp"
#include "sip/builder.hpp"
#include "txn/derived_requests.hpp"
#include "txn/invite_client.hpp"
#include "txn/invite_server.hpp"
#include "txn/transaction_layer.hpp"

namespace sw::txn {
namespace {

namespace net = sw::transport;

const net::endpoint k_peer = *net::endpoint::from_numeric("127.0.0.2", 5060);

std::string request(std::string_view method, std::string_view branch, std::string_view to_tag = {},
                    std::uint32_t cseq = 1, std::string_view cseq_method = {}) {
  sip::out_buffer out;
  sip::message_builder b(out);
  b.request_line(method, "sip:bob@127.0.0.2")
      .header(sip::header_id::via, "SIP/2.0/UDP 127.0.0.1:5060;branch={}", branch)
      .max_forwards(70)
      .header(sip::header_id::from, "<sip:alice@127.0.0.1>;tag=a1")
      .header(sip::header_id::to, to_tag.empty() ? std::string("<sip:bob@127.0.0.2>") : fmt::format("<sip:bob@127.0.0.2>;tag={}", to_tag))
      .header(sip::header_id::call_id, "call-1")
      .cseq(cseq, cseq_method.empty() ? method : cseq_method)
      .header(sip::header_id::route, "<sip:proxy.example.com;lr>")
      .finish();
  return {out.data(), out.size()};
}

std::string response(std::string_view req, int status, std::string_view to_tag = "b1") {
  sip::message m;
  EXPECT_FALSE(m.parse(req));
  sip::out_buffer out;
  sip::message_builder b(out);
  b.status_line(status, "Reason").copy(m, sip::header_id::via);
  b.header(sip::header_id::from, m.header(sip::header_id::from))
      .header(sip::header_id::to, "{};tag={}", m.header(sip::header_id::to), to_tag)
      .header(sip::header_id::call_id, m.call_id())
      .header(sip::header_id::cseq, m.header(sip::header_id::cseq))
      .finish();
  return {out.data(), out.size()};
}

sip::message parsed(std::string_view bytes) {
  sip::message m;
  const sip::parse_error e = m.parse(bytes);
  EXPECT_FALSE(e) << e.what() << "\n" << bytes;
  return m;
}

struct client_recorder : client_user {
  std::vector<int> statuses;
  int timeouts = 0, errors = 0;
  void on_response(client_transaction&, const sip::message& r) override { statuses.push_back(r.status()); }
  void on_timeout(client_transaction&) override { ++timeouts; }
  void on_transport_error(client_transaction&, std::error_code) override { ++errors; }
};

struct server_recorder : server_user {
  std::vector<server_transaction*> requests;
  std::vector<std::string> methods;
  int acks = 0, cancels = 0, ack_timeouts = 0;
  bool take = true;
  // When set, the response the TU gives while the request is being dispatched.
  int answer_status = 0;
  std::string answer;
  bool on_request(server_transaction& t, const sip::message& m) override {
    requests.push_back(&t);
    methods.emplace_back(m.method_text());
    if (answer_status != 0) {
      EXPECT_TRUE(t.respond(answer_status, answer));
    }
    return take;
  }
  void on_ack(const sip::message&, const net::endpoint&, net::transport&) override { ++acks; }
  bool claims_acks = false;  // as a user agent awaiting the ACK of its 2xx does
  int claimed = 0;
  bool on_awaited_ack(const sip::message&) override {
    if (claims_acks) ++claimed;
    return claims_acks;
  }
  void on_cancel(server_transaction&, const sip::message&) override { ++cancels; }
  void on_ack_timeout(server_transaction&) override { ++ack_timeouts; }
};

struct invite_fixture : ::testing::Test {
  runtime::timer_wheel wheel{0};
  transaction_layer layer{wheel};
  test::fake_transport udp;
  test::fake_transport tcp{net::transport_kind::tcp};
  client_recorder client;
  server_recorder server;

  void SetUp() override {
    udp.set_sink(&layer);
    tcp.set_sink(&layer);
    layer.set_server_user(&server);
  }
  invite_client& invite(test::fake_transport& t) {
    const std::string branch(layer.new_branch());
    return static_cast<invite_client&>(
        layer.start_client(t, k_peer, request("INVITE", branch), branch, sip::method::invite, client));
  }
  std::size_t sent_count(std::string_view start) const {
    std::size_t n = 0;
    for (const auto& d : udp.sent) n += d.bytes.starts_with(start);
    return n;
  }
};

using invite_client_test = invite_fixture;

// Timer A doubles without a cap (§17.1.1.2); Timer B ends the transaction at 64*T1.
TEST_F(invite_client_test, timer_a_doubles_and_timer_b_times_out) {
  invite(udp);
  const runtime::tick at[] = {500, 1500, 3500, 7500, 15500, 31500};
  for (std::size_t i = 0; i < std::size(at); ++i) {
    wheel.advance(at[i]);
    EXPECT_EQ(udp.sent.size(), i + 2) << at[i];
  }
  wheel.advance(31999);
  EXPECT_EQ(client.timeouts, 0);
  wheel.advance(32000);
  EXPECT_EQ(client.timeouts, 1);
  EXPECT_EQ(layer.stats().retransmissions, 6u);
}

// A provisional response stops Timer A; in Proceeding there is no Timer B timeout.
TEST_F(invite_client_test, provisional_stops_retransmissions) {
  invite_client& t = invite(udp);
  udp.deliver(response(udp.sent[0].bytes, 180), k_peer);
  EXPECT_EQ(t.state(), invite_client_state::proceeding);
  wheel.advance(40000);
  EXPECT_EQ(udp.sent.size(), 1u);
  EXPECT_EQ(client.timeouts, 0);
  EXPECT_EQ(client.statuses, std::vector<int>{180});
}

// A non-2xx final: the transaction ACKs it (§17.1.1.3) with the response's To and the
// INVITE's top Via, Route and CSeq number; retransmitted finals get the ACK again, not the TU.
TEST_F(invite_client_test, non_2xx_final_is_acked_by_the_transaction) {
  invite_client& t = invite(udp);
  const std::string busy = response(udp.sent[0].bytes, 486, "busy1");
  udp.deliver(busy, k_peer);
  EXPECT_EQ(t.state(), invite_client_state::completed);
  EXPECT_TRUE(t.request().empty());  // Completed resends the ACK, never the INVITE: freed
  ASSERT_EQ(udp.sent.size(), 2u);
  const sip::message ack = parsed(udp.sent[1].bytes);
  const sip::message inv = parsed(udp.sent[0].bytes);
  EXPECT_EQ(ack.method(), sip::method::ack);
  EXPECT_EQ(ack.request_uri_text(), inv.request_uri_text());
  EXPECT_EQ(ack.top_via().branch, inv.top_via().branch);
  EXPECT_EQ(ack.to().tag(), "busy1");
  EXPECT_EQ(ack.cseq().number, inv.cseq().number);
  EXPECT_EQ(ack.cseq().method, "ACK");
  EXPECT_EQ(ack.header(sip::header_id::route), "<sip:proxy.example.com;lr>");
  udp.deliver(busy, k_peer);
  EXPECT_EQ(udp.sent.size(), 3u);
  EXPECT_EQ(udp.sent[2].bytes, udp.sent[1].bytes);
  EXPECT_EQ(client.statuses, std::vector<int>{486});
  wheel.advance(31999);
  EXPECT_EQ(t.state(), invite_client_state::completed);
  wheel.advance(32000);  // Timer D
  layer.collect();
  EXPECT_EQ(layer.active_clients(), 0u);
}

// RFC 6026: a 2xx moves to Accepted; later 2xx (retransmissions, other forks) reach the TU;
// the TU, not the transaction, ACKs them; Timer M ends it.
TEST_F(invite_client_test, two_xx_goes_to_accepted_and_forks_reach_the_tu) {
  invite_client& t = invite(udp);
  udp.deliver(response(udp.sent[0].bytes, 200, "fork1"), k_peer);
  EXPECT_EQ(t.state(), invite_client_state::accepted);
  EXPECT_TRUE(t.request().empty());  // Accepted sends nothing: the INVITE is freed
  udp.deliver(response(udp.sent[0].bytes, 200, "fork2"), k_peer);
  EXPECT_EQ(client.statuses, (std::vector<int>{200, 200}));
  EXPECT_EQ(udp.sent.size(), 1u);  // no ACK from the transaction
  wheel.advance(31999);
  EXPECT_EQ(t.state(), invite_client_state::accepted);
  wheel.advance(32000);  // Timer M = 64*T1
  layer.collect();
  EXPECT_EQ(layer.active_clients(), 0u);
}

// Timers A and B share one wheel entry; a provisional ends both (Timer B only ever ends
// Calling), and the 2xx starts Timer M: one timer at a time.
TEST_F(invite_client_test, one_timer_at_a_time) {
  const std::size_t idle = wheel.size();  // the layer's sweep
  invite_client& t = invite(udp);
  EXPECT_EQ(wheel.size(), idle + 1);
  udp.deliver(response(udp.sent[0].bytes, 180, "callee"), k_peer);
  EXPECT_EQ(t.state(), invite_client_state::proceeding);
  EXPECT_EQ(wheel.size(), idle);
  wheel.advance(64 * 500 + 1);  // no Timer B in Proceeding
  EXPECT_EQ(t.state(), invite_client_state::proceeding);
  EXPECT_EQ(client.timeouts, 0);
  udp.deliver(response(udp.sent[0].bytes, 200, "callee"), k_peer);
  EXPECT_EQ(t.state(), invite_client_state::accepted);
  EXPECT_EQ(wheel.size(), idle + 1);  // Timer M
}

TEST_F(invite_client_test, reliable_transport_no_timer_a_and_no_timer_d) {
  invite_client& t = invite(tcp);
  wheel.advance(10000);
  EXPECT_EQ(tcp.sent.size(), 1u);
  tcp.deliver(response(tcp.sent[0].bytes, 603), k_peer);
  EXPECT_TRUE(t.terminated());
  EXPECT_EQ(tcp.sent.size(), 2u);  // the ACK
}

// CANCEL (§9.1) copies the INVITE's Request-URI, Call-ID, From, To, top Via branch, Route and
// CSeq number; its response reaches the non-INVITE transaction sharing the branch.
TEST_F(invite_client_test, cancel_shares_the_branch_but_not_the_transaction) {
  invite_client& t = invite(udp);
  udp.deliver(response(udp.sent[0].bytes, 180), k_peer);
  const std::string cancel = build_cancel(t.request());
  const sip::message c = parsed(cancel);
  EXPECT_EQ(c.method(), sip::method::cancel);
  EXPECT_EQ(c.top_via().branch, t.branch());
  EXPECT_EQ(c.cseq().number, 1u);
  EXPECT_EQ(c.cseq().method, "CANCEL");
  EXPECT_TRUE(c.to().tag().empty());
  layer.start_client(udp, k_peer, cancel, t.branch(), sip::method::cancel, client);
  udp.deliver(response(cancel, 200), k_peer);
  udp.deliver(response(udp.sent[0].bytes, 487), k_peer);
  EXPECT_EQ(client.statuses, (std::vector<int>{180, 200, 487}));
  EXPECT_EQ(t.state(), invite_client_state::completed);
}

using server_test = invite_fixture;

// §17.2.1: a new INVITE gets 100 Trying from the transaction; retransmitted INVITEs get the
// latest provisional again and are never passed up twice.
TEST_F(server_test, invite_server_sends_trying_and_absorbs_retransmissions) {
  const std::string inv = request("INVITE", "z9hG4bKsrv1");
  udp.deliver(inv, k_peer);
  ASSERT_EQ(server.requests.size(), 1u);
  ASSERT_EQ(udp.sent.size(), 1u);
  EXPECT_EQ(parsed(udp.sent[0].bytes).status(), 100);
  // The 100 is not kept but built again from the retransmitted INVITE: the same bytes.
  udp.deliver(inv, k_peer);
  EXPECT_EQ(server.requests.size(), 1u);
  ASSERT_EQ(udp.sent.size(), 2u);
  EXPECT_EQ(udp.sent[1].bytes, udp.sent[0].bytes);
  server_transaction& t = *server.requests[0];
  EXPECT_TRUE(t.respond(180, response(inv, 180)));
  udp.deliver(inv, k_peer);
  EXPECT_EQ(server.requests.size(), 1u);
  ASSERT_EQ(udp.sent.size(), 4u);
  EXPECT_EQ(parsed(udp.sent[3].bytes).status(), 180);
}

// A final non-2xx: Timer G retransmits it (T1 doubling to T2) until the ACK; the ACK moves it
// to Confirmed and Timer I to Terminated.
TEST_F(server_test, invite_server_timer_g_until_ack_then_timer_i) {
  const std::string inv = request("INVITE", "z9hG4bKsrv2");
  udp.deliver(inv, k_peer);
  auto& t = static_cast<invite_server&>(*server.requests[0]);
  EXPECT_TRUE(t.respond(486, response(inv, 486)));
  EXPECT_EQ(t.state(), invite_server_state::completed);
  EXPECT_FALSE(t.respond(200, response(inv, 200)));  // a final was sent already
  const std::size_t after_final = udp.sent.size();
  wheel.advance(500);
  wheel.advance(1500);
  wheel.advance(3500);
  wheel.advance(7500);
  wheel.advance(11500);  // capped at T2 = 4 s
  EXPECT_EQ(udp.sent.size(), after_final + 5);
  EXPECT_EQ(layer.stats().response_retransmissions, 5u);
  udp.deliver(build_non_2xx_ack(inv, parsed(udp.sent.back().bytes)), k_peer);
  EXPECT_EQ(t.state(), invite_server_state::confirmed);
  EXPECT_EQ(server.acks, 0);  // a non-2xx ACK belongs to the transaction
  wheel.advance(11500 + 5000);  // Timer I = T4
  layer.collect();
  EXPECT_EQ(layer.active_servers(), 0u);
}

// The TU is asked about an ACK before any transaction is looked for: one it claims (the ACK
// it awaits for its 2xx) is its alone, even when it reuses the INVITE's branch and so matches
// the transaction in Accepted, which would pass it up again; one it leaves goes the usual way.
TEST_F(server_test, an_ack_the_tu_awaits_is_its_before_any_transaction) {
  const std::string inv = request("INVITE", "z9hG4bKsrv9a");
  udp.deliver(inv, k_peer);
  auto& t = static_cast<invite_server&>(*server.requests[0]);
  EXPECT_TRUE(t.respond(200, response(inv, 200)));
  const std::string ack = request("ACK", "z9hG4bKsrv9a", "b1", 1);
  server.claims_acks = true;
  udp.deliver(ack, k_peer);
  EXPECT_EQ(server.claimed, 1);
  EXPECT_EQ(server.acks, 0);
  server.claims_acks = false;
  udp.deliver(ack, k_peer);
  EXPECT_EQ(server.acks, 1);  // through the transaction in Accepted (RFC 6026 §7.1)
  EXPECT_EQ(t.state(), invite_server_state::accepted);
}

// Timer H: no ACK within 64*T1 ends the transaction and tells the TU.
TEST_F(server_test, invite_server_timer_h_without_ack) {
  const std::string inv = request("INVITE", "z9hG4bKsrv3");
  udp.deliver(inv, k_peer);
  server.requests[0]->respond(500, response(inv, 500));
  wheel.advance(31999);
  EXPECT_EQ(server.ack_timeouts, 0);
  wheel.advance(32000);
  EXPECT_EQ(server.ack_timeouts, 1);
  EXPECT_EQ(layer.stats().ack_timeouts, 1u);
}

// RFC 6026: after a 2xx, Accepted absorbs INVITE retransmissions, lets the TU retransmit its
// 2xx, and the ACK for the 2xx (a new branch) goes to the TU; Timer L ends it.
TEST_F(server_test, invite_server_accepted_state) {
  const std::string inv = request("INVITE", "z9hG4bKsrv4");
  udp.deliver(inv, k_peer);
  auto& t = static_cast<invite_server&>(*server.requests[0]);
  EXPECT_TRUE(t.respond(200, response(inv, 200)));
  EXPECT_EQ(t.state(), invite_server_state::accepted);
  const std::size_t sent = udp.sent.size();
  udp.deliver(inv, k_peer);
  EXPECT_EQ(udp.sent.size(), sent);
  EXPECT_TRUE(t.respond(200, response(inv, 200)));
  EXPECT_EQ(udp.sent.size(), sent + 1);
  udp.deliver(request("ACK", "z9hG4bKack4", "b1", 1), k_peer);
  EXPECT_EQ(server.acks, 1);
  // RFC 6026 §7.1: an ACK that matches the transaction in Accepted (a peer reusing the
  // INVITE's branch) is passed to the TU too.
  udp.deliver(request("ACK", "z9hG4bKsrv4", "b1", 1), k_peer);
  EXPECT_EQ(server.acks, 2);
  wheel.advance(32000);
  layer.collect();
  EXPECT_EQ(layer.active_servers(), 0u);
}

// §9.2: a CANCEL matching a pending INVITE is answered 200, the TU hears on_cancel, and the
// INVITE is answered 487 when the TU leaves it; one matching nothing is answered 481.
TEST_F(server_test, cancel_matches_its_invite) {
  const std::string inv = request("INVITE", "z9hG4bKsrv5");
  udp.deliver(inv, k_peer);
  udp.deliver(request("CANCEL", "z9hG4bKsrv5", {}, 1), k_peer);
  EXPECT_EQ(server.cancels, 1);
  std::vector<int> statuses;
  for (const auto& d : udp.sent) statuses.push_back(parsed(d.bytes).status());
  EXPECT_EQ(statuses, (std::vector<int>{100, 200, 487}));
  EXPECT_EQ(parsed(udp.sent[1].bytes).cseq().method, "CANCEL");
  EXPECT_EQ(parsed(udp.sent[2].bytes).cseq().method, "INVITE");
  udp.deliver(request("CANCEL", "z9hG4bKnothing", {}, 1), k_peer);
  EXPECT_EQ(parsed(udp.sent.back().bytes).status(), 481);
}

// Non-INVITE server (§17.2.2): retransmissions get the last response; Timer J ends it.
TEST_F(server_test, non_invite_server_answers_retransmissions_and_timer_j) {
  const std::string bye = request("BYE", "z9hG4bKsrv6", "b1", 2);
  udp.deliver(bye, k_peer);
  ASSERT_EQ(server.requests.size(), 1u);
  EXPECT_TRUE(udp.sent.empty());  // Trying: nothing sent, retransmissions absorbed
  udp.deliver(bye, k_peer);
  EXPECT_TRUE(udp.sent.empty());
  EXPECT_TRUE(server.requests[0]->respond(200, response(bye, 200)));
  udp.deliver(bye, k_peer);
  ASSERT_EQ(udp.sent.size(), 2u);
  EXPECT_EQ(udp.sent[1].bytes, udp.sent[0].bytes);
  EXPECT_EQ(server.requests.size(), 1u);
  wheel.advance(32000);  // Timer J = 64*T1
  layer.collect();
  EXPECT_EQ(layer.active_servers(), 0u);
}

// A plain final response (the request's headers under a status line) is not kept: a
// retransmitted request builds the very same bytes again. A request whose To has no tag
// falls back to keeping what build_response made.
TEST_F(server_test, non_invite_server_plain_response_is_built_again) {
  const std::string bye = request("BYE", "z9hG4bKsrv7", "b1", 2);
  udp.deliver(bye, k_peer);
  ASSERT_EQ(server.requests.size(), 1u);
  EXPECT_TRUE(server.requests[0]->respond_plain(200, "OK", parsed(bye)));
  ASSERT_EQ(udp.sent.size(), 1u);
  EXPECT_EQ(udp.sent[0].bytes, build_response(parsed(bye), 200, "OK"));
  udp.deliver(bye, k_peer);
  ASSERT_EQ(udp.sent.size(), 2u);
  EXPECT_EQ(udp.sent[1].bytes, udp.sent[0].bytes);
  EXPECT_FALSE(server.requests[0]->respond_plain(200, "OK", parsed(bye)));  // final already

  const std::string options = request("OPTIONS", "z9hG4bKsrv8");  // no To tag
  udp.deliver(options, k_peer);
  ASSERT_EQ(server.requests.size(), 2u);
  EXPECT_TRUE(server.requests[1]->respond_plain(200, "OK", parsed(options)));
  udp.deliver(options, k_peer);
  ASSERT_EQ(udp.sent.size(), 4u);
  EXPECT_EQ(udp.sent[3].bytes, udp.sent[2].bytes);
  wheel.advance(32000);  // Timer J
  layer.collect();
  EXPECT_EQ(layer.active_servers(), 0u);
}

// A peer that is another sipwright sends branches of our shape (magic cookie, 16 hex digits,
// '.', a sequence number), placed by their sequence numbers like our own: two peers whose
// sequences coincide still get a transaction each, each retransmission finds its own, a ring
// that grows keeps them all, and every one ends at Timer J.
TEST_F(server_test, peer_branches_of_our_shape_each_find_their_transaction) {
  const auto branch = [](char peer, int sequence) {
    return fmt::format("z9hG4bK{}.{}", std::string(16, peer), sequence);
  };
  for (int sequence = 1; sequence <= 3000; ++sequence)  // past the ring's first 1,024 slots
    for (char peer : {'a', 'b'}) udp.deliver(request("BYE", branch(peer, sequence), "b1", 2), k_peer);
  ASSERT_EQ(server.requests.size(), 6000u);
  EXPECT_EQ(layer.active_servers(), 6000u);
  for (std::size_t i = 0; i < server.requests.size(); ++i) {
    server_transaction& t = *server.requests[i];
    ASSERT_TRUE(t.respond(200, response(request("BYE", t.branch(), "b1", 2), 200, fmt::format("n{}", i))));
  }
  for (std::size_t i = 0; i < server.requests.size(); i += 997) {
    const std::string bye = request("BYE", server.requests[i]->branch(), "b1", 2);
    const std::size_t sent = udp.sent.size();
    udp.deliver(bye, k_peer);  // the retransmission gets this transaction's own response again
    ASSERT_EQ(udp.sent.size(), sent + 1);
    EXPECT_EQ(udp.sent.back().bytes, udp.sent[i].bytes) << server.requests[i]->branch();
  }
  EXPECT_EQ(server.requests.size(), 6000u);  // no retransmission was passed up
  wheel.advance(64 * 500);  // Timer J
  layer.collect();
  EXPECT_EQ(layer.active_servers(), 0u);
}

// §17.2.3: the same branch from a different sent-by is a different transaction.
TEST_F(server_test, sent_by_is_part_of_the_match) {
  std::string a = request("OPTIONS", "z9hG4bKsame");
  std::string b = a;
  b.replace(b.find("127.0.0.1:5060;branch"), 14, "127.0.0.9:5070");
  server.take = true;
  udp.deliver(a, k_peer);
  server.requests[0]->respond(200, response(a, 200));
  udp.deliver(b, k_peer);
  EXPECT_EQ(server.requests.size(), 2u);
}

// The second of two transactions with one branch (another sent-by) is found by its own
// retransmissions after the first has ended and been freed: answered again with its own
// response, never passed up a second time. Before, it was looked for only while the first
// lived, and a retransmission after that started a new transaction.
TEST_F(server_test, a_shared_branch_stays_matched_after_the_first_transaction_ends) {
  const std::string a = request("OPTIONS", "z9hG4bKshared");
  std::string b = a;
  b.replace(b.find("127.0.0.1:5060;branch"), 14, "127.0.0.9:5070");
  udp.deliver(a, k_peer);
  ASSERT_EQ(server.requests.size(), 1u);
  ASSERT_TRUE(server.requests[0]->respond(200, response(a, 200, "ta")));
  wheel.advance(10'000);  // the wheel's time: 10 s
  udp.deliver(b, k_peer);
  ASSERT_EQ(server.requests.size(), 2u);
  ASSERT_TRUE(server.requests[1]->respond(200, response(b, 200, "tb")));
  const std::string b_response = udp.sent.back().bytes;
  EXPECT_EQ(layer.active_servers(), 2u);
  wheel.advance(33'000);  // past the first's Timer J (32 s), not the second's (42 s)
  layer.collect();
  EXPECT_EQ(layer.active_servers(), 1u);
  const std::size_t sent = udp.sent.size();
  udp.deliver(b, k_peer);
  EXPECT_EQ(server.requests.size(), 2u);
  ASSERT_EQ(udp.sent.size(), sent + 1);
  EXPECT_EQ(udp.sent.back().bytes, b_response);
  // And a request of the first's sent-by with that branch is new again.
  udp.deliver(a, k_peer);
  EXPECT_EQ(server.requests.size(), 3u);
}

// §17.2.3, RFC 2543 fallback: without the magic cookie, the Request-URI, From tag, Call-ID,
// CSeq and top Via match; the ACK for a non-2xx reaches the INVITE transaction.
TEST_F(server_test, rfc2543_matching) {
  const std::string inv = request("INVITE", "old2543");
  udp.deliver(inv, k_peer);
  udp.deliver(inv, k_peer);  // retransmission: matched, not passed up
  EXPECT_EQ(server.requests.size(), 1u);
  auto& t = static_cast<invite_server&>(*server.requests[0]);
  t.respond(404, response(inv, 404));
  udp.deliver(request("ACK", "old2543", "b1", 1), k_peer);
  EXPECT_EQ(t.state(), invite_server_state::confirmed);
  EXPECT_EQ(server.acks, 0);
}

// §17.2.1's exemption: a TU that gives a provisional or final response while the INVITE is
// dispatched makes the 100 needless; the 100 goes out only when the dispatch returns without
// one, and a retransmission before the answer still gets it again.
TEST_F(server_test, trying_only_when_the_tu_has_not_answered_during_the_dispatch) {
  for (const int status : {180, 200, 486}) {
    SCOPED_TRACE(status);
    udp.sent.clear();
    const std::string inv = request("INVITE", "z9hG4bKsrvA" + std::to_string(status));
    server.answer_status = status;
    server.answer = response(inv, status);
    udp.deliver(inv, k_peer);
    ASSERT_EQ(udp.sent.size(), 1u);
    EXPECT_EQ(parsed(udp.sent[0].bytes).status(), status);
  }
  server.answer_status = 0;
  udp.sent.clear();
  const std::string inv = request("INVITE", "z9hG4bKsrvB");
  udp.deliver(inv, k_peer);
  ASSERT_EQ(udp.sent.size(), 1u);
  EXPECT_EQ(parsed(udp.sent[0].bytes).status(), 100);
  udp.deliver(inv, k_peer);
  ASSERT_EQ(udp.sent.size(), 2u);
  EXPECT_EQ(parsed(udp.sent[1].bytes).status(), 100);
}

// The fallback answers through a transaction what the TU leaves.
TEST_F(server_test, fallback_when_the_tu_declines) {
  server.take = false;
  udp.deliver(request("INVITE", "z9hG4bKsrv7"), k_peer);
  ASSERT_EQ(udp.sent.size(), 1u);  // answered during the dispatch: no 100 (§17.2.1)
  EXPECT_EQ(parsed(udp.sent[0].bytes).status(), 480);
  udp.deliver(request("MESSAGE", "z9hG4bKsrv8"), k_peer);
  EXPECT_EQ(parsed(udp.sent.back().bytes).status(), 480);
  udp.deliver(request("FOO", "z9hG4bKsrv9"), k_peer);
  EXPECT_EQ(parsed(udp.sent.back().bytes).status(), 501);
}

}  // namespace
}  // namespace sw::txn
