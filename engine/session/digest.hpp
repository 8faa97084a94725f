// Client side of HTTP digest authentication as SIP uses it (RFC 3261 §22, RFC 2617, RFC 7616,
// RFC 8760): answers a WWW-Authenticate / Proxy-Authenticate challenge (parsed by sip/auth.hpp)
// with the value of an Authorization / Proxy-Authorization header, and decides whether a new
// challenge deserves another answer or ends the session ("wrong credentials").
//
// Algorithms MD5, SHA-256, SHA-512-256 and their -sess variants; qop "auth" (preferred),
// "auth-int" (when it is the only one offered), or none (RFC 2069). Hashes come from OpenSSL's
// EVP; OpenSSL stays out of this header. userhash is not supported.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

#include "sip/auth.hpp"
#include "sip/header_id.hpp"

namespace sw::session {

enum class digest_errc : std::uint8_t {
  not_digest = 1,         // the challenge's scheme is not Digest (Basic, Bearer ...)
  unsupported_algorithm,  // an algorithm we do not know (or the crypto library refuses: FIPS MD5)
  unsupported_qop,        // a qop list with neither auth nor auth-int
  missing_nonce,          // a Digest challenge without a nonce (or without a realm)
};

const std::error_category& digest_category() noexcept;
std::error_code make_error_code(digest_errc e) noexcept;

}  // namespace sw::session

namespace std {
template <>
struct is_error_code_enum<sw::session::digest_errc> : true_type {};
}  // namespace std

namespace sw::session {

enum class digest_algorithm : std::uint8_t { md5, md5_sess, sha256, sha256_sess, sha512_256, sha512_256_sess };

// Case-insensitive; an empty string is MD5 (RFC 2617 §3.2.1). nullopt for anything unknown.
std::optional<digest_algorithm> parse_digest_algorithm(std::string_view token) noexcept;
// "MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256", "SHA-512-256-sess".
std::string_view digest_algorithm_name(digest_algorithm a) noexcept;
bool is_session_variant(digest_algorithm a) noexcept;

enum class digest_qop : std::uint8_t { none, auth, auth_int };

// "auth" when offered, else "auth-int" when offered, none when the challenge has no qop
// (RFC 2069); nullopt when qop lists only tokens we do not know.
std::optional<digest_qop> choose_qop(std::string_view offered) noexcept;

// Everything the response hash covers. Strings are as hashed: unquoted and unescaped.
struct digest_params {
  digest_algorithm algorithm = digest_algorithm::md5;
  digest_qop qop = digest_qop::auth;
  std::string_view username, realm, password, nonce, cnonce, method, uri, body;
  std::uint32_t nc = 1;
};

// The request-digest (RFC 7616 §3.4.1) in lowercase hex; nullopt when the crypto library
// refuses the algorithm.
std::optional<std::string> digest_response(const digest_params& p);

// What a request brings to an answer. `uri` is the Request-URI as sent; `body` matters only
// for qop=auth-int.
struct digest_input {
  std::string_view method{}, uri{}, username{}, password{}, body{};
};

// std::expected<std::string, std::error_code> in C++20 clothes: the header value, or why not.
class digest_result {
 public:
  digest_result(std::string value) : value_(std::move(value)) {}
  digest_result(std::error_code error) : error_(error) {}
  digest_result(digest_errc error) : error_(make_error_code(error)) {}

  bool has_value() const noexcept { return !error_; }
  explicit operator bool() const noexcept { return has_value(); }
  // Throws std::system_error(error()) when there is no value.
  const std::string& value() const&;
  std::string&& value() &&;
  const std::string& operator*() const& noexcept { return value_; }
  const std::string* operator->() const noexcept { return &value_; }
  std::error_code error() const noexcept { return error_; }

