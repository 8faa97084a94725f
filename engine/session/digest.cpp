#include "session/digest.hpp"

#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <memory>
#include <stdexcept>

#include "sip/header_values.hpp"

namespace sw::session {

namespace {

class digest_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "digest"; }
  std::string message(int value) const override {
    switch (static_cast<digest_errc>(value)) {
      case digest_errc::not_digest: return "challenge scheme is not Digest";
      case digest_errc::unsupported_algorithm: return "unsupported digest algorithm";
      case digest_errc::unsupported_qop: return "unsupported digest qop (neither auth nor auth-int)";
      case digest_errc::missing_nonce: return "digest challenge without a nonce";
    }
    return "unknown digest error";
  }
};

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

constexpr char k_hex[] = "0123456789abcdef";

std::string to_hex(const unsigned char* bytes, std::size_t n) {
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = k_hex[bytes[i] >> 4];
    out[2 * i + 1] = k_hex[bytes[i] & 0xF];
  }
  return out;
}

// The contents of a quoted-string as sip/auth.hpp hands them (escapes kept), unescaped.
std::string unescape(std::string_view quoted) {
  std::string out;
  out.reserve(quoted.size());
  for (std::size_t i = 0; i < quoted.size(); ++i) {
    if (quoted[i] == '\\' && i + 1 < quoted.size()) ++i;
    out.push_back(quoted[i]);
  }
  return out;
}

// Appends `"text"`, escaping the quote and the backslash (RFC 3261 §25.1 quoted-pair).
void append_quoted(std::string& out, std::string_view text) {
  out.push_back('"');
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

// Appends `"text"` where `text` is already the escaped contents of a quoted-string.
void append_raw_quoted(std::string& out, std::string_view text) {
  out.push_back('"');
  out.append(text);
  out.push_back('"');
}

const EVP_MD* md_for(digest_algorithm a) noexcept {
  switch (a) {
    case digest_algorithm::md5:
    case digest_algorithm::md5_sess: return EVP_md5();
    case digest_algorithm::sha256:
    case digest_algorithm::sha256_sess: return EVP_sha256();
    case digest_algorithm::sha512_256:
    case digest_algorithm::sha512_256_sess:
#if OPENSSL_VERSION_NUMBER >= 0x10101000L
      return EVP_sha512_256();
#else
      return nullptr;
#endif
  }
  return nullptr;
}

struct md_ctx_deleter {
  void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
};

// H(part0 ":" part1 ":" ...) in lowercase hex; nullopt when the library refuses `md` (an MD5
// under a FIPS provider, for one).
std::optional<std::string> hex_hash(const EVP_MD* md, std::initializer_list<std::string_view> parts) {
  if (md == nullptr) return std::nullopt;
  std::unique_ptr<EVP_MD_CTX, md_ctx_deleter> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1) return std::nullopt;
  bool first = true;
  for (std::string_view part : parts) {
    if (!first && EVP_DigestUpdate(ctx.get(), ":", 1) != 1) return std::nullopt;
    first = false;
    if (!part.empty() && EVP_DigestUpdate(ctx.get(), part.data(), part.size()) != 1) return std::nullopt;
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(ctx.get(), digest.data(), &size) != 1) return std::nullopt;
  return to_hex(digest.data(), size);
}

std::string format_nc(std::uint32_t nc) {
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i, nc >>= 4) out[static_cast<std::size_t>(i)] = k_hex[nc & 0xF];
  return out;
}

std::string_view qop_token(digest_qop q) noexcept {
  switch (q) {
    case digest_qop::auth: return "auth";
    case digest_qop::auth_int: return "auth-int";
    case digest_qop::none: break;
  }
  return {};
}

}  // namespace

const std::error_category& digest_category() noexcept {
  static const digest_category_impl category;
  return category;
}

std::error_code make_error_code(digest_errc e) noexcept { return {static_cast<int>(e), digest_category()}; }

std::optional<digest_algorithm> parse_digest_algorithm(std::string_view token) noexcept {
  if (token.empty() || iequals(token, "MD5")) return digest_algorithm::md5;
  if (iequals(token, "MD5-sess")) return digest_algorithm::md5_sess;
  if (iequals(token, "SHA-256")) return digest_algorithm::sha256;
  if (iequals(token, "SHA-256-sess")) return digest_algorithm::sha256_sess;
  if (iequals(token, "SHA-512-256")) return digest_algorithm::sha512_256;
  if (iequals(token, "SHA-512-256-sess")) return digest_algorithm::sha512_256_sess;
  return std::nullopt;
}

