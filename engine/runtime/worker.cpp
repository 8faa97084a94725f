#include "runtime/worker.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

namespace sw::runtime {

struct worker::impl {
  boost::asio::io_context io{1};
  boost::asio::steady_timer tick_timer{io};
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
};

worker::worker(unsigned id) : id_(id), impl_(std::make_unique<impl>()), wheel_(0) {}
worker::~worker() = default;

boost::asio::io_context& worker::io() noexcept { return impl_->io; }

tick worker::now() const noexcept {
  return static_cast<tick>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - impl_->start).count());
}

void worker::arm_tick() {
  if (tick_armed_) return;
  tick_armed_ = true;
  impl_->tick_timer.expires_after(std::chrono::milliseconds(1));
  impl_->tick_timer.async_wait([this](const boost::system::error_code& ec) {
    tick_armed_ = false;
    if (!ec) on_tick();
  });
}

void worker::on_tick() {
  wheel_.advance(now());
  arm_tick();
}

void worker::run() {
  arm_tick();
  auto guard = boost::asio::make_work_guard(impl_->io);
  impl_->io.run();
  impl_->io.restart();
}

bool worker::run_until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  arm_tick();
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    impl_->io.run_one_for(std::chrono::milliseconds(5));
    if (impl_->io.stopped()) impl_->io.restart();
  }
  return done();
}

// Safe from any thread: the work runs on the worker's own.
void worker::stop() {
  boost::asio::post(impl_->io, [this] {
    impl_->tick_timer.cancel();
    impl_->io.stop();
  });
}

}  // namespace sw::runtime
