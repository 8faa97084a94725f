#include "sip/header_id.hpp"

#include <array>
#include <cstdint>
#include <cstring>

#include "sip/chars.hpp"

namespace sw::sip {

namespace {
constexpr std::array<std::string_view, static_cast<std::size_t>(header_id::count_)> k_names = {
    "",
    "Accept",
    "Accept-Contact",
    "Accept-Encoding",
    "Accept-Language",
    "Alert-Info",
    "Allow",
    "Allow-Events",
    "Authentication-Info",
    "Authorization",
    "Call-ID",
    "Call-Info",
    "Contact",
    "Content-Disposition",
    "Content-Encoding",
    "Content-Language",
    "Content-Length",
    "Content-Type",
    "CSeq",
    "Date",
    "Error-Info",
    "Event",
    "Expires",
    "From",
    "Identity",
    "In-Reply-To",
    "Max-Forwards",
    "Min-Expires",
    "Min-SE",
    "MIME-Version",
    "Organization",
    "P-Asserted-Identity",
    "P-Preferred-Identity",
    "Priority",
    "Privacy",
    "Proxy-Authenticate",
    "Proxy-Authorization",
    "Proxy-Require",
    "RAck",
    "Reason",
    "Record-Route",
    "Refer-To",
    "Referred-By",
    "Reject-Contact",
    "Reply-To",
    "Replaces",
    "Request-Disposition",
    "Require",
    "Retry-After",
    "Route",
    "RSeq",
    "Server",
    "Session-Expires",
    "Subject",
    "Subscription-State",
    "Supported",
    "Timestamp",
    "To",
    "Unsupported",
    "User-Agent",
    "Via",
    "Warning",
    "WWW-Authenticate",
};

constexpr std::array<header_id, 26> make_compact() {
  std::array<header_id, 26> t{};
  t['a' - 'a'] = header_id::accept_contact;
  t['b' - 'a'] = header_id::referred_by;
  t['c' - 'a'] = header_id::content_type;
  t['d' - 'a'] = header_id::request_disposition;
  t['e' - 'a'] = header_id::content_encoding;
  t['f' - 'a'] = header_id::from;
  t['i' - 'a'] = header_id::call_id;
  t['j' - 'a'] = header_id::reject_contact;
  t['k' - 'a'] = header_id::supported;
  t['l' - 'a'] = header_id::content_length;
  t['m' - 'a'] = header_id::contact;
  t['o' - 'a'] = header_id::event;
  t['r' - 'a'] = header_id::refer_to;
  t['s' - 'a'] = header_id::subject;
  t['t' - 'a'] = header_id::to;
  t['u' - 'a'] = header_id::allow_events;
  t['v' - 'a'] = header_id::via;
  t['x' - 'a'] = header_id::session_expires;
  t['y' - 'a'] = header_id::identity;
  return t;
}
constexpr std::array<header_id, 26> k_compact = make_compact();

// Long names by (length, first letter): every name is looked up once per header line, so the
// lookup is one table index and, almost always, one compare. At most three names share a
// slot (Refer-To, Reply-To, Replaces); make_slots() fails to compile if a slot overflows.
constexpr std::size_t k_max_name = 20;  // P-Preferred-Identity
constexpr std::size_t k_per_slot = 3;
using slot = std::array<header_id, k_per_slot>;
constexpr std::size_t slot_index(std::size_t size, char first) {
  return size * 26 + static_cast<std::size_t>(lex::lower(first) - 'a');
}
constexpr std::array<slot, (k_max_name + 1) * 26> make_slots() {
  std::array<slot, (k_max_name + 1) * 26> t{};
  for (std::size_t i = 1; i < k_names.size(); ++i) {
    const std::string_view name = k_names[i];
    if (name.size() > k_max_name) throw "k_max_name is too small";
    slot& s = t[slot_index(name.size(), name[0])];
    std::size_t k = 0;
    while (k < k_per_slot && s[k] != header_id::other) ++k;
    if (k == k_per_slot) throw "k_per_slot is too small";
    s[k] = static_cast<header_id>(i);
  }
  return t;
}
constexpr auto k_slots = make_slots();

// Each name in lower case, and a mask with 0x20 in its letter positions: (byte | mask) equals
// the lower-case name exactly when the byte is that letter in either case, or the very '-'.
// That lets a candidate be compared 8, 4 or 2 bytes at a time.
struct folded_name {
  std::array<char, k_max_name> lower{};
  std::array<char, k_max_name> mask{};
};
constexpr std::array<folded_name, k_names.size()> make_folded() {
  std::array<folded_name, k_names.size()> t{};
  for (std::size_t i = 0; i < k_names.size(); ++i)
    for (std::size_t k = 0; k < k_names[i].size(); ++k) {
      const char c = k_names[i][k];
      t[i].lower[k] = lex::lower(c);
      t[i].mask[k] = (lex::lower(c) >= 'a' && lex::lower(c) <= 'z') ? 0x20 : 0;
    }
  return t;
}
constexpr auto k_folded = make_folded();

template <class Word>
Word load(const char* p) {
  Word w;
  std::memcpy(&w, p, sizeof w);
  return w;
}
template <class Word>
bool same_at(const char* name, const folded_name& f, std::size_t at) {
  return (load<Word>(name + at) | load<Word>(f.mask.data() + at)) == load<Word>(f.lower.data() + at);
}
// Compares a name of 2..k_max_name bytes with a candidate of the same length, in words that
// may overlap at the end so nothing past the name is read.
bool same_name(std::string_view name, const folded_name& f) {
  const std::size_t n = name.size();
  const char* p = name.data();
  if (n >= 8) {
    for (std::size_t at = 0; at + 8 < n; at += 8)
      if (!same_at<std::uint64_t>(p, f, at)) return false;
    return same_at<std::uint64_t>(p, f, n - 8);
  }
  if (n >= 4) return same_at<std::uint32_t>(p, f, 0) && same_at<std::uint32_t>(p, f, n - 4);
  return same_at<std::uint16_t>(p, f, 0) && same_at<std::uint16_t>(p, f, n - 2);
}
}  // namespace

header_id lookup_header(std::string_view name) noexcept {
  if (name.empty()) return header_id::other;
  const char first = lex::lower(name[0]);
  if (first < 'a' || first > 'z') return header_id::other;
  if (name.size() == 1) return k_compact[static_cast<std::size_t>(first - 'a')];
  if (name.size() > k_max_name) return header_id::other;
  for (header_id id : k_slots[slot_index(name.size(), first)]) {
    if (id == header_id::other) break;
    if (same_name(name, k_folded[static_cast<std::size_t>(id)])) return id;
  }
  return header_id::other;
}

std::string_view header_name(header_id id) noexcept {
  const auto i = static_cast<std::size_t>(id);
  return i < k_names.size() ? k_names[i] : std::string_view{};
}

namespace {
// Each long name followed by ": ", laid out at compile time: what a builder writes before a
// value, in one copy instead of two.
static_assert(k_max_name + 2 < k_line_start_row);  // the last byte holds the length
constexpr std::array<std::array<char, k_line_start_row>, k_names.size()> make_line_starts() {
  std::array<std::array<char, k_line_start_row>, k_names.size()> t{};
  for (std::size_t i = 1; i < k_names.size(); ++i) {
    std::size_t k = 0;
    for (char c : k_names[i]) t[i][k++] = c;
    t[i][k++] = ':';
    t[i][k++] = ' ';
    t[i][k_line_start_row - 1] = static_cast<char>(k);
  }
  return t;
}
}  // namespace

namespace detail {
constexpr std::array<std::array<char, k_line_start_row>, static_cast<std::size_t>(header_id::count_)> line_starts =
    make_line_starts();
}  // namespace detail

}  // namespace sw::sip
