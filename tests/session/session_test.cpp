// Two user agents in one process, on one worker, over UDP on loopback: every method and event
// of the Session the engine has so far, and the orderings DESIGN.md guarantees.
#include "session/session.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "runtime/worker.hpp"
#include "session/digest.hpp"
#include "session/registration.hpp"
#include <fmt/format.h>
#include "session/user_agent.hpp"
#include "sip/auth.hpp"
#include "transport/udp_transport.hpp"
#include "txn/derived_requests.hpp"
#include "txn/transaction_layer.hpp"

namespace sw::session {
namespace {

using namespace std::chrono_literals;
namespace net = sw::transport;

// What a session saw, as "event" or "event:detail" strings, in order.
struct journal {
  std::vector<std::string> events;
  void attach(session& s) {
    s.on_event = [this](session&, const event& e) {
      std::string line(event_name(e.kind));
      if (e.status) line += ":" + std::to_string(e.status);
      if (e.kind == event_kind::dtmf) line += std::string(":") + e.tone + (e.local ? ">" : "<");
      if (e.kind == event_kind::reinvite) line += ":" + std::string(e.direction);
      if (e.kind == event_kind::bye) line += e.local ? ":sent" : ":received";
      if (e.kind == event_kind::refer) line = "refer";
      events.push_back(line);
    };
  }
  bool has(std::string_view e) const { return std::find(events.begin(), events.end(), e) != events.end(); }
  bool ended() const { return !events.empty() && events.back() == "terminated"; }
};

// An on_invite that notes the incoming session, journals its events and accepts at once.
std::function<void(session&)> accept_into(session*& incoming, journal& j) {
  return [&incoming, &j](session& s) {
    incoming = &s;
    j.attach(s);
    s.accept();
  };
}

struct party {
  net::udp_transport link;
  txn::transaction_layer layer;
  user_agent ua;
  party(runtime::worker& w, ua_config c, txn::timer_config timers = {})
      : link(w, *net::endpoint::from_numeric("127.0.0.1", 0)), layer(w.timers(), timers),
        ua(w.timers(), layer, link, std::move(c)) {
    link.set_sink(&layer);
    link.start();
  }
  std::string uri(std::string_view user) const { return "sip:" + std::string(user) + "@" + link.local().host_port(); }
};

// A hand-written peer on loopback: a transaction layer whose requests go to `user`.
struct fake_peer {
  net::udp_transport link;
  txn::transaction_layer layer;
  fake_peer(runtime::worker& w, txn::server_user& user)
      : link(w, *net::endpoint::from_numeric("127.0.0.1", 0)), layer(w.timers()) {
    link.set_sink(&layer);
    layer.set_server_user(&user);
    link.start();
  }
  std::string contact(std::string_view user) const {
    return "Contact: <sip:" + std::string(user) + "@" + link.local().host_port() + ">\r\n";
  }
};

struct session_test : ::testing::Test {
  runtime::worker worker;
  party alice{worker, {.user = "alice"}};
  party bob{worker, {.user = "bob", .media_port = 40002}};
  journal a, b;
  session* incoming = nullptr;
  std::function<void(session&)> bob_does = [](session& s) { s.progress(); };

