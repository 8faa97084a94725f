// TCP on loopback with real sockets: connection reuse, framing across segments, RFC 5626
// keep-alives, garbage closing the connection, and a refused connect reaching the
// transaction that waited on it.
#include "transport/tcp_transport.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "runtime/worker.hpp"
#include "sip/builder.hpp"
#include "txn/transaction_layer.hpp"

namespace sw::transport {
namespace {

using namespace std::chrono_literals;

std::string options(std::string_view branch, const endpoint& from) {
  sip::out_buffer out;
  sip::message_builder(out)
      .request_line("OPTIONS", "sip:127.0.0.1")
      .via("TCP", from.host_port(), branch)
      .max_forwards(70)
      .header(sip::header_id::from, "<sip:a@127.0.0.1>;tag=1")
      .header(sip::header_id::to, "<sip:b@127.0.0.1>")
      .header(sip::header_id::call_id, "tcp-test")
      .cseq(1, "OPTIONS")
      .finish();
  return {out.data(), out.size()};
}

struct results : txn::client_user {
  int finals = 0, errors = 0, timeouts = 0;
  std::error_code last_error;
  void on_response(txn::client_transaction&, const sip::message& r) override { finals += r.status() >= 200; }
  void on_timeout(txn::client_transaction&) override { ++timeouts; }
  void on_transport_error(txn::client_transaction&, std::error_code ec) override {
    ++errors;
    last_error = ec;
  }
};

// A plain blocking client socket for poking the server by hand.
struct raw_client {
  int fd = -1;
  explicit raw_client(const endpoint& to) {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    EXPECT_EQ(::connect(fd, to.address(), to.size), 0);
  }
  ~raw_client() { ::close(fd); }
  void write(std::string_view s) { ASSERT_EQ(::send(fd, s.data(), s.size(), 0), static_cast<ssize_t>(s.size())); }
  // What has arrived so far; "" with eof set when the server closed.
  std::string read_available(bool& eof) {
    std::string out;
    char buf[4096];
    for (;;) {
      const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
      if (n > 0) out.append(buf, static_cast<std::size_t>(n));
      if (n == 0) eof = true;
      if (n <= 0) return out;
    }
  }
};

struct tcp_fixture : ::testing::Test {
  runtime::worker worker;
  endpoint any = *endpoint::from_numeric("127.0.0.1", 0);
  tcp_transport a{worker, any}, b{worker, any};
  txn::transaction_layer layer_a{worker.timers()}, layer_b{worker.timers()};
  results r;

  void SetUp() override {
    a.set_sink(&layer_a);
    b.set_sink(&layer_b);
    a.start();
    b.start();
  }
  void run_until(const std::function<bool()>& done) { ASSERT_TRUE(worker.run_until(done, 5s)); }
};

TEST_F(tcp_fixture, one_connection_carries_requests_and_answers) {
  for (int i = 0; i < 3; ++i) {
    const std::string branch(layer_a.new_branch());
    layer_a.start_client(a, b.local(), options(branch, a.local()), branch, sip::method::options, r);
  }
  run_until([&] { return r.finals == 3; });
  EXPECT_EQ(a.stats().connected, 1u);   // opened once, reused
  EXPECT_EQ(b.stats().accepted, 1u);
  EXPECT_EQ(b.stats().connected, 0u);   // answers went back on the accepted connection
  EXPECT_EQ(layer_a.stats().retransmissions, 0u);  // no Timer E on a reliable transport
}

TEST_F(tcp_fixture, framing_across_segments) {
  raw_client c(b.local());
  const std::string req = options("z9hG4bKseg", *endpoint::from_numeric("127.0.0.1", 5060));
  std::string got;
  bool eof = false;
  for (std::size_t at = 0; at < req.size(); at += 97) {
    c.write(std::string_view(req).substr(at, 97));
    worker.run_until([] { return false; }, 10ms);
  }
  run_until([&] {
    got += c.read_available(eof);
    return got.find("\r\n\r\n") != std::string::npos;
  });
  sip::message m;
  ASSERT_FALSE(m.parse(got, {.stream = true}));
  EXPECT_EQ(m.status(), 200);
  EXPECT_EQ(m.top_via().branch, "z9hG4bKseg");
}

// RFC 5626 §4.4.1: a CRLFCRLF ping is answered with a CRLF pong.
TEST_F(tcp_fixture, keepalive_ping_gets_a_pong) {
  raw_client c(b.local());
  c.write("\r\n\r\n");
  std::string got;
  bool eof = false;
  run_until([&] {
    got += c.read_available(eof);
    return !got.empty();
  });
  EXPECT_EQ(got, "\r\n");
  EXPECT_EQ(b.stats().keepalives, 1u);
}

// Garbage cannot be resynchronized: counted, and the connection is closed.
TEST_F(tcp_fixture, garbage_closes_the_connection) {
  raw_client c(b.local());
  c.write("OPTIONS sip:x SIP/2.0\r\nContent-Length: -1\r\n\r\n");
  bool eof = false;
  run_until([&] {
    c.read_available(eof);
    return eof;
  });
  EXPECT_EQ(b.stats().malformed, 1u);
  EXPECT_EQ(layer_b.stats().malformed, 1u);
}

// §17.1.4: a refused connect ends the transaction with a transport error, at once.
TEST_F(tcp_fixture, refused_connect_reaches_the_transaction) {
  endpoint closed = b.local();
  b.close();
  const std::string branch(layer_a.new_branch());
  layer_a.start_client(a, closed, options(branch, a.local()), branch, sip::method::options, r);
  run_until([&] { return r.errors == 1; });
  EXPECT_EQ(r.timeouts, 0);
  EXPECT_EQ(a.stats().connect_failures, 1u);
  EXPECT_EQ(r.last_error, std::errc::connection_refused);
}

}  // namespace
}  // namespace sw::transport

namespace sw::transport {
namespace {

TEST(tcp_transport, ipv6_loopback) {
  runtime::worker worker;
  const auto v6 = *endpoint::from_numeric("[::1]", 0);
  tcp_transport a{worker, v6}, b{worker, v6};
  txn::transaction_layer layer_a{worker.timers()}, layer_b{worker.timers()};
  a.set_sink(&layer_a);
  b.set_sink(&layer_b);
  a.start();
  b.start();
  results r;
  const std::string branch(layer_a.new_branch());
  layer_a.start_client(a, b.local(), options(branch, a.local()), branch, sip::method::options, r);
  ASSERT_TRUE(worker.run_until([&] { return r.finals == 1; }, 5s));
}

}  // namespace
}  // namespace sw::transport
