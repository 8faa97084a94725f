#include "txn/transaction_layer.hpp"

#include <charconv>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "sip/builder.hpp"
#include "sip/chars.hpp"
#include "txn/derived_requests.hpp"
#include "txn/invite_client.hpp"
#include "txn/invite_server.hpp"

namespace sw::txn {

namespace {
constexpr std::string_view k_allow = "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, REFER, NOTIFY, PRACK, UPDATE";
constexpr runtime::tick k_sweep_interval = 1000;

// ":port" of a Via's sent-by, or nothing when it has none.
std::string_view port_text(const sip::via& v, char (&buffer)[8]) {
  if (!v.has_port) return {};
  buffer[0] = ':';
  return {buffer, static_cast<std::size_t>(std::to_chars(buffer + 1, buffer + sizeof buffer, v.port).ptr - buffer)};
}

// "host:port" of a Via's sent-by, as the server transaction keeps it; no allocation.
bool same_sent_by(const sip::via& v, std::string_view kept) {
  char buffer[8];
  const std::string_view port = port_text(v, buffer);
  return kept.size() == v.host.size() + port.size() && kept.starts_with(v.host) && kept.ends_with(port);
}

// The TU when none is set: takes nothing, so the fallback answers.
struct nobody_user final : server_user {
  bool on_request(server_transaction&, const sip::message&) override { return false; }
} nobody;

std::string sent_by_of(const sip::via& v) {
  char buffer[8];
  std::string s(v.host);
  s.append(port_text(v, buffer));
  return s;
}
}  // namespace

transaction_layer::transaction_layer(runtime::timer_wheel& wheel, timer_config timers)
    : wheel_(wheel), timers_(timers), ctx_{wheel_, timers_, stats_, finished_}, clients_(branch_key<client_transaction>),
      servers_(branch_key<server_transaction>), legacy_servers_(legacy_key_of), random_(runtime::splitmix64::from_device()) {
  sweep_timer_ = wheel_.schedule(k_sweep_interval, sweep, this);
}

transaction_layer::~transaction_layer() { wheel_.cancel(sweep_timer_); }

std::string_view transaction_layer::legacy_key_of(const pair<server_transaction>& p) noexcept {
  return p.invite ? p.invite->legacy_key() : p.other ? p.other->legacy_key() : std::string_view();
}

void transaction_layer::sweep(void* self, std::uint32_t) {
  auto* layer = static_cast<transaction_layer*>(self);
  layer->collect();
  layer->sweep_timer_ = layer->wheel_.schedule(k_sweep_interval, sweep, layer);
}

runtime::short_string transaction_layer::new_branch() {
  // magic cookie, 64 random bits, and a counter that keeps branches unique even if two random
  // draws collide (and places the client transaction in clients_, branch_index.hpp): about
  // 30 bytes, inside a short_string.
  char b[64];
  std::size_t n = sip::magic_cookie.copy(b, sip::magic_cookie.size());
  sip::lex::write_hex(b + n, random_(), k_branch_random_digits);  // branch_index.hpp reads this shape
  n += k_branch_random_digits;
  b[n++] = '.';
  n = static_cast<std::size_t>(std::to_chars(b + n, b + sizeof b, ++sequence_).ptr - b);
  return runtime::short_string(std::string_view(b, n));
}

client_transaction& transaction_layer::start_client(transport::transport& via, const transport::endpoint& to,
                                                    std::string request, std::string_view branch, sip::method method,
                                                    client_user& user) {
  // Made before its table entry, so that the entry is never left empty.
  std::unique_ptr<client_transaction> made;
  if (method == sip::method::invite)
    made = std::make_unique<invite_client>(ctx_, via, to, std::move(request), branch, user);
  else
    made = std::make_unique<non_invite_client>(ctx_, via, to, std::move(request), branch, method, user);
  client_transaction& t = *made;
  auto& entry = clients_.find_or_insert(t.branch());
  (method == sip::method::invite ? entry.invite : entry.other) = std::move(made);
  t.start();
  return t;
}

template <typename Table>
void transaction_layer::forget(Table& t, std::string_view key, const transaction* which) {
  auto* p = t.find(key);
  if (!p) return;
  // `key` may live in `which`: nothing below reads it once `which` is freed.
  if (p->invite.get() == which) p->invite.reset();
  else if (p->other.get() == which) p->other.reset();
  if (!p->invite && !p->other) t.erase(p);
}

const client_transaction* transaction_layer::find_client(std::string_view branch, bool invite) noexcept {
  const auto* p = clients_.find(branch);
  if (!p) return nullptr;
  return invite ? p->invite.get() : p->other.get();
}

void transaction_layer::abandon(std::string_view branch, bool invite) noexcept {
  auto* p = clients_.find(branch);
  if (!p) return;
  client_transaction* t = invite ? p->invite.get() : p->other.get();
  if (t && !t->terminated()) t->abandon();
}

void transaction_layer::collect() {
  // Only what terminated since the last sweep is looked at. The list is taken first, so the
  // destructors that run below find nothing of theirs left in it.
  std::vector<transaction*> done;
  done.swap(finished_);
  for (transaction* t : done) {
    if (t->is_client()) {
      forget(clients_, t->branch(), t);
    } else {
      const auto& legacy = static_cast<server_transaction*>(t)->legacy_key();
      if (legacy.empty()) forget(servers_, t->branch(), t);
      else forget(legacy_servers_, legacy, t);
    }
  }
  done.clear();
  if (finished_.empty()) finished_.swap(done);  // keep the capacity for the next sweep
}

void transaction_layer::on_message(sip::message& m, const transport::endpoint& from, transport::transport& via) {
  collect();
  if (m.is_request()) on_request(m, from, via);
  else on_response(m);
}

void transaction_layer::on_response(const sip::message& m) {
  // §17.1.3: the top Via branch, and the CSeq method (INVITE or not, since a CANCEL shares
  // its INVITE's branch).
  auto* p = clients_.find(m.top_via().branch);
  client_transaction* t = nullptr;
  if (p) {
    const bool invite = m.cseq().method == "INVITE";
    t = invite ? p->invite.get() : p->other.get();
    if (t && !invite && sip::method_name(t->method()) != m.cseq().method && t->method() != sip::method::unknown)
      t = nullptr;
  }
  if (!t) {
    ++stats_.stray_responses;  // §18.1.2: a response matching nothing is discarded
    return;
  }
  t->on_response(m);
}

transaction_layer::pair<server_transaction>* transaction_layer::find_server(const sip::message& m,
                                                                            std::string& legacy_key) {
  const sip::via& v = m.top_via();
  if (v.rfc3261_branch()) {
    auto* p = servers_.find(v.branch);
    const server_transaction* first = !p ? nullptr : p->invite ? p->invite.get() : p->other.get();
    // The sent-by is part of the match (§17.2.3). The rare request whose branch is taken by a
    // live transaction of another sent-by lives in the second table, keyed by both; it is
    // looked for there even once the first has ended, so its retransmissions stay its own.
    if (first && same_sent_by(v, first->sent_by())) return p;
    const bool taken = first && !first->terminated();
    if (!taken && legacy_servers_.empty()) return p;
    legacy_key = fmt::format("{}|{}", v.branch, sent_by_of(v));
    if (auto* q = legacy_servers_.find(legacy_key)) return q;
    if (taken) return nullptr;  // a new transaction, in the second table
    legacy_key.clear();
    return p;
  }
  // §17.2.3, RFC 2543 compatibility: Request-URI, From tag, Call-ID, CSeq number and the top
  // Via identify the transaction (an ACK carries its INVITE's values).
  std::string_view top_via;
  sip::comma_cursor(m.header(sip::header_id::via)).next(top_via);
  legacy_key = fmt::format("{}|{}|{}|{}|{}", m.request_uri_text(), m.from().tag(), m.call_id(), m.cseq().number, top_via);
  return legacy_servers_.find(legacy_key);
}

void transaction_layer::on_request(sip::message& m, const transport::endpoint& from, transport::transport& via) {
  if (m.method() == sip::method::ack && server_user_ && server_user_->on_awaited_ack(m)) return;
  std::string legacy_key;
  pair<server_transaction>* entry = find_server(m, legacy_key);
  const sip::method method = m.method();
  const bool invite_side = method == sip::method::invite || method == sip::method::ack;
  if (entry) {
    server_transaction* t = invite_side ? entry->invite.get() : entry->other.get();
    if (t && !t->terminated() && same_sent_by(m.top_via(), t->sent_by()) &&
        (invite_side || t->method() == method)) {
      t->on_request(m);
      return;
    }
  }
  if (method == sip::method::ack) {
    // An ACK that matches no transaction acknowledges a 2xx: it belongs to the dialog.
    if (server_user_) server_user_->on_ack(m, from, via);
    return;
  }

  // A new server transaction. When its key is new (nothing was found above) it is made
  // before its table entry: the lookup asked for the slot the insert takes
  // (string_table::find), and making the transaction hides that cache miss.
  const std::string_view branch = m.top_via().branch;
  auto make = [&]() -> std::unique_ptr<server_transaction> {
    server_user& user = server_user_ ? *server_user_ : nobody;
    if (method == sip::method::invite)
      return std::make_unique<invite_server>(ctx_, via, from, branch, sent_by_of(m.top_via()), user);
    return std::make_unique<non_invite_server>(ctx_, via, from, branch, method, sent_by_of(m.top_via()), user);
  };
  std::unique_ptr<server_transaction> made;
  if (!entry) made = make();
  auto& slot_pair = legacy_key.empty() ? servers_.find_or_insert(m.top_via().branch)
                                        : legacy_servers_.find_or_insert(legacy_key);
  entry = &slot_pair;
  std::unique_ptr<server_transaction>& slot = method == sip::method::invite ? slot_pair.invite : slot_pair.other;
  if (!made) {
    if (slot && !slot->terminated()) {
      // Never free a live transaction its user may still hold: a request that would take its
      // place (the same key, another method pairing) is answered statelessly.
      answer_statelessly(m, 400, "Bad Request (transaction already in progress)", from, via);
      return;
    }
    made = make();
  }
  invite_server* invite = method == sip::method::invite ? static_cast<invite_server*>(made.get()) : nullptr;
  slot = std::move(made);
  server_transaction& t = *slot;
  if (!legacy_key.empty()) t.set_legacy_key(legacy_key);

  if (method == sip::method::cancel) {
    on_cancel(m, entry, t);
    return;
  }
  if (!server_user_ || !server_user_->on_request(t, m)) fallback(t, m);
  // §17.2.1: "the server transaction MUST generate a 100 (Trying) response unless it knows
  // that the TU will generate a provisional or final response within 200 ms". A TU that
  // answered during the dispatch did (send_trying then sends nothing); one that did not gets
  // the 100 now, microseconds after the INVITE arrived, unless it sent one itself. `invite` is
  // still there: a terminated transaction is freed only by collect(), from the sweep timer or
  // the next message, never during a dispatch.
  if (invite && !invite->trying_sent()) invite->send_trying(m);
}

void transaction_layer::on_cancel(const sip::message& m, pair<server_transaction>* entry, server_transaction& cancel) {
  // §9.2: the CANCEL matches the INVITE whose transaction has its branch (or RFC 2543 fields).
  server_transaction* invite = entry ? entry->invite.get() : nullptr;
  if (!invite || invite->terminated() || invite->final_status() != 0) {
    // "If the UAS did not find a matching transaction for the CANCEL ... it SHOULD respond to
    // the CANCEL with a 481". A final response already sent: 200 changes nothing, so 481 too.
    cancel.respond(481, response_for(m, 481, "Call/Transaction Does Not Exist"));
    return;
  }
  cancel.respond(200, response_for(m, 200, "OK"));
  if (server_user_) {
    server_user_->on_cancel(*invite, m);
  }
  if (invite->final_status() == 0) {
    // Nobody above answered it: "the UAS SHOULD respond to the INVITE with a 487".
    invite->respond(487, response_for(m, 487, "Request Terminated", {}, "INVITE"));
  }
}

void transaction_layer::fallback(server_transaction& t, const sip::message& m) {
  ++stats_.stateless_answers;
  if (m.method() == sip::method::options && m.to().tag().empty()) {
    t.respond(200, response_for(m, 200, "OK", fmt::format("Allow: {}\r\nAccept: application/sdp\r\n", k_allow)));
  } else if (!m.to().tag().empty()) {
    t.respond(481, response_for(m, 481, "Call/Transaction Does Not Exist"));
  } else if (m.method() == sip::method::unknown) {
    t.respond(501, response_for(m, 501, "Not Implemented", fmt::format("Allow: {}\r\n", k_allow)));
  } else {
    t.respond(480, response_for(m, 480, "Temporarily Unavailable"));
  }
}

void transaction_layer::on_malformed(const sip::message& m, const sip::parse_error& e,
                                     const transport::endpoint& from, transport::transport& via) {
  ++stats_.malformed;
  // RFC 3261 §8.2 and RFC 4475: a request that can be answered gets the status its error
  // names, with the reason in the phrase; responses and unparseable bytes are dropped.
  if (e.answer == 0 || m.method() == sip::method::ack || !m.find(sip::header_id::via)) return;
  const std::string reason = fmt::format("Bad Request ({} at byte {})", e.what(), e.offset);
  std::string_view phrase = reason;
  if (e.answer == 505) phrase = "Version Not Supported";
  else if (e.answer == 513) phrase = "Message Too Large";
  else if (e.answer == 501) phrase = "Not Implemented";
  answer_statelessly(m, e.answer, phrase, from, via);
}

void transaction_layer::on_transport_error(const transport::endpoint& to, std::error_code ec, transport::transport&) {
  // Collected first: the callbacks may start transactions, and an insertion can rehash the
  // tables under a running loop.
  std::vector<transaction*> hit;
  collect_peer(clients_, to, hit);
  collect_peer(servers_, to, hit);
  collect_peer(legacy_servers_, to, hit);
  for (transaction* t : hit)
    if (!t->terminated()) t->on_transport_error(ec);
}

template <typename Table>
void transaction_layer::collect_peer(Table& t, const transport::endpoint& to, std::vector<transaction*>& hit) {
  t.for_each([&](auto& p) {
    for (transaction* x : {static_cast<transaction*>(p.invite.get()), static_cast<transaction*>(p.other.get())})
      if (x && !x->terminated() && x->peer() == to) hit.push_back(x);
  });
}

std::string transaction_layer::response_for(const sip::message& request, int status, std::string_view reason,
                                            std::string_view extra, std::string_view cseq_method) {
  // §8.2.6.2: a response that is not 100 carries a To tag.
  const std::string tag = status > 100 ? fmt::format(FMT_COMPILE("{:08x}"), static_cast<std::uint32_t>(random_())) : std::string();
  return build_response(request, status, reason, {.to_tag = tag, .extra_headers = extra, .cseq_method = cseq_method});
}

void transaction_layer::answer_statelessly(const sip::message& request, int status, std::string_view reason,
                                           const transport::endpoint& from, transport::transport& via) {
  ++stats_.stateless_answers;
  // §18.2.2 with RFC 3581: answer where the request came from.
  via.send(from, response_for(request, status, reason));
}

}  // namespace sw::txn