  void SetUp() override {
    bob.ua.on_invite = [this](session& s) {
      incoming = &s;
      b.attach(s);
      bob_does(s);
    };
  }
  session& call(const invite_options& o = {}) {
    session& s = alice.ua.invite(bob.uri("bob"), bob.link.local(), o);
    a.attach(s);
    return s;
  }
  void run_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 5s) {
    ASSERT_TRUE(worker.run_until(done, limit)) << "alice: " << ::testing::PrintToString(a.events)
                                               << " bob: " << ::testing::PrintToString(b.events);
  }
};

// invite, progress, accept, bye: each side's events in order, terminated last.
TEST_F(session_test, call_answered_and_hung_up) {
  session& s = call();
  run_until([&] { return a.has("progress:180"); });
  incoming->accept();
  run_until([&] { return s.state() == session_state::established && incoming->state() == session_state::established; });
  EXPECT_EQ(s.remote_identity().find("bob"), 5u);
  // alice's dialog is made from where her INVITE's From and Contact lie (not read again):
  // it must hold what bob read from that INVITE.
  const dialog::dialog& ours = *s.current_dialog();
  const dialog::dialog& theirs = *incoming->current_dialog();
  EXPECT_EQ(ours.local_uri(), theirs.remote_uri());
  EXPECT_EQ(ours.local_tag(), theirs.remote_tag());
  EXPECT_EQ(ours.call_id(), theirs.call_id());
  EXPECT_EQ(ours.local_contact(), "<" + std::string(theirs.remote_target()) + ">");
  EXPECT_EQ(ours.local_cseq(), 1u);
  s.bye();
  run_until([&] { return a.ended() && b.ended(); });
  EXPECT_EQ(a.events, (std::vector<std::string>{"progress:180", "accepted:200", "bye:sent", "terminated"}));
  EXPECT_EQ(b.events, (std::vector<std::string>{"accepted:200", "bye:received", "terminated"}));
  EXPECT_GE(s.end_time(), s.start_time());
}

// startTime and endTime are the worker's milliseconds: a call held for 60 ms of the loop's
// clock lasts at least that long, and both ends agree on when it was accepted.
TEST_F(session_test, start_and_end_times_are_the_workers_milliseconds) {
  bob_does = [](session& s) { s.accept(); };
  worker.run_until([] { return false; }, 30ms);  // the clock moves on: 0 is not a time left unset
  const runtime::tick before = worker.timers().now();
  ASSERT_GE(before, 20u);
  session& s = call();
  run_until([&] {
    return s.state() == session_state::established && incoming && incoming->state() == session_state::established;
  });
  const runtime::tick accepted = worker.timers().now();
  EXPECT_GE(s.start_time(), before);
  EXPECT_GE(incoming->start_time(), before);
  EXPECT_LE(s.start_time(), accepted);
  EXPECT_LE(accepted - s.start_time(), 1000u);
  run_until([&] { return worker.timers().now() >= accepted + 60; });
  s.bye();
  run_until([&] { return a.ended() && b.ended(); });
  EXPECT_GE(s.end_time() - s.start_time(), 60u);
  EXPECT_LT(s.end_time() - s.start_time(), 5000u);
  EXPECT_GE(incoming->end_time(), incoming->start_time() + 60);
}

// RFC 3261 §17.2.1: an INVITE answered during on_invite needs no 100 Trying; with
// `trying_at_once` (what `sipwright answer` sets) the 100 goes first all the same.
TEST(user_agent, trying_only_for_an_invite_not_answered_at_once_unless_asked) {
  for (const bool at_once : {false, true}) {
    SCOPED_TRACE(at_once);
    runtime::worker worker;
    party alice{worker, {.user = "alice"}};
    party bob{worker, {.user = "bob", .media_port = 40002, .trying_at_once = at_once}};
    session* incoming = nullptr;
    journal a, b;
    bob.ua.on_invite = accept_into(incoming, b);
    session& s = alice.ua.invite(bob.uri("bob"), bob.link.local());
    a.attach(s);
    ASSERT_TRUE(worker.run_until([&] { return s.state() == session_state::established; }, 5s));
    EXPECT_EQ(alice.layer.stats().responses, at_once ? 2u : 1u);  // (100,) 200
    s.bye();
    ASSERT_TRUE(worker.run_until([&] { return a.ended() && b.ended(); }, 5s));
  }
}

// A terminated session is freed only after every transaction that may still call it back
// has ended, whatever the timer values: a CANCEL's transaction with a long timeout, Timer M
// with a large T1, Timer D set long.
TEST(user_agent, terminated_sessions_outlive_their_transactions_timers) {
  EXPECT_GE(session_linger({}), 64 * txn::timer_config{}.t1);
  for (const txn::timer_config t : {txn::timer_config{}, txn::timer_config{.t1 = 1000},
                                    txn::timer_config{.timeout = 120'000}, txn::timer_config{.timer_d = 60'000}}) {
    EXPECT_GT(session_linger(t), 64 * t.t1);
    EXPECT_GT(session_linger(t), t.timer_f());
    EXPECT_GT(session_linger(t), t.timer_d);
  }
  EXPECT_EQ(session_linger({}), 40'000u);  // the benchmark's expiry (41 s) counts on it
}

// The user agent remembers the last next hop it resolved (calls of a load test share one);
// requests of dialogs with different remote targets, sent alternately, still reach each its
// own peer.
TEST_F(session_test, in_dialog_requests_reach_each_dialogs_own_target) {
  party carol{worker, {.user = "carol", .media_port = 40004}};
  journal c;
  session* carol_incoming = nullptr;
  carol.ua.on_invite = accept_into(carol_incoming, c);
  bob_does = [](session& s) { s.accept(); };
  session& to_bob = call();
  session& to_carol = alice.ua.invite(carol.uri("carol"), carol.link.local());
  run_until([&] {
    return to_bob.state() == session_state::established && to_carol.state() == session_state::established;
  });
  to_bob.dtmf("1");
  to_carol.dtmf("2");
  to_bob.bye();
  to_carol.bye();
  run_until([&] { return b.ended() && c.ended(); });
  EXPECT_TRUE(b.has("dtmf:1<"));
  EXPECT_TRUE(c.has("dtmf:2<"));
  EXPECT_TRUE(b.has("bye:received"));
  EXPECT_TRUE(c.has("bye:received"));
  ASSERT_NE(carol_incoming, nullptr);
}

// The offer is read in place from the INVITE while on_invite runs; answered later, it must
// have been kept, since another request reaching bob reuses the buffer the INVITE was in.
TEST_F(session_test, offer_answered_after_another_request_arrived) {
  session& s = call();
  run_until([&] { return a.has("progress:180"); });
  const std::string options = fmt::format(
      "OPTIONS sip:bob@{0} SIP/2.0\r\nVia: SIP/2.0/UDP {1};branch=z9hG4bK-raw-options-1\r\n"
      "Max-Forwards: 70\r\nFrom: <sip:probe@{1}>;tag=probe\r\nTo: <sip:bob@{0}>\r\n"
      "Call-ID: raw-options-between-offer-and-answer\r\nCSeq: 1 OPTIONS\r\nX-Pad: {2}\r\n"
      "Content-Length: 0\r\n\r\n",
      bob.link.local().host_port(), alice.link.local().host_port(), std::string(1200, 'x'));  // longer than the INVITE
  const auto strays = alice.layer.stats().stray_responses;
  alice.link.send(bob.link.local(), options);
  run_until([&] { return alice.layer.stats().stray_responses > strays; });  // bob's 200 to it
  incoming->accept();
  run_until([&] { return s.state() == session_state::established && incoming->state() == session_state::established; });
  EXPECT_EQ(a.events, (std::vector<std::string>{"progress:180", "accepted:200"}));
}

// rejected (300-699) is followed by failed, then terminated.
TEST_F(session_test, rejected_then_failed_then_terminated) {
  bob_does = [](session& s) { s.reject({.status_code = 486, .reason_phrase = "Busy Here"}); };
  call();
  run_until([&] { return a.ended() && b.ended(); });
  EXPECT_EQ(a.events, (std::vector<std::string>{"rejected:486", "failed", "terminated"}));
  EXPECT_EQ(b.events, (std::vector<std::string>{"rejected:486", "failed", "terminated"}));
}

// cancel before any 1xx waits for the first provisional (here the 100 Trying), then CANCELs.
TEST_F(session_test, cancel_before_any_provisional) {
  bob_does = [](session&) {};  // bob lets it ring without answering
  session& s = call();
  s.cancel();
  EXPECT_EQ(s.state(), session_state::cancel_pending);
  run_until([&] { return a.ended() && b.ended(); });
  EXPECT_EQ(a.events, (std::vector<std::string>{"rejected:487", "failed", "terminated"}));
  EXPECT_EQ(b.events, (std::vector<std::string>{"cancel", "failed", "terminated"}));
}

// A 200 that races a CANCEL is ACKed and then ended with BYE: accepted, bye, terminated.
TEST_F(session_test, two_hundred_racing_cancel) {
  session& s = call();
  run_until([&] { return a.has("progress:180"); });
  s.cancel();          // the CANCEL leaves ...
  incoming->accept();  // ... while bob's 200 is already on its way
  run_until([&] { return a.ended() && b.ended(); });
  EXPECT_EQ(a.events, (std::vector<std::string>{"progress:180", "accepted:200", "bye:sent", "terminated"}));
  EXPECT_EQ(b.events, (std::vector<std::string>{"accepted:200", "bye:received", "terminated"}));
}

// dtmf fires for sent and received tones; INFO with application/dtmf-relay.
TEST_F(session_test, dtmf_over_info) {
  bob_does = [](session& s) { s.accept(); };
  session& s = call();
  run_until([&] { return s.state() == session_state::established; });
  s.dtmf("1#x9", {.duration = 40, .inter_tone_gap = 20});  // 'x' is not a tone: skipped
  run_until([&] { return b.has("dtmf:9<"); });
  EXPECT_EQ(b.events, (std::vector<std::string>{"accepted:200", "dtmf:1<", "dtmf:#<", "dtmf:9<"}));
  EXPECT_TRUE(a.has("dtmf:1>"));
  EXPECT_TRUE(a.has("dtmf:9>"));
}

// hold and unhold are re-INVITEs with sendonly and back to sendrecv; the peer sees reinvite.
TEST_F(session_test, hold_and_unhold) {
  bob_does = [](session& s) { s.accept(); };
  session& s = call();
  run_until([&] { return s.state() == session_state::established && incoming->state() == session_state::established; });
  s.hold();
  run_until([&] { return b.has("reinvite:sendonly"); });
  worker.run_until([] { return false; }, 50ms);  // let the ACK of the re-INVITE arrive
  s.unhold();
  run_until([&] { return b.has("reinvite:sendrecv"); });
}

// The ACK the UAS awaits is recognised by its CSeq (the user agent takes it before any
// transaction lookup): the initial INVITE's while its 2xx is retransmitted, then a
// re-INVITE's; no other CSeq, and nothing once the ACK came.
TEST_F(session_test, the_awaited_ack_is_told_by_its_cseq) {
  std::vector<std::string> seen;
  bob_does = [&seen](session& s) {
    s.accept();
    const std::uint32_t invite = s.current_dialog()->remote_cseq();
    seen.push_back(std::string(s.awaits_ack(invite) ? "awaits" : "-") +
                   (s.awaits_ack(invite + 1) ? " next" : ""));
    s.on_event = [&seen](session& x, const event& e) {
      if (e.kind != event_kind::reinvite) return;
      const std::uint32_t cseq = x.current_dialog()->remote_cseq();
      seen.push_back(std::string(x.awaits_ack(cseq) ? "re-awaits" : "-") +
                     (x.awaits_ack(cseq - 1) ? " older" : ""));
    };
  };
  session& s = call();
  run_until([&] {
    return s.state() == session_state::established && incoming &&
           incoming->state() == session_state::established;
  });
  EXPECT_FALSE(incoming->awaits_ack(incoming->current_dialog()->remote_cseq()));
  s.hold();
  run_until([&] { return seen.size() == 2; });
  worker.run_until([] { return false; }, 50ms);  // the re-INVITE's ACK arrives
  EXPECT_FALSE(incoming->awaits_ack(incoming->current_dialog()->remote_cseq()));
  EXPECT_EQ(seen, (std::vector<std::string>{"awaits", "re-awaits"}));
  s.bye();
  run_until([&] { return incoming->state() == session_state::terminated; });
}

// A re-INVITE that arrives while the UAS still waits for the ACK of its 2xx is refused with
// 491 (§14.2), and the ACK of that 491 (CSeq 2) belongs to the 491's transaction: it must not
// be taken for the awaited ACK of the 2xx (CSeq 1), which alone confirms the session.
TEST_F(session_test, the_ack_of_a_491_is_not_the_awaited_ack) {
  bob_does = [](session& s) { s.accept(); };
  struct recorder final : txn::client_user {
    std::vector<int> statuses;
    std::string to_tag;
    void on_response(txn::client_transaction&, const sip::message& r) override {
      statuses.push_back(r.status());
      if (r.status() == 200) to_tag = std::string(r.to().tag());
    }
    void on_timeout(txn::client_transaction&) override {}
    void on_transport_error(txn::client_transaction&, std::error_code) override {}
  } caller;
  net::udp_transport link(worker, *net::endpoint::from_numeric("127.0.0.1", 0));
  txn::transaction_layer layer(worker.timers());
  link.set_sink(&layer);
  link.start();
  auto request = [&](std::string_view method, std::uint32_t cseq, std::string_view branch,
                     std::string_view to_tag) {
    return fmt::format(
        "{0} {1} SIP/2.0\r\nVia: SIP/2.0/UDP {2};branch={3};rport\r\nMax-Forwards: 70\r\n"
        "From: <sip:carol@{2}>;tag=carol1\r\nTo: <{1}>{4}{5}\r\nCall-ID: glare-before-ack@test\r\n"
        "CSeq: {6} {0}\r\nContact: <sip:carol@{2}>\r\nContent-Length: 0\r\n\r\n",
        method, bob.uri("bob"), link.local().host_port(), branch, to_tag.empty() ? "" : ";tag=", to_tag,
        cseq);
  };
  layer.start_client(link, bob.link.local(), request("INVITE", 1, "z9hG4bKcarol1", ""), "z9hG4bKcarol1",
                     sip::method::invite, caller);
  run_until([&] { return !caller.to_tag.empty() && incoming; });
  ASSERT_EQ(incoming->state(), session_state::waiting_ack);
  // The re-INVITE: refused with 491, and its transaction ACKs the 491 itself.
  layer.start_client(link, bob.link.local(), request("INVITE", 2, "z9hG4bKcarol2", caller.to_tag),
                     "z9hG4bKcarol2", sip::method::invite, caller);
  run_until([&] { return std::count(caller.statuses.begin(), caller.statuses.end(), 491) > 0; });
  worker.run_until([] { return false; }, 50ms);  // the 491's ACK arrives
  EXPECT_EQ(incoming->state(), session_state::waiting_ack);
  // The ACK of the 2xx, with the INVITE's CSeq, confirms the session.
  link.send(bob.link.local(), request("ACK", 1, "z9hG4bKcarol3", caller.to_tag));
  run_until([&] { return incoming->state() == session_state::established; });
}

// §14.1 glare: both re-INVITE at once, both get 491, both retry after their random wait,
// and both re-INVITEs get through.
TEST_F(session_test, reinvite_glare_resolves) {
  bob_does = [](session& s) { s.accept(); };
  session& s = call();
  run_until([&] { return s.state() == session_state::established && incoming->state() == session_state::established; });
  s.hold();
  incoming->hold();
  run_until([&] { return a.has("reinvite:sendonly") && b.has("reinvite:sendonly"); }, 10s);
  EXPECT_GE(alice.layer.stats().responses, 1u);
}

// inviteWithoutSdp: the offer comes in the 2xx and the answer in the ACK.
TEST_F(session_test, invite_without_sdp) {
  bob_does = [](session& s) { s.accept(); };
  session& s = call({.without_sdp = true});
  run_until([&] { return s.state() == session_state::established && incoming->state() == session_state::established; });
  EXPECT_TRUE(a.has("accepted:200"));
}

// anonymous: From is anonymous and Privacy: id is asked for (RFC 3323).
TEST_F(session_test, anonymous_caller) {
  bob_does = [](session& s) { s.accept(); };
  session& s = call({.anonymous = true});
  run_until([&] { return s.state() == session_state::established; });
  EXPECT_NE(incoming->remote_identity().find("anonymous@anonymous.invalid"), std::string_view::npos);
}

// A dead peer: the INVITE times out (Timer B) and the session fails with that reason.
TEST(session_timeout, invite_to_nobody_times_out) {
  runtime::worker worker;
  party alice{worker, {.user = "alice"}, {.t1 = 20}};
  journal a;
  const auto nobody = *net::endpoint::from_numeric("127.0.0.1", 9);
  session& s = alice.ua.invite("sip:nobody@127.0.0.1:9", nobody);
  a.attach(s);
  ASSERT_TRUE(worker.run_until([&] { return a.ended(); }, 10s));
  EXPECT_EQ(a.events, (std::vector<std::string>{"failed", "terminated"}));
}

// Digest: a 401 is answered once with valid credentials; a second challenge after the answer
// means a wrong password and ends the call with that reason — never a loop.
struct challenger final : txn::server_user {
  int invites = 0;
  bool always_challenge = false;
  std::string authorization;
  bool on_request(txn::server_transaction& t, const sip::message& m) override {
    if (m.method() != sip::method::invite) return false;
    ++invites;
    if (m.find(sip::header_id::authorization) && !always_challenge) {
      authorization = std::string(m.header(sip::header_id::authorization));
      t.respond(486, txn::build_response(m, 486, "Busy Here", {.to_tag = "c1"}));
      return true;
    }
    t.respond(401, txn::build_response(m, 401, "Unauthorized",
                                       {.to_tag = "c1",
                                        .extra_headers = "WWW-Authenticate: Digest realm=\"test\", nonce=\"n1\", qop=\"auth\", algorithm=MD5\r\n"}));
    return true;
  }
};

TEST(session_auth, answers_a_challenge_once) {
  runtime::worker worker;
  party alice{worker, {.user = "alice", .password = "secret"}};
  challenger c;
  fake_peer peer(worker, c);
  journal a;
  session& s = alice.ua.invite("sip:bob@" + peer.link.local().host_port(), peer.link.local());
  a.attach(s);
  ASSERT_TRUE(worker.run_until([&] { return a.ended(); }, 5s));
  EXPECT_EQ(c.invites, 2);
  EXPECT_EQ(a.events, (std::vector<std::string>{"rejected:486", "failed", "terminated"}));
  sip::digest_credentials cred;
  ASSERT_FALSE(sip::parse_credentials(c.authorization, cred));
  EXPECT_EQ(cred.username, "alice");
  EXPECT_EQ(cred.realm, "test");
  EXPECT_EQ(cred.nc, "00000001");
}

TEST(session_auth, wrong_password_ends_with_a_reason) {
  runtime::worker worker;
  party alice{worker, {.user = "alice", .password = "wrong"}};
  challenger c;
  fake_peer peer(worker, c);
  c.always_challenge = true;
  std::string reason;
  journal a;
  session& s = alice.ua.invite("sip:bob@" + peer.link.local().host_port(), peer.link.local());
  a.attach(s);
  auto attach = s.on_event;
  s.on_event = [&](session& x, const event& e) {
    if (e.kind == event_kind::terminated) reason = std::string(e.reason);
    attach(x, e);
  };
  ASSERT_TRUE(worker.run_until([&] { return a.ended(); }, 5s));
  EXPECT_EQ(c.invites, 2);  // answered once, then given up
  EXPECT_EQ(a.events, (std::vector<std::string>{"rejected:401", "failed", "terminated"}));
  EXPECT_NE(reason.find("401"), std::string::npos);
  EXPECT_NE(reason.find("wrong username or password"), std::string::npos) << reason;
}

}  // namespace
}  // namespace sw::session

