#include "txn/options_pinger.hpp"

#include <fmt/format.h>

#include <random>

#include "sip/builder.hpp"

namespace sw::txn {

options_pinger::options_pinger(runtime::worker& w, transaction_layer& layer, transport::transport& via,
                               ping_settings settings, report on_result)
    : worker_(w), layer_(layer), transport_(via), settings_(std::move(settings)), report_(std::move(on_result)) {
  std::random_device rd;
  call_id_ = fmt::format("{:08x}{:08x}@sipwright", rd(), rd());
  from_tag_ = fmt::format("{:08x}", rd());
  probes_.reserve(static_cast<std::size_t>(settings_.count));
}

options_pinger::~options_pinger() { worker_.timers().cancel(interval_timer_); }

void options_pinger::start() { send_next(); }

void options_pinger::on_interval(void* self, std::uint32_t) { static_cast<options_pinger*>(self)->send_next(); }

void options_pinger::send_next() {
  if (sent_ >= settings_.count) return;
  probes_.push_back({++sent_, 0, {}, std::chrono::steady_clock::now(), false});
  if (sent_ < settings_.count) interval_timer_ = worker_.timers().schedule(settings_.interval, on_interval, this);
  send(probes_.back());
}

void options_pinger::send(probe& p) {
  p.branch = layer_.new_branch();
  const std::string local = transport_.local().host_port();
  sip::out_buffer out;
  sip::message_builder(out)
      .request_line("OPTIONS", settings_.request_uri)
      .via(transport::transport_name(transport_.kind()), local, p.branch)
      .max_forwards(70)
      .header(sip::header_id::from, "<sip:sipwright@{}>;tag={}", local, from_tag_)
      .header_parts(sip::header_id::to, "<", settings_.request_uri, ">")
      .header(sip::header_id::call_id, call_id_)
      .cseq(++cseq_, "OPTIONS")
      .header(sip::header_id::contact, "<sip:sipwright@{}>", local)
      .header(sip::header_id::accept, "application/sdp")
      .header(sip::header_id::user_agent, "sipwright")
      .finish();
  layer_.start_client(transport_, settings_.targets[p.target], std::string(out.data(), out.size()), p.branch,
                      sip::method::options, *this);
}

options_pinger::probe* options_pinger::probe_of(const client_transaction& t) {
  for (auto& p : probes_)
    if (p.branch == t.branch()) return &p;
  return nullptr;
}

void options_pinger::finish(const client_transaction& t, ping_result r, bool may_fail_over) {
  probe* p = probe_of(t);
  if (!p || p->finished) return;
  r.from = settings_.targets[p->target];
  if (may_fail_over && p->target + 1 < settings_.targets.size()) {
    ++p->target;
    send(*p);
    return;
  }
  p->finished = true;
  r.sequence = p->sequence;
  r.rtt_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - p->sent_at).count();
  ++finished_;
  report_(r);
}

void options_pinger::on_response(client_transaction& t, const sip::message& response) {
  if (response.status() < 200) return;  // provisional: keep waiting for the final answer
  finish(t, {0, ping_result::outcome::answered, response.status(), std::string(response.reason()), 0, {}},
         response.status() == 503);
}

void options_pinger::on_timeout(client_transaction& t) {
  finish(t, {0, ping_result::outcome::timeout, 408, "timeout: no final response", 0, {}}, false);
}

void options_pinger::on_transport_error(client_transaction& t, std::error_code ec) {
  finish(t, {0, ping_result::outcome::transport_error, 503, "transport error: " + ec.message(), 0, {}}, true);
}

}  // namespace sw::txn
