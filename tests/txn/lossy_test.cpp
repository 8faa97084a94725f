// Transactions through a lossy network: a seeded link drops, duplicates, reorders and delays
// datagrams between two transaction layers on one manual clock. Every transaction must still
// complete through 20% loss in each direction, with the retransmissions counted.
#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <random>

#include "sip/builder.hpp"
#include "txn/transaction_layer.hpp"

namespace sw::txn {
namespace {

namespace net = sw::transport;

struct link_config {
  double drop = 0.2;
  double duplicate = 0.05;
  runtime::tick max_delay = 80;  // uniform delay: reorders whatever is sent close together
};

class lossy_transport final : public net::transport {
 public:
  lossy_transport(runtime::timer_wheel& wheel, std::mt19937_64& rng, link_config cfg, const char* host)
      : wheel_(wheel), rng_(rng), cfg_(cfg), local_(*net::endpoint::from_numeric(host, 5060)) {}

  void connect(lossy_transport& peer) { peer_ = &peer; }
  net::transport_kind kind() const noexcept override { return net::transport_kind::udp; }
  const net::endpoint& local() const noexcept override { return local_; }

  std::error_code send(const net::endpoint&, std::string_view bytes) override {
    std::uniform_real_distribution<double> p(0, 1);
    ++sent;
    if (p(rng_) < cfg_.drop) {
      ++dropped;
      return {};
    }
    const int copies = p(rng_) < cfg_.duplicate ? 2 : 1;
    for (int i = 0; i < copies; ++i) {
      in_flight_.push_back(std::make_unique<packet>(packet{this, std::string(bytes)}));
      wheel_.schedule(rng_() % (cfg_.max_delay + 1), arrive, in_flight_.back().get());
    }
    return {};
  }

  int sent = 0, dropped = 0;

 private:
  struct packet {
    lossy_transport* from;
    std::string bytes;
    bool delivered = false;
  };
  static void arrive(void* p, std::uint32_t) {
    auto* pk = static_cast<packet*>(p);
    pk->from->peer_->receive(pk->bytes, pk->from->local_);
    pk->delivered = true;
  }
  void receive(std::string_view bytes, const net::endpoint& from) {
    const sip::parse_error e = scratch_.parse(bytes);
    ASSERT_FALSE(e) << e.what();
    sink_->on_message(scratch_, from, *this);
  }

  runtime::timer_wheel& wheel_;
  std::mt19937_64& rng_;
  link_config cfg_;
  net::endpoint local_;
  lossy_transport* peer_ = nullptr;
  std::deque<std::unique_ptr<packet>> in_flight_;
  sip::message scratch_;
};

struct counting_user : client_user {
  int finals = 0, timeouts = 0, errors = 0;
  void on_response(client_transaction&, const sip::message& r) override { finals += r.status() >= 200; }
  void on_timeout(client_transaction&) override { ++timeouts; }
  void on_transport_error(client_transaction&, std::error_code) override { ++errors; }
};

std::string options(std::string_view branch, int n) {
  sip::out_buffer out;
  sip::message_builder(out)
      .request_line("OPTIONS", "sip:127.0.0.2")
      .via("UDP", "127.0.0.1:5060", branch)
      .max_forwards(70)
      .header(sip::header_id::from, "<sip:ping@127.0.0.1>;tag={}", n)
      .header(sip::header_id::to, "<sip:127.0.0.2>")
      .header(sip::header_id::call_id, "lossy-{}", n)
      .cseq(1, "OPTIONS")
      .finish();
  return {out.data(), out.size()};
}

struct outcome {
  counting_user user;
  counters client;
  int dropped = 0;
};

outcome run_through(link_config cfg, std::uint64_t seed, int transactions) {
  runtime::timer_wheel wheel{0};
  std::mt19937_64 rng(seed);
  lossy_transport a(wheel, rng, cfg, "127.0.0.1"), b(wheel, rng, cfg, "127.0.0.2");
  a.connect(b);
  b.connect(a);
  transaction_layer client(wheel), server(wheel);
  a.set_sink(&client);
  b.set_sink(&server);  // answers OPTIONS statelessly
  outcome o;
  for (int i = 0; i < transactions; ++i) {
    const std::string branch(client.new_branch());
    client.start_client(a, b.local(), options(branch, i), branch, sip::method::options, o.user);
    wheel.advance(wheel.now() + 10);
  }
  wheel.advance(wheel.now() + 64 * 500 + 5000 + 100);
  o.client = client.stats();
  o.dropped = a.dropped + b.dropped;
  return o;
}

TEST(lossy_network, transactions_complete_through_20_percent_loss) {
  const outcome o = run_through({}, 20261126, 500);
  EXPECT_EQ(o.user.finals, 500);
  EXPECT_EQ(o.user.timeouts, 0);
  EXPECT_GT(o.dropped, 100);  // the loss really happened
  // Every lost request or response costs at least one retransmission.
  EXPECT_GT(o.client.retransmissions, 100u);
  EXPECT_EQ(o.client.client_started, 500u);
}

TEST(lossy_network, the_same_seed_gives_the_same_run) {
  const outcome a = run_through({}, 7, 100), b = run_through({}, 7, 100);
  EXPECT_EQ(a.client.retransmissions, b.client.retransmissions);
  EXPECT_EQ(a.dropped, b.dropped);
}

TEST(lossy_network, a_dead_link_times_out_every_transaction) {
  const outcome o = run_through({.drop = 1.0}, 1, 20);
  EXPECT_EQ(o.user.finals, 0);
  EXPECT_EQ(o.user.timeouts, 20);
  EXPECT_EQ(o.client.timeouts, 20u);
  EXPECT_EQ(o.client.retransmissions, 20u * 10u);  // E at 0.5, 1.5, 3.5, 7.5 ... 31.5 s
}

}  // namespace
}  // namespace sw::txn
