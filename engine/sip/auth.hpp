// Authentication headers (RFC 3261 §22, RFC 7616 digest): WWW-Authenticate and
// Proxy-Authenticate challenges, Authorization and Proxy-Authorization credentials, as views.
// Hashing lives with the session layer; this is only the syntax.
#pragma once

#include <optional>
#include <string_view>

#include "sip/error.hpp"

namespace sw::sip {

// Walks `name=value` auth-params separated by commas; quoted values come back without their
// quotes (escapes kept).
class auth_param_cursor {
 public:
  explicit auth_param_cursor(std::string_view params) noexcept : text_(params) {}
  bool next(std::string_view& name, std::string_view& value) noexcept;
  bool failed() const noexcept { return failed_; }
  std::size_t position() const noexcept { return pos_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  bool failed_ = false;
};

struct digest_challenge {
  std::string_view scheme;  // "Digest", or an unknown scheme whose params are left raw
  std::string_view params;
  std::string_view realm, nonce, opaque, algorithm, qop, domain;
  bool stale = false;
  bool is_digest() const noexcept;
  // True when qop offers `auth` (the only quality of protection sipwright uses).
  bool offers_qop_auth() const noexcept;
};
parse_error parse_challenge(std::string_view value, digest_challenge& out, std::uint32_t base = 0) noexcept;

struct digest_credentials {
  std::string_view scheme;
  std::string_view params;
  std::string_view username, realm, nonce, uri, response, algorithm, cnonce, opaque, qop, nc;
  bool is_digest() const noexcept;
};
parse_error parse_credentials(std::string_view value, digest_credentials& out, std::uint32_t base = 0) noexcept;

}  // namespace sw::sip
