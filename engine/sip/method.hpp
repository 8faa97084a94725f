// Request methods. Methods are case-sensitive tokens (RFC 3261 §7.1): "invite" is an unknown
// extension method, not INVITE.
#pragma once

#include <cstdint>
#include <string_view>

namespace sw::sip {

enum class method : std::uint8_t {
  unknown, invite, ack, bye, cancel, options, register_, prack, info, refer, notify,
  subscribe, update, message, publish,
};

method method_from(std::string_view name) noexcept;
std::string_view method_name(method m) noexcept;  // "" for unknown

}  // namespace sw::sip
