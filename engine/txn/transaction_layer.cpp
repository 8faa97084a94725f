#include "txn/transaction_layer.hpp"

#include <fmt/format.h>

#include "sip/builder.hpp"

namespace sw::txn {

namespace {
constexpr std::string_view k_allow = "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, REFER, NOTIFY, PRACK, UPDATE";
}

transaction_layer::transaction_layer(runtime::timer_wheel& wheel, timer_config timers)
    : wheel_(wheel), timers_(timers), random_(std::random_device{}()) {}

transaction_layer::~transaction_layer() = default;

std::string transaction_layer::new_branch() {
  return fmt::format("{}{:016x}.{}", sip::magic_cookie, random_(), ++sequence_);
}

std::string transaction_layer::key(std::string_view branch, std::string_view method) {
  std::string k;
  k.reserve(branch.size() + 1 + method.size());
  k.append(branch).push_back(' ');
  k.append(method);
  return k;
}

client_transaction& transaction_layer::start_client(transport::transport& via, const transport::endpoint& to,
                                                    std::string request, std::string branch,
                                                    std::string_view method, client_user& user) {
  collect();
  auto t = std::make_unique<client_transaction>(wheel_, timers_, stats_, via, to, std::move(request), branch, user);
  client_transaction& ref = *t;
  clients_[key(branch, method)] = std::move(t);
  ref.start();
  return ref;
}

void transaction_layer::collect() {
  std::erase_if(clients_, [](const auto& entry) { return entry.second->terminated(); });
}

void transaction_layer::on_message(sip::message& m, const transport::endpoint& from, transport::transport& via) {
  if (!m.is_request()) {
    // §17.1.3: the branch of the top Via and the CSeq method identify the client transaction.
    const auto it = clients_.find(key(m.top_via().branch, m.cseq().method));
    if (it == clients_.end()) {
      ++stats_.stray_responses;  // §18.1.2: a response matching nothing is discarded
      return;
    }
    it->second->on_response(m);
    return;
  }
  if (handler_ && handler_->on_request(m, from, via)) return;
  // The stateless fallback.
  switch (m.method()) {
    case sip::method::ack:
      return;  // never answered
    case sip::method::options:
      if (m.to().tag().empty()) {
        answer_statelessly(m, 200, "OK", from, via, fmt::format("Allow: {}\r\nAccept: application/sdp\r\n", k_allow));
        return;
      }
      break;
    default:
      break;
  }
  if (!m.to().tag().empty()) {
    answer_statelessly(m, 481, "Call/Transaction Does Not Exist", from, via);
  } else if (m.method() == sip::method::unknown) {
    answer_statelessly(m, 501, "Not Implemented", from, via, fmt::format("Allow: {}\r\n", k_allow));
  } else {
    answer_statelessly(m, 480, "Temporarily Unavailable", from, via);
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
  for (auto& [k, t] : clients_)
    if (!t->terminated() && t->destination() == to) t->on_transport_error(ec);
}

void transaction_layer::answer_statelessly(const sip::message& request, int status, std::string_view reason,
                                           const transport::endpoint& from, transport::transport& via,
                                           std::string_view extra) {
  ++stats_.stateless_answers;
  sip::out_buffer out;
  sip::message_builder b(out);
  b.status_line(status, reason).copy(request, sip::header_id::via);
  b.header(sip::header_id::from, request.header(sip::header_id::from));
  // §8.2.6.2: a response that is not 100 carries a To tag.
  const std::string_view to = request.header(sip::header_id::to);
  if (request.to().tag().empty() && status > 100)
    b.header(sip::header_id::to, "{};tag={:08x}", to, static_cast<std::uint32_t>(random_()));
  else
    b.header(sip::header_id::to, to);
  b.header(sip::header_id::call_id, request.header(sip::header_id::call_id))
      .header(sip::header_id::cseq, request.header(sip::header_id::cseq));
  if (!extra.empty()) out.append(extra);
  b.finish();
  // §18.2.2 with RFC 3581: answer where the request came from.
  via.send(from, {out.data(), out.size()});
}

}  // namespace sw::txn
