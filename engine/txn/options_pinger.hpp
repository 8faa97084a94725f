// `sipwright options`: sends OPTIONS like ping sends echo requests — one client transaction
// per probe, `count` of them `interval` apart — and reports each answer with its round trip.
// A probe that meets a transport error or a 503 moves on to the next target of the RFC 3263
// list (§4.3), with a new transaction, before it is reported.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "runtime/worker.hpp"
#include "txn/transaction_layer.hpp"

namespace sw::txn {

struct ping_settings {
  std::string request_uri;                  // "sip:host:port"
  std::vector<transport::endpoint> targets;  // in RFC 3263 order, all reached through one transport
  int count = 1;
  runtime::tick interval = 1000;
};

struct ping_result {
  enum class outcome : unsigned char { answered, timeout, transport_error };
  int sequence = 0;
  outcome kind = outcome::answered;
  int status = 0;
  std::string reason;   // the reason phrase, or what went wrong
  double rtt_ms = 0;
  transport::endpoint from;  // the target that gave this outcome
};

class options_pinger final : public client_user {
 public:
  using report = std::function<void(const ping_result&)>;
  options_pinger(runtime::worker& w, transaction_layer& layer, transport::transport& via, ping_settings settings,
                 report on_result);
  ~options_pinger() override;

  void start();
  bool done() const noexcept { return finished_ == settings_.count; }

  void on_response(client_transaction& t, const sip::message& response) override;
  void on_timeout(client_transaction& t) override;
  void on_transport_error(client_transaction& t, std::error_code ec) override;

 private:
  struct probe {
    int sequence = 0;
    std::size_t target = 0;
    runtime::short_string branch;
    std::chrono::steady_clock::time_point sent_at;
    bool finished = false;
  };
  static void on_interval(void* self, std::uint32_t);
  void send_next();
  void send(probe& p);
  probe* probe_of(const client_transaction& t);
  // Reports the outcome, or tries the next target first when `may_fail_over`.
  void finish(const client_transaction& t, ping_result r, bool may_fail_over);

  runtime::worker& worker_;
  transaction_layer& layer_;
  transport::transport& transport_;
  ping_settings settings_;
  report report_;
  std::string call_id_;
  std::string from_tag_;
  std::uint32_t cseq_ = 0;
  int sent_ = 0;
  int finished_ = 0;
  std::vector<probe> probes_;
  runtime::timer_id interval_timer_;
};

}  // namespace sw::txn
