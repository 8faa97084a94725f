#include "sip/header_id.hpp"

#include <array>

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
// Long names grouped by first letter; each group is tried only for names of equal length.
constexpr std::size_t k_group = 13;
constexpr std::array<std::array<header_id, k_group>, 26> make_groups() {
  std::array<std::array<header_id, k_group>, 26> g{};
  g['a' - 'a'][0] = header_id::accept;
  g['a' - 'a'][1] = header_id::accept_contact;
  g['a' - 'a'][2] = header_id::accept_encoding;
  g['a' - 'a'][3] = header_id::accept_language;
  g['a' - 'a'][4] = header_id::alert_info;
  g['a' - 'a'][5] = header_id::allow;
  g['a' - 'a'][6] = header_id::allow_events;
  g['a' - 'a'][7] = header_id::authentication_info;
  g['a' - 'a'][8] = header_id::authorization;
  g['c' - 'a'][0] = header_id::call_id;
  g['c' - 'a'][1] = header_id::call_info;
  g['c' - 'a'][2] = header_id::contact;
  g['c' - 'a'][3] = header_id::content_disposition;
  g['c' - 'a'][4] = header_id::content_encoding;
  g['c' - 'a'][5] = header_id::content_language;
  g['c' - 'a'][6] = header_id::content_length;
  g['c' - 'a'][7] = header_id::content_type;
  g['c' - 'a'][8] = header_id::cseq;
  g['d' - 'a'][0] = header_id::date;
  g['e' - 'a'][0] = header_id::error_info;
  g['e' - 'a'][1] = header_id::event;
  g['e' - 'a'][2] = header_id::expires;
  g['f' - 'a'][0] = header_id::from;
  g['i' - 'a'][0] = header_id::identity;
  g['i' - 'a'][1] = header_id::in_reply_to;
  g['m' - 'a'][0] = header_id::max_forwards;
  g['m' - 'a'][1] = header_id::min_expires;
  g['m' - 'a'][2] = header_id::min_se;
  g['m' - 'a'][3] = header_id::mime_version;
  g['o' - 'a'][0] = header_id::organization;
  g['p' - 'a'][0] = header_id::p_asserted_identity;
  g['p' - 'a'][1] = header_id::p_preferred_identity;
  g['p' - 'a'][2] = header_id::priority;
  g['p' - 'a'][3] = header_id::privacy;
  g['p' - 'a'][4] = header_id::proxy_authenticate;
  g['p' - 'a'][5] = header_id::proxy_authorization;
  g['p' - 'a'][6] = header_id::proxy_require;
  g['r' - 'a'][0] = header_id::rack;
  g['r' - 'a'][1] = header_id::reason;
  g['r' - 'a'][2] = header_id::record_route;
  g['r' - 'a'][3] = header_id::refer_to;
  g['r' - 'a'][4] = header_id::referred_by;
  g['r' - 'a'][5] = header_id::reject_contact;
  g['r' - 'a'][6] = header_id::reply_to;
  g['r' - 'a'][7] = header_id::replaces;
  g['r' - 'a'][8] = header_id::request_disposition;
  g['r' - 'a'][9] = header_id::require;
  g['r' - 'a'][10] = header_id::retry_after;
  g['r' - 'a'][11] = header_id::route;
  g['r' - 'a'][12] = header_id::rseq;
  g['s' - 'a'][0] = header_id::server;
  g['s' - 'a'][1] = header_id::session_expires;
  g['s' - 'a'][2] = header_id::subject;
  g['s' - 'a'][3] = header_id::subscription_state;
  g['s' - 'a'][4] = header_id::supported;
  g['t' - 'a'][0] = header_id::timestamp;
  g['t' - 'a'][1] = header_id::to;
  g['u' - 'a'][0] = header_id::unsupported;
  g['u' - 'a'][1] = header_id::user_agent;
  g['v' - 'a'][0] = header_id::via;
  g['w' - 'a'][0] = header_id::warning;
  g['w' - 'a'][1] = header_id::www_authenticate;
  return g;
}
constexpr auto k_groups = make_groups();
}  // namespace

header_id lookup_header(std::string_view name) noexcept {
  if (name.size() == 1) {
    const char c = lex::lower(name[0]);
    return (c >= 'a' && c <= 'z') ? k_compact[static_cast<std::size_t>(c - 'a')] : header_id::other;
  }
  const char first = name.empty() ? '\0' : lex::lower(name[0]);
  if (first < 'a' || first > 'z') return header_id::other;
  for (header_id id : k_groups[static_cast<std::size_t>(first - 'a')]) {
    if (id == header_id::other) break;
    const std::string_view candidate = k_names[static_cast<std::size_t>(id)];
    if (candidate.size() == name.size() && lex::iequals(candidate, name)) return id;
  }
  return header_id::other;
}

std::string_view header_name(header_id id) noexcept {
  const auto i = static_cast<std::size_t>(id);
  return i < k_names.size() ? k_names[i] : std::string_view{};
}

}  // namespace sw::sip
