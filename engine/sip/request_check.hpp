// What a user agent answers to a request that parsed but that it cannot process (RFC 3261
// §8.2): 501/405 for methods, 416 for URI schemes, 420 for Require, 415 for bodies, 406 for
// Accept. The parser handles syntax (400, 505); this handles meaning.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace sw::sip {

class message;

struct ua_capabilities {
  std::span<const std::string_view> methods;      // allowed; others known get 405
  std::span<const std::string_view> extensions;   // option tags we support (Require)
  std::span<const std::string_view> body_types;   // "application/sdp", "application/dtmf-relay"
};

struct check_result {
  std::uint16_t status = 0;  // 0: go ahead
  std::string_view reason;
  // 420: the Require option tags we do not support, for the Unsupported header.
  std::array<std::string_view, 8> unsupported{};
  std::size_t unsupported_count = 0;
  explicit operator bool() const noexcept { return status != 0; }
};

check_result check_request(const message& request, const ua_capabilities& caps) noexcept;

// RFC 3261 §8.1.3.3: a response with more than one Via value is discarded by a UAC.
bool response_acceptable(const message& response) noexcept;

}  // namespace sw::sip
