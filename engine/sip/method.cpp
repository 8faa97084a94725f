#include "sip/method.hpp"

#include <array>

namespace sw::sip {

namespace {
constexpr std::array<std::string_view, 15> k_names = {
    "", "INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK", "INFO", "REFER",
    "NOTIFY", "SUBSCRIBE", "UPDATE", "MESSAGE", "PUBLISH"};
}

method method_from(std::string_view name) noexcept {
  for (std::size_t i = 1; i < k_names.size(); ++i)
    if (k_names[i] == name) return static_cast<method>(i);
  return method::unknown;
}

std::string_view method_name(method m) noexcept { return k_names[static_cast<std::size_t>(m)]; }

}  // namespace sw::sip