std::string_view digest_algorithm_name(digest_algorithm a) noexcept {
  switch (a) {
    case digest_algorithm::md5: return "MD5";
    case digest_algorithm::md5_sess: return "MD5-sess";
    case digest_algorithm::sha256: return "SHA-256";
    case digest_algorithm::sha256_sess: return "SHA-256-sess";
    case digest_algorithm::sha512_256: return "SHA-512-256";
    case digest_algorithm::sha512_256_sess: return "SHA-512-256-sess";
  }
  return "MD5";
}

bool is_session_variant(digest_algorithm a) noexcept {
  return a == digest_algorithm::md5_sess || a == digest_algorithm::sha256_sess ||
         a == digest_algorithm::sha512_256_sess;
}

std::optional<digest_qop> choose_qop(std::string_view offered) noexcept {
  if (offered.find_first_not_of(" \t,") == std::string_view::npos) return digest_qop::none;
  if (sip::list_contains(offered, "auth")) return digest_qop::auth;
  if (sip::list_contains(offered, "auth-int")) return digest_qop::auth_int;
  return std::nullopt;
}

std::optional<std::string> digest_response(const digest_params& p) {
  const EVP_MD* md = md_for(p.algorithm);
  // RFC 7616 §3.4.2: A1 = username:realm:password, or for -sess H(that):nonce:cnonce.
  auto ha1 = hex_hash(md, {p.username, p.realm, p.password});
  if (!ha1) return std::nullopt;
  if (is_session_variant(p.algorithm)) {
    ha1 = hex_hash(md, {*ha1, p.nonce, p.cnonce});
    if (!ha1) return std::nullopt;
  }
  // §3.4.3: A2 = method:uri, and :H(entity-body) for auth-int.
  std::optional<std::string> ha2;
  if (p.qop == digest_qop::auth_int) {
    const auto body_hash = hex_hash(md, {p.body});
    if (!body_hash) return std::nullopt;
    ha2 = hex_hash(md, {p.method, p.uri, *body_hash});
  } else {
    ha2 = hex_hash(md, {p.method, p.uri});
  }
  if (!ha2) return std::nullopt;
  // §3.4.1, and RFC 2069 §2.1.2 without qop.
  if (p.qop == digest_qop::none) return hex_hash(md, {*ha1, p.nonce, *ha2});
  return hex_hash(md, {*ha1, p.nonce, format_nc(p.nc), p.cnonce, qop_token(p.qop), *ha2});
}

const std::string& digest_result::value() const& {
  if (error_) throw std::system_error(error_);
  return value_;
}

std::string&& digest_result::value() && {
  if (error_) throw std::system_error(error_);
  return std::move(value_);
}

std::string random_cnonce() {
  std::array<unsigned char, 8> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    throw std::runtime_error("digest: RAND_bytes failed");
  return to_hex(bytes.data(), bytes.size());
}

digest_client::digest_client(cnonce_source cnonce, std::size_t max_nonces)
    : cnonce_(cnonce ? std::move(cnonce) : cnonce_source(random_cnonce)), max_nonces_(std::max<std::size_t>(max_nonces, 1)) {}

std::uint32_t digest_client::next_nc(std::string_view realm, std::string_view nonce) const noexcept {
  for (const auto& c : counts_)
    if (c.realm == realm && c.nonce == nonce) return c.used + 1;
  return 1;
}

std::uint32_t digest_client::take_nc(std::string_view realm, std::string_view nonce) {
  auto it = std::find_if(counts_.begin(), counts_.end(),
                         [&](const count& c) { return c.realm == realm && c.nonce == nonce; });
  count entry;
  if (it != counts_.end()) {
    entry = std::move(*it);
    counts_.erase(it);
  } else {
    if (counts_.size() >= max_nonces_) counts_.erase(counts_.begin());
    entry.realm = realm;
    entry.nonce = nonce;
  }
  const std::uint32_t nc = ++entry.used;
  counts_.push_back(std::move(entry));  // most recently used last
  return nc;
}

