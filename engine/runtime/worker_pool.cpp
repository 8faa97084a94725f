#include "runtime/worker_pool.hpp"

namespace sw::runtime {

worker_pool::worker_pool(unsigned threads) {
  if (threads == 0) threads = 1;
  for (unsigned i = 0; i < threads; ++i) workers_.push_back(std::make_unique<worker>(i));
}

worker_pool::~worker_pool() { stop(); }

void worker_pool::start() {
  if (!threads_.empty()) return;
  for (auto& w : workers_) threads_.emplace_back([&w] { w->run(); });
}

void worker_pool::stop() {
  if (threads_.empty()) return;
  for (auto& w : workers_) w->stop();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

unsigned worker_pool::default_threads() noexcept {
  const unsigned n = std::thread::hardware_concurrency();
  return n ? n : 1;
}

}  // namespace sw::runtime
