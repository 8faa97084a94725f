#include "sip/method.hpp"

#include <array>

namespace sw::sip {

namespace {
constexpr std::array<std::string_view, 15> k_names = {
    "", "INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK", "INFO", "REFER",
    "NOTIFY", "SUBSCRIBE", "UPDATE", "MESSAGE", "PUBLISH"};
}

method method_from(std::string_view name) noexcept {
  // Every request's start line is read here: by length first, each candidate is one compare of
  // a known size (no memcmp call), and only a name of that length is compared at all.
  auto is = [name](method m) { return k_names[static_cast<std::size_t>(m)] == name; };
  switch (name.size()) {
    case 3: return is(method::ack) ? method::ack : is(method::bye) ? method::bye : method::unknown;
    case 4: return is(method::info) ? method::info : method::unknown;
    case 5: return is(method::prack) ? method::prack : is(method::refer) ? method::refer : method::unknown;
    case 6:
      for (method m : {method::invite, method::cancel, method::notify, method::update})
        if (is(m)) return m;
      return method::unknown;
    case 7:
      for (method m : {method::options, method::message, method::publish})
        if (is(m)) return m;
      return method::unknown;
    case 8: return is(method::register_) ? method::register_ : method::unknown;
    case 9: return is(method::subscribe) ? method::subscribe : method::unknown;
    default: return method::unknown;
  }
}

std::string_view method_name(method m) noexcept { return k_names[static_cast<std::size_t>(m)]; }

}  // namespace sw::sip
