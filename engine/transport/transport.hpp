// The seam between the transaction layer and sockets: a transport sends bytes to an endpoint
// and hands what it receives, parsed, to a sink. UDP, TCP and later TLS and WebSocket
// implement it; tests use an in-memory one.
#pragma once

#include <string_view>
#include <system_error>

#include "sip/error.hpp"
#include "sip/message.hpp"
#include "transport/endpoint.hpp"

namespace sw::transport {

class transport;

class sink {
 public:
  virtual ~sink() = default;
  virtual void on_message(sip::message& m, const endpoint& from, transport& via) = 0;
  // Bytes that did not parse: counted by the owner, and answered when e.answer says so.
  virtual void on_malformed(const sip::message& m, const sip::parse_error& e, const endpoint& from,
                            transport& via) = 0;
  // A send that failed asynchronously (a TCP connect refused, a reset), for the transaction
  // that owns the message to end with a reason.
  virtual void on_transport_error(const endpoint& to, std::error_code ec, transport& via) = 0;
};

class transport {
 public:
  virtual ~transport() = default;
  virtual transport_kind kind() const noexcept = 0;
  virtual const endpoint& local() const noexcept = 0;
  // Sends one message; an error known at once (unreachable, too large) comes back here.
  virtual std::error_code send(const endpoint& to, std::string_view bytes) = 0;
  void set_sink(sink* s) noexcept { sink_ = s; }
  sink* receiver() const noexcept { return sink_; }

 protected:
  sink* sink_ = nullptr;
};

}  // namespace sw::transport
