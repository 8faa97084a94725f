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
  const int sequence = ++sent_;
  const std::string branch = layer_.new_branch();
  const std::string local = transport_.local().host_port();
  sip::out_buffer out;
  sip::message_builder(out)
      .request_line("OPTIONS", settings_.request_uri)
      .via(transport::transport_name(transport_.kind()), local, branch)
      .max_forwards(70)
      .header(sip::header_id::from, "<sip:sipwright@{}>;tag={}", local, from_tag_)
      .header(sip::header_id::to, "<{}>", settings_.request_uri)
      .header(sip::header_id::call_id, call_id_)
      .cseq(static_cast<std::uint32_t>(sequence), "OPTIONS")
      .header(sip::header_id::contact, "<sip:sipwright@{}>", local)
      .header(sip::header_id::accept, "application/sdp")
      .header(sip::header_id::user_agent, "sipwright")
      .finish();
  probes_.push_back({branch, std::chrono::steady_clock::now(), false});
  if (sent_ < settings_.count) interval_timer_ = worker_.timers().schedule(settings_.interval, on_interval, this);
  layer_.start_client(transport_, settings_.to, std::string(out.data(), out.size()), branch, sip::method::options, *this);
}

int options_pinger::sequence_of(const client_transaction& t) const {
  for (std::size_t i = 0; i < probes_.size(); ++i)
    if (probes_[i].branch == t.branch()) return static_cast<int>(i) + 1;
  return 0;
}

void options_pinger::finish(const client_transaction& t, ping_result r) {
  const int sequence = sequence_of(t);
  if (sequence == 0 || probes_[static_cast<std::size_t>(sequence - 1)].finished) return;
  auto& p = probes_[static_cast<std::size_t>(sequence - 1)];
  p.finished = true;
  r.sequence = sequence;
  r.rtt_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - p.sent_at).count();
  ++finished_;
  report_(r);
}

void options_pinger::on_response(client_transaction& t, const sip::message& response) {
  if (response.status() < 200) return;  // provisional: keep waiting for the final answer
  finish(t, {0, ping_result::outcome::answered, response.status(), std::string(response.reason()), 0});
}

void options_pinger::on_timeout(client_transaction& t) {
  finish(t, {0, ping_result::outcome::timeout, 408, "timeout: no final response", 0});
}

void options_pinger::on_transport_error(client_transaction& t, std::error_code ec) {
  finish(t, {0, ping_result::outcome::transport_error, 503, "transport error: " + ec.message(), 0});
}

}  // namespace sw::txn