namespace sw::session {
namespace {

// Three parties for transfers: alice calls bob; bob transfers alice to carol.
struct transfer_test : ::testing::Test {
  runtime::worker worker;
  party alice{worker, {.user = "alice"}};
  party bob{worker, {.user = "bob", .media_port = 40002}};
  party carol{worker, {.user = "carol", .media_port = 40004}};
  journal a, b, c, a2, b2;  // a2: alice's call to carol; b2: bob's own call to carol
  std::vector<session*> at_bob, at_carol;

  void SetUp() override {
    bob.ua.on_invite = [this](session& s) {
      at_bob.push_back(&s);
      b.attach(s);
      s.accept();
    };
    carol.ua.on_invite = [this](session& s) {
      at_carol.push_back(&s);
      c.attach(s);
      s.accept();
    };
    alice.ua.on_transfer = [this](session&, session& t) { a2.attach(t); };
  }
  void run_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 5s) {
    ASSERT_TRUE(worker.run_until(done, limit)) << "alice: " << ::testing::PrintToString(a.events)
                                               << " bob: " << ::testing::PrintToString(b.events)
                                               << " carol: " << ::testing::PrintToString(c.events)
                                               << " alice->carol: " << ::testing::PrintToString(a2.events);
  }
};

// Blind transfer (RFC 3515): bob REFERs alice to carol; alice fires `refer`, calls carol,
// reports in NOTIFY; the final NOTIFY makes bob hang up on alice.
TEST_F(transfer_test, blind_transfer) {
  session& call = alice.ua.invite(bob.uri("bob"), bob.link.local());
  a.attach(call);
  run_until([&] { return call.state() == session_state::established && !at_bob.empty() &&
                         at_bob[0]->state() == session_state::established; });
  at_bob[0]->refer(carol.uri("carol"));
  run_until([&] { return a.ended() && b.ended() && a2.has("accepted:200"); });
  EXPECT_TRUE(a.has("refer"));
  EXPECT_EQ(a.events.back(), "terminated");
  EXPECT_TRUE(a.has("bye:received"));  // bob hung up after the NOTIFY with 200
  EXPECT_TRUE(b.has("bye:sent"));
  ASSERT_EQ(at_carol.size(), 1u);
  EXPECT_EQ(at_carol[0]->state(), session_state::established);
}

// Attended transfer (RFC 5589): bob talks to alice and to carol, then REFERs alice to carol
// with Replaces; carol's call with bob fires `replaced` before it terminates.
TEST_F(transfer_test, attended_transfer_with_replaces) {
  session& call = alice.ua.invite(bob.uri("bob"), bob.link.local());
  a.attach(call);
  run_until([&] { return call.state() == session_state::established && !at_bob.empty() &&
                         at_bob[0]->state() == session_state::established; });
  session& consult = bob.ua.invite(carol.uri("carol"), carol.link.local());
  b2.attach(consult);
  run_until([&] { return consult.state() == session_state::established && at_carol.size() == 1 &&
                         at_carol[0]->state() == session_state::established; });
  at_bob[0]->refer(consult);
  run_until([&] { return at_carol.size() == 2 && at_carol[1]->state() == session_state::established &&
                         b2.ended() && a.ended(); });
  // carol's first call (with bob) was replaced, then ended
  ASSERT_GE(c.events.size(), 2u);
  const auto replaced = std::find(c.events.begin(), c.events.end(), "replaced");
  ASSERT_NE(replaced, c.events.end()) << ::testing::PrintToString(c.events);
  EXPECT_LT(replaced - c.events.begin(), static_cast<long>(c.events.size()) - 1);
  EXPECT_TRUE(b2.has("bye:received"));
  EXPECT_TRUE(a.has("refer"));
}

// An INVITE with Replaces that names no call is answered 481 (RFC 3891 §3).
TEST_F(transfer_test, replaces_matching_nothing_is_481) {
  session& s = alice.ua.invite(carol.uri("carol"), carol.link.local(),
                               {.extra_headers = "Replaces: nothing@here;to-tag=1;from-tag=2\r\nRequire: replaces\r\n"});
  a.attach(s);
  run_until([&] { return a.ended(); });
  EXPECT_TRUE(a.has("rejected:481"));
  EXPECT_TRUE(at_carol.empty());
}

// reply(): any status by range.
TEST_F(transfer_test, reply_with_a_final_status) {
  carol.ua.on_invite = [this](session& s) {
    c.attach(s);
    s.reply({.status_code = 603, .reason_phrase = "Decline"});
  };
  session& s = alice.ua.invite(carol.uri("carol"), carol.link.local());
  a.attach(s);
  run_until([&] { return a.ended(); });
  EXPECT_EQ(a.events, (std::vector<std::string>{"rejected:603", "failed", "terminated"}));
}

}  // namespace
}  // namespace sw::session

