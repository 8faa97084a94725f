// name-addr / addr-spec with header parameters (RFC 3261 §25.1: From, To, Contact, Route,
// Record-Route, Refer-To, Referred-By, P-Asserted-Identity ...).
#pragma once

#include <optional>
#include <string_view>

#include "sip/error.hpp"
#include "sip/uri.hpp"

namespace sw::sip {

struct name_addr {
  std::string_view display_name;  // without the quotes; quoted-pairs kept
  bool display_quoted = false;
  bool angle = false;             // written as <uri>; false for a bare addr-spec
  bool star = false;              // Contact: *
  std::string_view uri_text;
  sip::uri uri;
  std::string_view params;        // header parameters after the URI (from the first ';')
  // The first tag parameter's value, found while the parameters are checked: every layer asks
  // for From and To tags, many times per message.
  std::string_view tag_value;

  std::optional<std::string_view> param(std::string_view name) const noexcept;
  std::string_view tag() const noexcept { return tag_value; }
};

struct name_addr_options {
  bool allow_star = false;  // Contact
};

// Parses one value (already split from a comma list). Offsets are relative to `text` + base.
parse_error parse_name_addr(std::string_view text, name_addr& out, std::uint32_t base = 0,
                            name_addr_options options = {}) noexcept;
// The same into an `out` known to be value-initialized (see parse_uri_fresh).
parse_error parse_name_addr_fresh(std::string_view text, name_addr& out, std::uint32_t base = 0,
                                  name_addr_options options = {}) noexcept;

}  // namespace sw::sip
