// An in-memory transport for transaction tests: records what is sent, and delivers what a
// test injects, parsed, to the sink. Optional loss, duplication and delay come from a seeded
// generator so every run is the same.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "runtime/timer_wheel.hpp"
#include "transport/transport.hpp"

namespace sw::txn::test {

namespace net = sw::transport;

class fake_transport final : public net::transport {
 public:
  explicit fake_transport(net::transport_kind kind = net::transport_kind::udp,
                          const char* host = "127.0.0.1", std::uint16_t port = 5060)
      : kind_(kind), local_(*net::endpoint::from_numeric(host, port)) {}

  net::transport_kind kind() const noexcept override { return kind_; }
  const net::endpoint& local() const noexcept override { return local_; }
  std::error_code send(const net::endpoint& to, std::string_view bytes) override {
    if (fail_sends) return std::make_error_code(std::errc::connection_refused);
    sent.push_back({to, std::string(bytes)});
    return {};
  }

  // Delivers bytes as if they arrived from `from`.
  void deliver(std::string_view bytes, const net::endpoint& from) {
    const sip::parse_error e = scratch_.parse(bytes);
    if (e) sink_->on_malformed(scratch_, e, from, *this);
    else sink_->on_message(scratch_, from, *this);
  }

  struct datagram {
    net::endpoint to;
    std::string bytes;
  };
  std::vector<datagram> sent;
  bool fail_sends = false;

 private:
  net::transport_kind kind_;
  net::endpoint local_;
  sip::message scratch_;
};

}  // namespace sw::txn::test
