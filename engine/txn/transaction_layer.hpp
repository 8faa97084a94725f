// The transaction layer of one worker: creates client transactions, matches responses to
// them (RFC 3261 §17.1.3: top Via branch and CSeq method), and answers statelessly what
// nothing above claims — OPTIONS with 200 and Allow, a request inside an unknown dialog with
// 481, a malformed request with the status its parse error names.
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>

#include "runtime/timer_wheel.hpp"
#include "transport/transport.hpp"
#include "txn/client_transaction.hpp"
#include "txn/timers.hpp"

namespace sw::txn {

class request_handler {
 public:
  virtual ~request_handler() = default;
  // True when the request was taken; false leaves it to the stateless fallback.
  virtual bool on_request(sip::message& request, const transport::endpoint& from, transport::transport& via) = 0;
};

class transaction_layer final : public transport::sink {
 public:
  transaction_layer(runtime::timer_wheel& wheel, timer_config timers = {});
  ~transaction_layer() override;

  // A fresh branch: the magic cookie and 64 random bits plus a counter, unique per process.
  std::string new_branch();

  // Starts a client transaction for `request` (whose top Via carries `branch`). The reference
  // stays valid until the transaction terminates and collect() runs.
  client_transaction& start_client(transport::transport& via, const transport::endpoint& to, std::string request,
                                   std::string branch, std::string_view method, client_user& user);

  void set_request_handler(request_handler* handler) noexcept { handler_ = handler; }
  // Frees terminated transactions; safe to call any time outside a transaction callback.
  void collect();

  const counters& stats() const noexcept { return stats_; }
  const timer_config& timers() const noexcept { return timers_; }
  std::size_t active() const noexcept { return clients_.size(); }

  // transport::sink
  void on_message(sip::message& m, const transport::endpoint& from, transport::transport& via) override;
  void on_malformed(const sip::message& m, const sip::parse_error& e, const transport::endpoint& from,
                    transport::transport& via) override;
  void on_transport_error(const transport::endpoint& to, std::error_code ec, transport::transport& via) override;

 private:
  void answer_statelessly(const sip::message& request, int status, std::string_view reason,
                          const transport::endpoint& from, transport::transport& via, std::string_view extra = {});
  static std::string key(std::string_view branch, std::string_view method);

  runtime::timer_wheel& wheel_;
  timer_config timers_;
  counters stats_;
  request_handler* handler_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<client_transaction>> clients_;
  std::mt19937_64 random_;
  std::uint64_t sequence_ = 0;
};

}  // namespace sw::txn