digest_result digest_client::answer(const sip::digest_challenge& challenge, const digest_input& in) {
  if (!challenge.is_digest()) return digest_errc::not_digest;
  if (challenge.nonce.empty()) return digest_errc::missing_nonce;
  const auto algorithm = parse_digest_algorithm(challenge.algorithm);
  if (!algorithm) return digest_errc::unsupported_algorithm;
  const auto qop = choose_qop(challenge.qop);
  if (!qop) return digest_errc::unsupported_qop;

  const bool with_cnonce = *qop != digest_qop::none || is_session_variant(*algorithm);
  const std::string cnonce = with_cnonce ? cnonce_() : std::string();
  const std::uint32_t nc = *qop != digest_qop::none ? next_nc(challenge.realm, challenge.nonce) : 0;

  // The challenge's quoted values arrive with their escapes; the hash covers what they mean.
  const std::string realm = unescape(challenge.realm);
  const std::string nonce = unescape(challenge.nonce);
  const auto response = digest_response({.algorithm = *algorithm,
                                         .qop = *qop,
                                         .username = in.username,
                                         .realm = realm,
                                         .password = in.password,
                                         .nonce = nonce,
                                         .cnonce = cnonce,
                                         .method = in.method,
                                         .uri = in.uri,
                                         .body = in.body,
                                         .nc = nc});
  if (!response) return digest_errc::unsupported_algorithm;
  if (*qop != digest_qop::none) take_nc(challenge.realm, challenge.nonce);

  std::string out;
  out.reserve(160 + in.username.size() + challenge.realm.size() + challenge.nonce.size() + in.uri.size() +
              response->size() + cnonce.size() + challenge.opaque.size());
  out += "Digest username=";
  append_quoted(out, in.username);
  out += ", realm=";
  append_raw_quoted(out, challenge.realm);
  out += ", nonce=";
  append_raw_quoted(out, challenge.nonce);
  out += ", uri=";
  append_quoted(out, in.uri);
  out += ", response=\"";
  out += *response;
  out += '"';
  if (!challenge.algorithm.empty()) {
    out += ", algorithm=";
    out += digest_algorithm_name(*algorithm);
  }
  if (with_cnonce) {
    out += ", cnonce=";
    append_quoted(out, cnonce);
  }
  if (*qop != digest_qop::none) {
    out += ", qop=";
    out += qop_token(*qop);
    out += ", nc=";
    out += format_nc(nc);
  }
  if (!challenge.opaque.empty()) {
    out += ", opaque=";
    append_raw_quoted(out, challenge.opaque);
  }
  return out;
}

std::optional<std::size_t> pick_challenge(std::span<const sip::digest_challenge> challenges) noexcept {
  for (std::size_t i = 0; i < challenges.size(); ++i) {
    const auto& c = challenges[i];
    if (!c.is_digest() || c.nonce.empty()) continue;
    const auto algorithm = parse_digest_algorithm(c.algorithm);
    if (!algorithm || md_for(*algorithm) == nullptr) continue;
    if (!choose_qop(c.qop)) continue;
    return i;
  }
  return std::nullopt;
}

std::optional<sip::header_id> challenge_header_for(int status) noexcept {
  if (status == 401) return sip::header_id::www_authenticate;
  if (status == 407) return sip::header_id::proxy_authenticate;
  return std::nullopt;
}

std::optional<sip::header_id> credentials_header_for(int status) noexcept {
  if (status == 401) return sip::header_id::authorization;
  if (status == 407) return sip::header_id::proxy_authorization;
  return std::nullopt;
}

std::string_view describe(auth_verdict v) noexcept {
  switch (v) {
    case auth_verdict::answer: return "answer the challenge";
    case auth_verdict::answer_stale: return "nonce stale: answer the new nonce";
    case auth_verdict::wrong_credentials: return "authentication failed: wrong username or password";
    case auth_verdict::too_many_stale: return "authentication failed: server keeps answering stale=true";
  }
  return "unknown";
}

auth_verdict judge_challenge(const answered_challenge* previous, const sip::digest_challenge& fresh,
                             unsigned max_stale) noexcept {
  if (previous == nullptr) return auth_verdict::answer;
  if (fresh.stale)
    return previous->stale_answers >= max_stale ? auth_verdict::too_many_stale : auth_verdict::answer_stale;
  return auth_verdict::wrong_credentials;
}

const answered_challenge* auth_attempts::find(std::string_view realm) const noexcept {
  for (const auto& a : answered_)
    if (a.realm == realm) return &a;
  return nullptr;
}

auth_verdict auth_attempts::judge(const sip::digest_challenge& challenge) {
  auto it = std::find_if(answered_.begin(), answered_.end(),
                         [&](const answered_challenge& a) { return a.realm == challenge.realm; });
  const bool seen = it != answered_.end();
  const auth_verdict v = judge_challenge(seen ? &*it : nullptr, challenge, max_stale_);
  if (v == auth_verdict::answer) {
    answered_.push_back({std::string(challenge.realm), std::string(challenge.nonce), 0});
  } else if (v == auth_verdict::answer_stale) {
    it->nonce = challenge.nonce;
    ++it->stale_answers;
  }
  return v;
}

}  // namespace sw::session
