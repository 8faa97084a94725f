// UDP on loopback with real sockets: batched send (many datagrams of one handler leave in
// few sendmmsg calls) and receive, and workers sharing one port through SO_REUSEPORT.
#include "transport/udp_transport.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

#include "runtime/worker_pool.hpp"

namespace sw::transport {
namespace {

using namespace std::chrono_literals;

struct counting_sink final : sink {
  std::atomic<int> messages{0}, malformed{0}, errors{0};
  void on_message(sip::message&, const endpoint&, transport&) override { ++messages; }
  void on_malformed(const sip::message&, const sip::parse_error&, const endpoint&, transport&) override { ++malformed; }
  void on_transport_error(const endpoint&, std::error_code, transport&) override { ++errors; }
};

const std::string k_options =
    "OPTIONS sip:a@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKu1\r\nFrom: <sip:x@y>;tag=1\r\n"
    "To: <sip:a@b>\r\nCall-ID: u1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";

// Endpoints are equal when family, address and port all are, for IPv4 (compared as two
// words) and IPv6 alike.
TEST(endpoint, equal_only_when_address_and_port_are) {
  const auto a = *endpoint::from_numeric("127.0.0.1", 5060);
  EXPECT_TRUE(a == *endpoint::from_numeric("127.0.0.1", 5060));
  EXPECT_FALSE(a == *endpoint::from_numeric("127.0.0.1", 5061));
  EXPECT_FALSE(a == *endpoint::from_numeric("127.0.0.2", 5060));
  EXPECT_FALSE(a == *endpoint::from_numeric("::ffff:127.0.0.1", 5060));
  const auto b = *endpoint::from_numeric("::1", 5060);
  EXPECT_TRUE(b == *endpoint::from_numeric("::1", 5060));
  EXPECT_FALSE(b == *endpoint::from_numeric("::1", 5062));
  EXPECT_FALSE(b == *endpoint::from_numeric("::2", 5060));
  EXPECT_FALSE(a == endpoint{});
  EXPECT_TRUE(endpoint{} == endpoint{});
}

TEST(udp_transport, sends_in_batches_and_receives_them_all) {
  runtime::worker w;
  const auto loopback = *endpoint::from_numeric("127.0.0.1", 0);
  udp_transport a(w, loopback), b(w, loopback);
  counting_sink sa, sb;
  a.set_sink(&sa);
  b.set_sink(&sb);
  a.start();
  b.start();
  for (int i = 0; i < 100; ++i) ASSERT_FALSE(a.send(b.local(), k_options));
  ASSERT_TRUE(w.run_until([&] { return sb.messages == 100; }, 5s));
  EXPECT_EQ(a.stats().sent, 100u);
  EXPECT_LE(a.stats().send_batches, 8u);  // 100 datagrams, batches of up to 32
  EXPECT_EQ(b.stats().received, 100u);
}

TEST(udp_transport, malformed_datagrams_are_counted_and_reported) {
  runtime::worker w;
  const auto loopback = *endpoint::from_numeric("127.0.0.1", 0);
  udp_transport a(w, loopback), b(w, loopback);
  counting_sink sb;
  b.set_sink(&sb);
  b.start();
  ASSERT_FALSE(a.send(b.local(), "this is not SIP\r\n\r\n"));
  ASSERT_TRUE(w.run_until([&] { return sb.malformed == 1; }, 5s));
  EXPECT_EQ(b.stats().malformed, 1u);
}

TEST(udp_transport, oversized_datagram_is_refused_at_once) {
  runtime::worker w;
  udp_transport a(w, *endpoint::from_numeric("127.0.0.1", 0));
  EXPECT_EQ(a.send(a.local(), std::string(70000, 'x')), std::errc::message_size);
}

TEST(udp_transport, binding_a_used_port_throws) {
  runtime::worker w;
  udp_transport a(w, *endpoint::from_numeric("127.0.0.1", 0));
  EXPECT_THROW(udp_transport(w, a.local()), std::system_error);
}

// --threads N: each worker has its own socket on the same port (SO_REUSEPORT), and the
// kernel spreads peers over them.
TEST(udp_transport, workers_share_a_port_with_reuseport) {
  runtime::worker_pool pool(2);
  const auto any_port = *endpoint::from_numeric("127.0.0.1", 0);
  udp_transport first(pool.at(0), any_port, true);
  udp_transport second(pool.at(1), first.local(), true);
  EXPECT_EQ(second.local().port(), first.local().port());
  counting_sink s0, s1;
  first.set_sink(&s0);
  second.set_sink(&s1);
  first.start();
  second.start();
  pool.start();
  // Many senders (distinct source ports) so the kernel's hash reaches both sockets.
  runtime::worker client;
  std::vector<std::unique_ptr<udp_transport>> senders;
  for (int i = 0; i < 32; ++i) {
    senders.push_back(std::make_unique<udp_transport>(client, any_port));
    senders.back()->send(first.local(), k_options);
    senders.back()->flush();
  }
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (s0.messages + s1.messages < 32 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
  pool.stop();
  EXPECT_EQ(s0.messages + s1.messages, 32);
  EXPECT_GT(s0.messages, 0);
  EXPECT_GT(s1.messages, 0);
}

}  // namespace
}  // namespace sw::transport

namespace sw::transport {
namespace {

TEST(udp_transport, ipv6_loopback) {
  runtime::worker w;
  const auto v6 = endpoint::from_numeric("::1", 0);
  ASSERT_TRUE(v6);
  udp_transport a(w, *v6), b(w, *v6);
  EXPECT_TRUE(b.local().is_v6());
  EXPECT_TRUE(b.local().host_port().starts_with("[::1]:"));
  counting_sink sb;
  b.set_sink(&sb);
  b.start();
  ASSERT_FALSE(a.send(b.local(), k_options));
  ASSERT_TRUE(w.run_until([&] { return sb.messages == 1; }, 5s));
}

}  // namespace
}  // namespace sw::transport