 private:
  std::string value_;
  std::error_code error_;
};

// Makes a cnonce. The default draws 8 bytes from OpenSSL's RAND_bytes and writes 16 lowercase
// hex digits; tests inject a fixed one.
using cnonce_source = std::function<std::string()>;
std::string random_cnonce();

// One per user agent (or registration): remembers how many requests it answered for each
// (realm, nonce), so a reused nonce gets nc=00000002, 00000003 ... Not thread-safe: it lives
// on its call's worker. It keeps the last `max_nonces` pairs; an older one starts from 1 again.
class digest_client {
 public:
  explicit digest_client(cnonce_source cnonce = {}, std::size_t max_nonces = 8);

  // The value of an Authorization / Proxy-Authorization header answering `challenge`:
  //   Digest username="..", realm="..", nonce="..", uri="..", response="..", algorithm=..,
  //   cnonce="..", qop=auth, nc=00000001, opaque=".."
  // algorithm is echoed when the challenge named one; cnonce when qop is used or the algorithm
  // is a -sess one; qop and nc when the challenge offered qop; opaque when it had one.
  // Counts the answer in the nonce count of (realm, nonce).
  digest_result answer(const sip::digest_challenge& challenge, const digest_input& in);

  // The nonce count the next answer to (realm, nonce) will carry.
  std::uint32_t next_nc(std::string_view realm, std::string_view nonce) const noexcept;
  void forget() noexcept { counts_.clear(); }

 private:
  struct count {
    std::string realm, nonce;
    std::uint32_t used = 0;
  };
  std::uint32_t take_nc(std::string_view realm, std::string_view nonce);

  cnonce_source cnonce_;
  std::size_t max_nonces_;
  std::vector<count> counts_;  // least recently used first
};

// Of the challenges of one response, the one to answer: the topmost Digest challenge with an
// algorithm and a qop we support (RFC 8760 §2.4; RFC 7616 §3.7). nullopt when none qualifies.
std::optional<std::size_t> pick_challenge(std::span<const sip::digest_challenge> challenges) noexcept;

// 401 carries WWW-Authenticate and is answered with Authorization; 407 carries
// Proxy-Authenticate and is answered with Proxy-Authorization. nullopt for other statuses.
std::optional<sip::header_id> challenge_header_for(int status) noexcept;
std::optional<sip::header_id> credentials_header_for(int status) noexcept;

// Whether a challenge deserves an answer.
enum class auth_verdict : std::uint8_t {
  answer,             // a realm not answered yet for this request: answer it
  answer_stale,       // stale=true: the credentials were right, the nonce old; answer the new
                      // nonce, not a failure
  wrong_credentials,  // the realm rejected our answer (not stale): give up, wrong user/password
  too_many_stale,     // stale=true again and again: give up rather than loop
};
std::string_view describe(auth_verdict v) noexcept;
inline bool should_answer(auth_verdict v) noexcept {
  return v == auth_verdict::answer || v == auth_verdict::answer_stale;
}

// What a request last answered in a realm.
struct answered_challenge {
  std::string realm, nonce;
  unsigned stale_answers = 0;  // answers given because of stale=true, in a row
};

// The retry rule, as a pure function. `previous` is the answer already given in the challenge's
// realm for this request (nullptr: none). Not stale after an answer means the credentials are
// wrong, whatever the nonce: servers hand out a fresh nonce with every rejection (RFC 7616
// §3.3: stale is set only when the digest was valid). Stale answers are bounded by `max_stale`.
auth_verdict judge_challenge(const answered_challenge* previous, const sip::digest_challenge& fresh,
                             unsigned max_stale = 3) noexcept;

// The rule with its memory: one per request being authenticated (a REGISTER and its retries,
// an INVITE and its retries), over every realm that challenges it (a proxy and a registrar).
class auth_attempts {
 public:
  explicit auth_attempts(unsigned max_stale = 3) noexcept : max_stale_(max_stale) {}
  // Judges `challenge` and, when it deserves an answer, records it as answered.
  auth_verdict judge(const sip::digest_challenge& challenge);
  // A 2xx (or any non-401/407 final response) arrived: the next challenge starts afresh.
  void reset() noexcept { answered_.clear(); }
  const answered_challenge* find(std::string_view realm) const noexcept;

 private:
  unsigned max_stale_;
  std::vector<answered_challenge> answered_;
};

}  // namespace sw::session
