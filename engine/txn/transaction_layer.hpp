// The transaction layer of one worker. It creates client transactions and matches responses
// to them (RFC 3261 §17.1.3: top Via branch, and INVITE or not by the CSeq method); it matches
// requests to server transactions (§17.2.3: branch and sent-by, with the RFC 2543 fallback
// for branches without the magic cookie), creates new ones, matches CANCEL to its INVITE, and
// answers statelessly what the TU leaves — OPTIONS with 200 and Allow, a request inside an
// unknown dialog with 481, a malformed request with the status its parse error names.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/splitmix64.hpp"
#include "runtime/string_table.hpp"
#include "runtime/timer_wheel.hpp"
#include "txn/branch_index.hpp"
#include "transport/transport.hpp"
#include "txn/client_transaction.hpp"
#include "txn/server_transaction.hpp"
#include "txn/timers.hpp"

namespace sw::txn {

class transaction_layer final : public transport::sink {
 public:
  explicit transaction_layer(runtime::timer_wheel& wheel, timer_config timers = {});
  ~transaction_layer() override;

  // A fresh branch: the magic cookie and 64 random bits plus a counter, unique per process.
  runtime::short_string new_branch();

  // Starts a client transaction for `request`, whose top Via carries `branch`: an INVITE
  // client for INVITE, a non-INVITE client for anything else but ACK (which has none). The
  // reference stays valid until the transaction terminates and a sweep frees it.
  client_transaction& start_client(transport::transport& via, const transport::endpoint& to, std::string request,
                                   std::string_view branch, sip::method method, client_user& user);

  void set_server_user(server_user* user) noexcept { server_user_ = user; }
  // The client transaction of `branch` (the INVITE one when `invite`) ends silently.
  void abandon(std::string_view branch, bool invite) noexcept;
  // The client transaction of `branch` (its INVITE or its other one), until it is collected.
  const client_transaction* find_client(std::string_view branch, bool invite) noexcept;

  // Frees terminated transactions. The layer does it when a message arrives and once a
  // second; never call it from inside a transaction callback.
  void collect();

  const counters& stats() const noexcept { return stats_; }
  const timer_config& timers() const noexcept { return timers_; }
  std::size_t active_clients() const noexcept { return clients_.size(); }
  std::size_t active_servers() const noexcept { return servers_.size() + legacy_servers_.size(); }

  // transport::sink
  void on_message(sip::message& m, const transport::endpoint& from, transport::transport& via) override;
  void on_malformed(const sip::message& m, const sip::parse_error& e, const transport::endpoint& from,
                    transport::transport& via) override;
  void on_transport_error(const transport::endpoint& to, std::error_code ec, transport::transport& via) override;

 private:
  // A branch holds at most an INVITE transaction and one other (its CANCEL, or a non-INVITE
  // request): the method, not the branch alone, names the transaction (§17.1.3, §17.2.3).
  template <typename T>
  struct pair {
    std::unique_ptr<T> invite;
    std::unique_ptr<T> other;
  };
  template <typename T>
  static std::string_view branch_key(const pair<T>& p) noexcept {
    return p.invite ? p.invite->branch() : p.other ? p.other->branch() : std::string_view();
  }
  static std::string_view legacy_key_of(const pair<server_transaction>& p) noexcept;
  template <typename T>
  using table = runtime::string_table<pair<T>, std::string_view (*)(const pair<T>&) noexcept>;
  template <typename T>
  using index = branch_index<pair<T>, std::string_view (*)(const pair<T>&) noexcept>;

  void on_response(const sip::message& m);
  void on_request(sip::message& m, const transport::endpoint& from, transport::transport& via);
  pair<server_transaction>* find_server(const sip::message& m, std::string& legacy_key);
  void on_cancel(const sip::message& m, pair<server_transaction>* entry, server_transaction& cancel);
  void fallback(server_transaction& t, const sip::message& m);
  // A response to `request`; `cseq_method` replaces the CSeq method (the 487 an INVITE gets
  // when its CANCEL arrives is built from the CANCEL, whose Via, From, To, Call-ID and CSeq
  // number are the INVITE's, §9.1).
  std::string response_for(const sip::message& request, int status, std::string_view reason,
                           std::string_view extra = {}, std::string_view cseq_method = {});
  void answer_statelessly(const sip::message& request, int status, std::string_view reason,
                          const transport::endpoint& from, transport::transport& via);
  static void sweep(void* self, std::uint32_t);
  template <typename Table>
  static void forget(Table& t, std::string_view key, const transaction* which);
  template <typename Table>
  static void collect_peer(Table& t, const transport::endpoint& to, std::vector<transaction*>& hit);

  runtime::timer_wheel& wheel_;
  timer_config timers_;
  counters stats_;
  std::vector<transaction*> finished_;  // declared before the tables: it outlives them
  context ctx_;
  server_user* server_user_ = nullptr;
  index<client_transaction> clients_;  // our branches: by their sequence numbers
  // The peers' branches: those of another sipwright (the far end of a load test, or its
  // source) by their sequence numbers too, any other in the hash table beside them.
  index<server_transaction> servers_;
  table<server_transaction> legacy_servers_;  // RFC 2543 requests, keyed by their fields
  runtime::splitmix64 random_;
  std::uint64_t sequence_ = 0;
  runtime::timer_id sweep_timer_;
};

}  // namespace sw::txn
