// Stream framing for TCP, TLS and WebSocket-less streams (RFC 3261 §18.3): given the bytes
// received so far, says whether they hold a keep-alive, a whole message of N bytes, need
// more, or are garbage the connection must be closed over. Knows nothing of sockets.
#pragma once

#include <cstddef>
#include <string_view>

#include "sip/error.hpp"
#include "sip/message.hpp"

namespace sw::sip {

enum class frame_kind : unsigned char {
  need_more,
  message,         // `size` bytes starting at the first byte form one message
  keepalive_ping,  // RFC 5626 §4.4.1 CRLFCRLF: answer with a pong (CRLF); consume `size`
  keepalive_pong,  // a single CRLF: consume `size`
  garbage,         // `error` says why; the stream cannot be resynchronized
};

struct frame_result {
  frame_kind kind = frame_kind::need_more;
  std::size_t size = 0;
  parse_error error;
};

frame_result frame(std::string_view bytes, const parse_options& options = {}) noexcept;

}  // namespace sw::sip