namespace sw::session {
namespace {

// RFC 3262: the answerer sends 180 reliably (Require: 100rel, RSeq), the caller PRACKs it,
// and the retransmissions stop.
TEST(session_rel100, reliable_provisional_is_pracked) {
  runtime::worker worker;
  party alice{worker, {.user = "alice"}, {.t1 = 50}};
  party bob{worker, {.user = "bob"}, {.t1 = 50}};
  journal a;
  session* incoming = nullptr;
  bob.ua.on_invite = [&](session& s) {
    incoming = &s;
    s.progress();
  };
  session& s = alice.ua.invite(bob.uri("bob"), bob.link.local(), {.rel100 = rel100_mode::supported});
  a.attach(s);
  ASSERT_TRUE(worker.run_until([&] { return a.has("progress:180") && alice.layer.stats().client_started == 2 &&
                                           bob.layer.stats().server_started == 2; }, 5s));
  worker.run_until([] { return false; }, 100ms);  // the PRACK's 200 arrives
  const auto sent = bob.link.stats().sent;
  worker.run_until([] { return false; }, 400ms);  // unacknowledged, the 180 would go at 50, 150, 350 ms
  EXPECT_EQ(bob.link.stats().sent, sent);
  incoming->accept();
  ASSERT_TRUE(worker.run_until([&] { return s.state() == session_state::established; }, 5s));
  EXPECT_EQ(std::count(a.events.begin(), a.events.end(), "progress:180"), 1);
}

// rel100 required: the caller demands 100rel, so even an answerer set not to offer it sends
// the 180 reliably (RFC 3262 §3), and the caller PRACKs it.
TEST(session_rel100, required_by_the_caller) {
  runtime::worker worker;
  party alice{worker, {.user = "alice"}};
  party bob{worker, {.user = "bob", .answer_rel100 = rel100_mode::none}};
  journal a;
  bob.ua.on_invite = [&](session& s) {
    s.progress();
    s.accept();
  };
  session& s = alice.ua.invite(bob.uri("bob"), bob.link.local(), {.rel100 = rel100_mode::required});
  a.attach(s);
  ASSERT_TRUE(worker.run_until([&] { return s.state() == session_state::established; }, 5s));
  EXPECT_EQ(alice.layer.stats().client_started, 2u);  // INVITE and PRACK
}

// Forking: two 2xx with different To tags, the first sent twice. The first wins (accepted
// once) and its retransmission is ACKed again; the second is ACKed and ended with a BYE that
// is the caller's (its From, Call-ID, and the CSeq after the INVITE's). The caller has freed
// its setup state at the first 2xx: both later 2xx are handled from the dialog alone.
struct forker final : txn::server_user {
  int acks = 0, byes = 0;
  std::string contact;
  std::string invite_from, bye_from, bye_call_id;
  std::uint32_t invite_cseq = 0, bye_cseq = 0;
  bool on_request(txn::server_transaction& t, const sip::message& m) override {
    if (m.method() == sip::method::invite) {
      invite_cseq = m.cseq().number;
      invite_from = m.header(sip::header_id::from);
      for (const char* tag : {"fork1", "fork1", "fork2"})
        t.respond(200, txn::build_response(m, 200, "OK",
                                           {.to_tag = tag, .extra_headers = contact}));
      return true;
    }
    if (m.method() == sip::method::invite) {
      t.respond(200, txn::build_response(m, 200, "OK", {.to_tag = "callee", .extra_headers = contact}));
      return true;
    }
    if (m.method() == sip::method::bye) {
      ++byes;
      EXPECT_EQ(m.to().tag(), "fork2");
      bye_from = m.header(sip::header_id::from);
      bye_call_id = m.call_id();
      bye_cseq = m.cseq().number;
      t.respond(200, txn::build_response(m, 200, "OK"));
      return true;
    }
    return false;
  }
  void on_ack(const sip::message&, const net::endpoint&, net::transport&) override { ++acks; }
};

TEST(session_forking, second_2xx_is_acked_and_ended) {
  runtime::worker worker;
  party alice{worker, {.user = "alice"}};
  forker f;
  fake_peer peer(worker, f);
  f.contact = peer.contact("forker");
  journal a;
  session& s = alice.ua.invite("sip:bob@" + peer.link.local().host_port(), peer.link.local());
  a.attach(s);
  ASSERT_TRUE(worker.run_until([&] { return f.acks == 3 && f.byes == 1; }, 5s));
  EXPECT_EQ(a.events, (std::vector<std::string>{"accepted:200"}));
  EXPECT_EQ(s.current_dialog()->remote_tag(), "fork1");
  EXPECT_EQ(f.bye_from, f.invite_from);  // the INVITE's From, tag and all
  EXPECT_EQ(f.bye_call_id, s.call_id());
  EXPECT_EQ(f.bye_cseq, f.invite_cseq + 1);
  EXPECT_EQ(s.state(), session_state::established);  // the fork's BYE is not the call's
}

// Forking with reliable provisionals: two forks each send a reliable 183, the second with a
// lower RSeq than the first. Each is its own early dialog (RFC 3261 §13.2.2.1) with its own
// RSeq space (RFC 3262 §4), so each gets a PRACK inside its dialog (its To tag, its RAck).
// Then fork1's 2xx wins, and the BYE that ends the call counts on from fork1's PRACK.
struct reliable_forker final : txn::server_user {
  std::string contact;
  txn::server_transaction* invite = nullptr;
  std::string ok;
  std::vector<std::string> pracks;  // "to-tag RAck CSeq-number"
  std::uint32_t prack_cseq = 0, bye_cseq = 0;
  std::string bye_tag;
  bool on_request(txn::server_transaction& t, const sip::message& m) override {
    if (m.method() == sip::method::invite) {
      invite = &t;
      const auto reliable = [&](const char* tag, const char* rseq) {
        return txn::build_response(m, 183, "Session Progress",
                                   {.to_tag = tag,
                                    .extra_headers = contact + "Require: 100rel\r\nRSeq: " + rseq + "\r\n"});
      };
      t.respond(183, reliable("fork1", "100"));
      t.respond(183, reliable("fork2", "5"));
      ok = txn::build_response(m, 200, "OK", {.to_tag = "fork1", .extra_headers = contact});
      return true;
    }
    if (m.method() == sip::method::prack) {
      pracks.push_back(std::string(m.to().tag()) + " " + std::string(m.header(sip::header_id::rack)) + " " +
                       std::to_string(m.cseq().number));
      if (m.to().tag() == "fork1") prack_cseq = m.cseq().number;
      t.respond(200, txn::build_response(m, 200, "OK"));
      if (pracks.size() == 2 && invite) {
        invite->respond(200, ok);
        invite = nullptr;
      }
      return true;
    }
    if (m.method() == sip::method::bye) {
      bye_cseq = m.cseq().number;
      bye_tag = std::string(m.to().tag());
      t.respond(200, txn::build_response(m, 200, "OK"));
      return true;
    }
    return false;
  }
  void on_ack(const sip::message&, const net::endpoint&, net::transport&) override {}
};

TEST(session_forking, each_fork_reliable_provisional_is_pracked_in_its_dialog) {
  runtime::worker worker;
  party alice{worker, {.user = "alice"}};
  reliable_forker f;
  fake_peer peer(worker, f);
  f.contact = peer.contact("forker");
  journal a;
  session& s = alice.ua.invite("sip:bob@" + peer.link.local().host_port(), peer.link.local(),
                               {.rel100 = rel100_mode::supported});
  a.attach(s);
  ASSERT_TRUE(worker.run_until([&] { return s.state() == session_state::established; }, 5s));
  ASSERT_EQ(f.pracks.size(), 2u);
  std::sort(f.pracks.begin(), f.pracks.end());
  EXPECT_EQ(f.pracks[0], "fork1 100 1 INVITE 2");
  EXPECT_EQ(f.pracks[1], "fork2 5 1 INVITE 2");
  EXPECT_EQ(std::count(a.events.begin(), a.events.end(), "progress:183"), 2);
  EXPECT_EQ(s.current_dialog()->remote_tag(), "fork1");
  s.bye();
  ASSERT_TRUE(worker.run_until([&] { return f.bye_cseq != 0; }, 5s));
  EXPECT_EQ(f.bye_tag, "fork1");
  EXPECT_GT(f.bye_cseq, f.prack_cseq);  // §12.2.1.1: each request of a dialog counts on
}

}  // namespace
}  // namespace sw::session

