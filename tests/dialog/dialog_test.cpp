// RFC 3261 §12 dialogs from both sides: identity, route sets (reversed for the UAC), remote
// target refresh, CSeq order, and requests built with loose and strict routing.
#include "dialog/dialog.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sw::dialog {
namespace {

sip::message parsed(const std::string& text) {
  sip::message m;
  const sip::parse_error e = m.parse(text);
  EXPECT_FALSE(e) << e.what() << " at " << e.offset << "\n" << text;
  return m;
}

const std::string k_invite =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK74bf9\r\n"
    "Max-Forwards: 70\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
    "To: Bob <sip:bob@biloxi.example.com>\r\n"
    "Call-ID: 3848276298220188511@atlanta.example.com\r\n"
    "CSeq: 2 INVITE\r\n"
    "Contact: <sip:alice@client.atlanta.example.com;transport=udp>\r\n"
    "Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n"
    "Content-Length: 0\r\n\r\n";

const std::string k_ok =
    "SIP/2.0 200 OK\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK74bf9\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
    "To: Bob <sip:bob@biloxi.example.com>;tag=8321234356\r\n"
    "Call-ID: 3848276298220188511@atlanta.example.com\r\n"
    "CSeq: 2 INVITE\r\n"
    "Contact: <sip:bob@client.biloxi.example.com>\r\n"
    "Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n"
    "Content-Length: 0\r\n\r\n";

const request_options k_udp{.branch = "z9hG4bKnew", .via_sent_by = "client.atlanta.example.com:5060", .transport = "UDP"};

TEST(dialog, uac_side_from_the_2xx) {
  const auto d = dialog::from_uac(parsed(k_invite), parsed(k_ok));
  EXPECT_EQ(d.state(), dialog_state::confirmed);
  EXPECT_TRUE(d.is_uac());
  EXPECT_EQ(d.call_id(), "3848276298220188511@atlanta.example.com");
  EXPECT_EQ(d.local_tag(), "9fxced76sl");
  EXPECT_EQ(d.remote_tag(), "8321234356");
  EXPECT_EQ(d.remote_target(), "sip:bob@client.biloxi.example.com");
  // §12.1.2: the Record-Route of the response, reversed.
  EXPECT_EQ(d.route_set(), "<sip:p2.example.com;lr>, <sip:p1.example.com;lr>");
  EXPECT_EQ(d.local_cseq(), 2u);
  EXPECT_EQ(d.next_hop_uri(), "sip:p2.example.com;lr");
  EXPECT_TRUE(d.matches(parsed(k_ok)));
}

TEST(dialog, uas_side_from_the_request) {
  const auto d = dialog::from_uas(parsed(k_invite), "uas-tag", "<sip:bob@192.0.2.4>");
  EXPECT_FALSE(d.is_uac());
  EXPECT_EQ(d.local_tag(), "uas-tag");
  EXPECT_EQ(d.remote_tag(), "9fxced76sl");
  EXPECT_EQ(d.local_uri(), "Bob <sip:bob@biloxi.example.com>;tag=uas-tag");
  EXPECT_EQ(d.remote_target(), "sip:alice@client.atlanta.example.com;transport=udp");
  EXPECT_EQ(d.route_set(), "<sip:p1.example.com;lr>, <sip:p2.example.com;lr>");  // in order
  EXPECT_EQ(d.remote_cseq(), 2u);
  EXPECT_EQ(d.state(), dialog_state::early);
}

// §12.2.1.1 with a loose router: the Request-URI is the remote target; Route is the set.
TEST(dialog, bye_through_loose_routers) {
  auto d = dialog::from_uac(parsed(k_invite), parsed(k_ok));
  std::string bye;
  EXPECT_EQ(d.build_request("BYE", k_udp, bye), 3u);
  const auto m = parsed(bye);
  EXPECT_EQ(m.method(), sip::method::bye);
  EXPECT_EQ(m.request_uri_text(), "sip:bob@client.biloxi.example.com");
  EXPECT_EQ(m.header(sip::header_id::route), "<sip:p2.example.com;lr>, <sip:p1.example.com;lr>");
  EXPECT_EQ(m.from().tag(), "9fxced76sl");
  EXPECT_EQ(m.to().tag(), "8321234356");
  EXPECT_EQ(m.cseq().number, 3u);
  EXPECT_EQ(m.top_via().branch, "z9hG4bKnew");
  EXPECT_EQ(m.find(sip::header_id::contact), nullptr);  // not for BYE
}

// §12.2.1.1 with a strict router: its URI becomes the Request-URI and the remote target goes
// last in Route.
TEST(dialog, strict_router_first) {
  std::string ok = k_ok;
  ok.replace(ok.find("Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>"), 62,
             "Record-Route: <sip:p1.example.com;lr>, <sip:strict.example.com>");
  auto d = dialog::from_uac(parsed(k_invite), parsed(ok));
  std::string info;
  d.build_request("INFO", k_udp, info);
  const auto m = parsed(info);
  EXPECT_EQ(m.request_uri_text(), "sip:strict.example.com");
  EXPECT_EQ(m.header(sip::header_id::route), "<sip:p1.example.com;lr>, <sip:bob@client.biloxi.example.com>");
}

// ACK for a 2xx carries the INVITE's CSeq number; the counter does not move.
TEST(dialog, ack_uses_the_invite_cseq) {
  auto d = dialog::from_uac(parsed(k_invite), parsed(k_ok));
  std::string ack;
  request_options o = k_udp;
  o.cseq = 2;
  EXPECT_EQ(d.build_request("ACK", o, ack), 2u);
  EXPECT_EQ(parsed(ack).cseq().method, "ACK");
  EXPECT_EQ(d.local_cseq(), 2u);
}

// §12.2.2: out-of-order requests get 500; a re-INVITE refreshes the remote target.
TEST(dialog, remote_cseq_order_and_target_refresh) {
  auto d = dialog::from_uas(parsed(k_invite), "uas-tag", "<sip:bob@192.0.2.4>");
  std::string reinvite = k_invite;
  reinvite.replace(reinvite.find("To: Bob <sip:bob@biloxi.example.com>"), 36, "To: Bob <sip:bob@biloxi.example.com>;tag=uas-tag");
  reinvite.replace(reinvite.find("CSeq: 2 INVITE"), 14, "CSeq: 3 INVITE");
  reinvite.replace(reinvite.find("client.atlanta.example.com;transport=udp"), 40, "moved.atlanta.example.com");
  const auto m = parsed(reinvite);
  EXPECT_TRUE(d.matches(m));
  EXPECT_EQ(d.on_request(m), 0);
  EXPECT_EQ(d.remote_target(), "sip:alice@moved.atlanta.example.com");
  EXPECT_EQ(d.on_request(parsed(k_invite)), 500);  // CSeq 2 after 3
}

TEST(dialog, matching_needs_call_id_and_both_tags) {
  const auto d = dialog::from_uac(parsed(k_invite), parsed(k_ok));
  std::string other = k_ok;
  other.replace(other.find("tag=8321234356"), 14, "tag=someoneels");
  EXPECT_FALSE(d.matches(parsed(other)));  // another fork
}

// An established dialog is a few hundred bytes (issue 4 budget: 1 KB per idle session).
TEST(dialog, footprint_is_small) {
  const auto d = dialog::from_uac(parsed(k_invite), parsed(k_ok));
  EXPECT_LT(d.footprint(), 700u);
}

// Each side keeps its strings in one block reserved up front: the block is what the strings
// need (plus a little slack), not a doubling after a reservation that fell short.
TEST(dialog, strings_fit_the_one_reservation) {
  const auto kept = [](const dialog& d) {
    return d.call_id().size() + d.local_tag().size() + d.remote_tag().size() + d.local_uri().size() +
           d.remote_uri().size() + d.remote_target().size() + d.local_contact().size() + d.route_set().size();
  };
  const auto uas = dialog::from_uas(parsed(k_invite), "a-fifteen-chars", "<sip:bob@192.0.2.4>");
  EXPECT_LE(uas.footprint() - sizeof(dialog), kept(uas) + 64) << kept(uas);
  const auto uac = dialog::from_uac(parsed(k_invite), parsed(k_ok));
  EXPECT_LE(uac.footprint() - sizeof(dialog), kept(uac) + 128) << kept(uac);
  // The tags are not stored twice: each is a place inside the From or To kept beside it, and
  // the reservation is what the distinct strings need (a std::string may round up by 15).
  const auto within = [](std::string_view whole, std::string_view part) {
    return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
  };
  const auto distinct = [](const dialog& d) {
    return d.call_id().size() + d.local_uri().size() + d.remote_uri().size() + d.remote_target().size() +
           d.local_contact().size() + d.route_set().size();
  };
  // Record-Route values a line separates by a bare ',' are rejoined with ", ": counted too.
  std::string bare = k_invite;
  bare.replace(bare.find("<sip:p1.example.com;lr>, <sip:p2.example.com;lr>"), 48,
               "<sip:p1.example.com;lr>,<sip:p2.example.com;lr>,<sip:p3.example.com;lr>,<sip:p4.example.com;lr>");
  const auto routed = dialog::from_uas(parsed(bare), "a-fifteen-chars", "<sip:bob@192.0.2.4>");
  EXPECT_EQ(routed.route_set(),
            "<sip:p1.example.com;lr>, <sip:p2.example.com;lr>, <sip:p3.example.com;lr>, <sip:p4.example.com;lr>");
  for (const dialog* d : {&uas, &uac, &routed}) {
    EXPECT_TRUE(within(d->local_uri(), d->local_tag()));
    EXPECT_TRUE(within(d->remote_uri(), d->remote_tag()));
    EXPECT_FALSE(d->local_tag().empty());
    EXPECT_FALSE(d->remote_tag().empty());
    EXPECT_LE(d->footprint() - sizeof(dialog), distinct(*d) + 15) << distinct(*d);
  }
}

}  // namespace
}  // namespace sw::dialog
