// `--threads N`: N workers, each run by its own thread. Whatever is built on a worker (its
// sockets, transactions, calls) stays on it; the pool only starts and stops the threads.
#pragma once

#include <memory>
#include <thread>
#include <vector>

#include "runtime/worker.hpp"

namespace sw::runtime {

class worker_pool {
 public:
  explicit worker_pool(unsigned threads);
  ~worker_pool();  // stops and joins
  worker_pool(const worker_pool&) = delete;
  worker_pool& operator=(const worker_pool&) = delete;

  std::size_t size() const noexcept { return workers_.size(); }
  worker& at(std::size_t i) noexcept { return *workers_[i]; }

  // Starts one thread per worker, running until stop().
  void start();
  void stop();  // from any thread; then joins

  // The machine's cores, at least 1: the default of --threads.
  static unsigned default_threads() noexcept;

 private:
  std::vector<std::unique_ptr<worker>> workers_;
  std::vector<std::thread> threads_;
};

}  // namespace sw::runtime
