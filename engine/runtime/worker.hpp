// A worker: one io_context run by one thread, with its own timer wheel advanced by a 1 ms
// steady timer while the worker runs. Everything a call owns stays on one worker, so
// nothing on the hot path takes a lock (DESIGN.md, Threads and memory). Asio stays out of
// this header so layers above compile without it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include "runtime/timer_wheel.hpp"

namespace boost::asio {
class io_context;
}

namespace sw::runtime {

class worker {
 public:
  explicit worker(unsigned id = 0);
  ~worker();
  worker(const worker&) = delete;
  worker& operator=(const worker&) = delete;

  unsigned id() const noexcept { return id_; }
  boost::asio::io_context& io() noexcept;
  timer_wheel& timers() noexcept { return wheel_; }

  // Milliseconds on the steady clock since the worker started: the wheel's time.
  tick now() const noexcept;

  // Runs the io_context until stop() or until it runs out of work.
  void run();
  // Runs until `done()` is true or `limit` passes; returns done().
  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit);
  // Ends run(); callable from any thread.
  void stop();

 private:
  void arm_tick();
  void on_tick();

  unsigned id_;
  struct impl;
  std::unique_ptr<impl> impl_;
  timer_wheel wheel_;
  bool tick_armed_ = false;
};

}  // namespace sw::runtime
