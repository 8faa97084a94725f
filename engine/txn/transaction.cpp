#include "txn/transaction.hpp"

namespace sw::txn {

transaction::transaction(const context& ctx, transport::transport& via, const transport::endpoint& peer,
                         std::string_view branch, sip::method method)
    : ctx_(ctx), transport_(via), peer_(peer), branch_(branch), method_(method) {}

// A destructor cancels its timers, so a dead transaction is never called back.
transaction::~transaction() {
  stop_timers();
  // Freed before the layer swept it (its slot was reused): leave no dangling entry.
  if (finished_) std::erase(ctx_.finished, this);
}

void transaction::fire(void* self, std::uint32_t tag) {
  static_cast<transaction*>(self)->on_timer(static_cast<timer>(tag));
}

void transaction::start_timer(unsigned slot, timer t, runtime::tick delay) {
  ctx_.wheel.cancel(timers_[slot]);
  timers_[slot] = ctx_.wheel.schedule(delay, fire, this, static_cast<std::uint32_t>(t));
}

void transaction::stop_timer(unsigned slot) noexcept { ctx_.wheel.cancel(timers_[slot]); }

void transaction::stop_timers() noexcept {
  for (auto& id : timers_) ctx_.wheel.cancel(id);
}

void transaction::finished() {
  if (finished_) return;
  finished_ = true;
  ctx_.finished.push_back(this);
}

bool transaction::send(std::string_view bytes) {
  if (const std::error_code ec = transport_.send(peer_, bytes)) {
    on_transport_error(ec);
    return false;
  }
  return true;
}

}  // namespace sw::txn