namespace sw::session {
namespace {

// sendRequest: a MESSAGE inside the dialog; the answer's status reaches on_request_done.
TEST_F(session_test, send_request_inside_the_dialog) {
  bob_does = [](session& s) { s.accept(); };
  session& s = call();
  run_until([&] { return s.state() == session_state::established; });
  std::string method;
  int status = 0;
  s.on_request_done = [&](session&, std::string_view m, int st) {
    method = std::string(m);
    status = st;
  };
  s.send_request("MESSAGE", {.body = "hello", .content_type = "text/plain"});
  run_until([&] { return status != 0; });
  EXPECT_EQ(method, "MESSAGE");
  EXPECT_EQ(status, 405);  // bob's session does not take MESSAGE: 405 with Allow
}

}  // namespace
}  // namespace sw::session

namespace sw::session {
namespace {

// A registrar (in process) that challenges every request once with 401 and grants a short
// expiry, and challenges BYE too.
struct registrar final : txn::server_user {
  std::string contact;
  int registers = 0, authorized_registers = 0, unregisters = 0, byes = 0, authorized_byes = 0;
  bool on_request(txn::server_transaction& t, const sip::message& m) override {
    const bool authorized = m.find(sip::header_id::authorization) != nullptr;
    const char* challenge = "WWW-Authenticate: Digest realm=\"reg\", nonce=\"n{}\", qop=\"auth\"\r\n";
    if (m.method() == sip::method::register_) {
      ++registers;
      if (!authorized) {
        t.respond(401, txn::build_response(m, 401, "Unauthorized",
                                           {.to_tag = "r", .extra_headers = fmt::format(fmt::runtime(challenge), registers)}));
        return true;
      }
      ++authorized_registers;
      if (m.header(sip::header_id::expires) == "0") ++unregisters;
      t.respond(200, txn::build_response(m, 200, "OK", {.to_tag = "r", .extra_headers = "Expires: 2\r\n"}));
      return true;
    }
    if (m.method() == sip::method::invite) {
      t.respond(200, txn::build_response(m, 200, "OK", {.to_tag = "callee", .extra_headers = contact}));
      return true;
    }
    if (m.method() == sip::method::bye) {
      ++byes;
      if (!authorized) {
        t.respond(401, txn::build_response(m, 401, "Unauthorized", {.extra_headers = fmt::format(fmt::runtime(challenge), 100 + byes)}));
        return true;
      }
      ++authorized_byes;
      t.respond(200, txn::build_response(m, 200, "OK"));
      return true;
    }
    return false;
  }
};

// §10.2.4: the binding is refreshed before the granted expiry (2 s here: at 1 s), each time
// answering the registrar's challenge; unregister sends Expires: 0.
TEST(registration, refreshes_before_expiry_and_unregisters) {
  runtime::worker worker;
  party alice{worker, {.user = "alice", .password = "secret"}};
  registrar r;
  fake_peer peer(worker, r);
  registration reg(alice.ua, {"sip:example.com", "sip:alice@example.com", 3600, peer.link.local()});
  std::vector<std::string> states;
  reg.on_change = [&](registration& x, int) { states.emplace_back(registration_state_name(x.state())); };
  reg.register_binding();
  ASSERT_TRUE(worker.run_until([&] { return r.authorized_registers >= 2; }, 5s));  // registered, then refreshed
  EXPECT_EQ(reg.state(), registration_state::registered);
  EXPECT_EQ(reg.granted_expires(), 2u);
  reg.unregister();
  ASSERT_TRUE(worker.run_until([&] { return reg.state() == registration_state::unregistered; }, 5s));
  EXPECT_EQ(r.unregisters, 1);
  EXPECT_EQ(states.front(), "registering");
  EXPECT_EQ(states.back(), "unregistered");
}

// §22.2: requests inside a dialog can be challenged too; the BYE is answered and retried
// with the next CSeq.
TEST(session_auth, challenged_bye_is_answered) {
  runtime::worker worker;
  party alice{worker, {.user = "alice", .password = "secret"}};
  registrar r;
  fake_peer peer(worker, r);
  r.contact = peer.contact("callee");
  journal a;
  session& s = alice.ua.invite("sip:callee@" + peer.link.local().host_port(), peer.link.local());
  a.attach(s);
  ASSERT_TRUE(worker.run_until([&] { return s.state() == session_state::established; }, 5s));
  s.bye();
  ASSERT_TRUE(worker.run_until([&] { return a.ended(); }, 5s));
  EXPECT_EQ(r.byes, 2);
  EXPECT_EQ(r.authorized_byes, 1);
  EXPECT_EQ(a.events, (std::vector<std::string>{"accepted:200", "bye:sent", "terminated"}));
}

// Regression: once Timer M has freed the INVITE transaction, a re-INVITE's transaction may
// take its address; its 2xx must still be read as the re-INVITE's (found by the session
// benchmark), so hold keeps working long after the call started.
TEST(session_lifetime, hold_after_the_invite_transaction_is_gone) {
  runtime::worker worker;
  party alice{worker, {.user = "alice"}, {.t1 = 10}};
  party bob{worker, {.user = "bob"}, {.t1 = 10}};
  journal a, b;
  session* incoming = nullptr;
  bob.ua.on_invite = accept_into(incoming, b);
  session& s = alice.ua.invite(bob.uri("bob"), bob.link.local());
  a.attach(s);
  ASSERT_TRUE(worker.run_until([&] { return s.state() == session_state::established; }, 5s));
  worker.run_until([] { return false; }, 1500ms);  // Timer M (640 ms) and the sweep (1 s)
  EXPECT_EQ(alice.layer.active_clients(), 0u);
  for (int i = 0; i < 3; ++i) {
    s.hold();
    ASSERT_TRUE(worker.run_until([&] { return std::count(b.events.begin(), b.events.end(), "reinvite:sendonly") == i + 1; }, 5s));
    worker.run_until([] { return false; }, 50ms);
    s.unhold();
    ASSERT_TRUE(worker.run_until([&] { return std::count(b.events.begin(), b.events.end(), "reinvite:sendrecv") == i + 1; }, 5s));
    worker.run_until([] { return false; }, 50ms);
  }
  EXPECT_EQ(s.state(), session_state::established);
}

// INFO with a body we do not understand is 415 with Accept (RFC 6086); application/dtmf
// (RFC 2976's form) is understood like dtmf-relay.
TEST_F(session_test, info_bodies) {
  bob_does = [](session& s) { s.accept(); };
  session& s = call();
  run_until([&] { return s.state() == session_state::established; });
  int status = 0;
  s.on_request_done = [&](session&, std::string_view, int st) { status = st; };
  s.send_request("INFO", {.body = "hello", .content_type = "text/plain"});
  run_until([&] { return status != 0; });
  EXPECT_EQ(status, 415);
  status = 0;
  s.send_request("INFO", {.body = "7", .content_type = "application/dtmf"});
  run_until([&] { return status != 0; });
  EXPECT_EQ(status, 200);
  EXPECT_TRUE(b.has("dtmf:7<"));
}

// §13.3.1.4 for re-INVITEs: the answerer retransmits its 2xx until the ACK comes; once it
// has, nothing more is sent.
TEST(session_reinvite, two_xx_retransmitted_until_ack) {
  runtime::worker worker;
  party alice{worker, {.user = "alice"}, {.t1 = 20}};
  party bob{worker, {.user = "bob"}, {.t1 = 20}};
  journal b;
  session* incoming = nullptr;
  bob.ua.on_invite = accept_into(incoming, b);
  session& s = alice.ua.invite(bob.uri("bob"), bob.link.local());
  ASSERT_TRUE(worker.run_until([&] { return s.state() == session_state::established && incoming &&
                                           incoming->state() == session_state::established; }, 5s));
  s.hold();
  ASSERT_TRUE(worker.run_until([&] { return b.has("reinvite:sendonly"); }, 5s));
  worker.run_until([] { return false; }, 100ms);  // the ACK arrives
  const auto sent = bob.link.stats().sent;
  worker.run_until([] { return false; }, 300ms);  // unacknowledged, the 2xx would go at 20, 60, 140 ms
  EXPECT_EQ(bob.link.stats().sent, sent);
  EXPECT_EQ(incoming->state(), session_state::established);
}

}  // namespace
}  // namespace sw::session
