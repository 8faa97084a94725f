#include "sdp/session_description.hpp"

#include <algorithm>
#include <limits>

#include "sdp/lex.hpp"

namespace sw::sdp {

std::string_view to_string(direction d) noexcept {
  switch (d) {
    case direction::sendrecv: return "sendrecv";
    case direction::sendonly: return "sendonly";
    case direction::recvonly: return "recvonly";
    case direction::inactive: return "inactive";
  }
  return "sendrecv";
}

std::optional<direction> direction_from(std::string_view name) noexcept {
  if (name == "sendrecv") return direction::sendrecv;
  if (name == "sendonly") return direction::sendonly;
  if (name == "recvonly") return direction::recvonly;
  if (name == "inactive") return direction::inactive;
  return std::nullopt;
}

bool format_cursor::next(std::string_view& format) noexcept {
  lex::fields f(rest_);
  if (!f.next(format)) {
    rest_ = {};
    return false;
  }
  rest_ = f.rest();
  return true;
}

bool format_cursor::next(std::uint8_t& payload_type) noexcept {
  std::string_view format;
  while (next(format)) {
    const auto pt = lex::parse_uint<std::uint8_t>(format);
    if (pt && *pt <= 127) {
      payload_type = *pt;
      return true;
    }
  }
  return false;
}

namespace {

// Any '/'-separated part of the proto is "RTP": RTP/AVP, RTP/SAVP, UDP/TLS/RTP/SAVPF, TCP/RTP/AVP.
bool proto_is_rtp(std::string_view proto) noexcept {
  while (!proto.empty()) {
    const std::size_t slash = proto.find('/');
    if (proto.substr(0, slash) == "RTP") return true;
    if (slash == std::string_view::npos) break;
    proto.remove_prefix(slash + 1);
  }
  return false;
}

bool proto_valid(std::string_view proto) noexcept {
  if (proto.empty()) return false;
  while (true) {
    const std::size_t slash = proto.find('/');
    if (!lex::is_token(proto.substr(0, slash))) return false;
    if (slash == std::string_view::npos) return true;
    proto.remove_prefix(slash + 1);
  }
}

// Hostnames, IPv4 and IPv6 literals (with a zone): what a connection or origin address can be.
bool address_valid(std::string_view a) noexcept {
  if (a.empty()) return false;
  for (char c : a) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || lex::is_digit(c) || c == '.' ||
                    c == ':' || c == '-' || c == '_' || c == '%';
    if (!ok) return false;
  }
  return true;
}

bool parse_origin(std::string_view value, origin& o) noexcept {
  lex::fields f(value);
  if (!f.next(o.username) || !f.next(o.session_id) || !f.next(o.session_version) || !f.next(o.net_type) ||
      !f.next(o.addr_type) || !f.next(o.address) || !f.rest().empty())
    return false;
  const auto id = lex::parse_uint<std::uint64_t>(o.session_id);
  const auto version = lex::parse_uint<std::uint64_t>(o.session_version);
  if (!id || !version) return false;
  o.id = *id;
  o.version = *version;
  return lex::is_token(o.net_type) && lex::is_token(o.addr_type) && address_valid(o.address);
}

bool parse_connection(std::string_view value, connection& c) noexcept {
  lex::fields f(value);
  std::string_view address;
  if (!f.next(c.net_type) || !f.next(c.addr_type) || !f.next(address) || !f.rest().empty()) return false;
  const std::size_t slash = address.find('/');
  c.address = address.substr(0, slash);
  if (slash != std::string_view::npos) {
    c.suffix = address.substr(slash + 1);
    // ttl[/count]: one or two numbers.
    std::string_view s = c.suffix;
    const std::size_t slash2 = s.find('/');
    if (!lex::parse_uint<std::uint32_t>(s.substr(0, slash2))) return false;
    if (slash2 != std::string_view::npos && !lex::parse_uint<std::uint32_t>(s.substr(slash2 + 1))) return false;
  }
  return lex::is_token(c.net_type) && lex::is_token(c.addr_type) && address_valid(c.address);
}

bool parse_timing(std::string_view value, timing& t) noexcept {
  lex::fields f(value);
  if (!f.next(t.start) || !f.next(t.stop) || !f.rest().empty()) return false;
  return lex::parse_uint<std::uint64_t>(t.start) && lex::parse_uint<std::uint64_t>(t.stop);
}

// m=<media> <port>[/<number of ports>] <proto> 1*(SP <fmt>)
bool parse_media(std::string_view value, media_description& m) noexcept {
  lex::fields f(value);
  std::string_view port;
  if (!f.next(m.type) || !f.next(port) || !f.next(m.proto)) return false;
  m.formats = f.rest();
  if (!lex::is_token(m.type) || !proto_valid(m.proto) || m.formats.empty()) return false;

  const std::size_t slash = port.find('/');
  const auto number = lex::parse_uint<std::uint16_t>(port.substr(0, slash));
  if (!number) return false;
  m.port = *number;
  if (slash != std::string_view::npos) {
    const auto count = lex::parse_uint<std::uint16_t>(port.substr(slash + 1));
    if (!count || *count == 0) return false;
    m.port_count = *count;
  }

  // RFC 4566 §5.14: for RTP profiles the formats are payload type numbers.
  const bool rtp = proto_is_rtp(m.proto);
  format_cursor formats(m.formats);
  std::string_view format;
  while (formats.next(format)) {
    if (rtp) {
      const auto pt = lex::parse_uint<std::uint8_t>(format);
      if (!pt || *pt > 127) return false;
    } else if (!lex::is_token(format)) {
      return false;
    }
  }
  return true;
}

std::string_view trim_right(std::string_view s) noexcept {
  while (!s.empty() && lex::is_ws(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

bool media_description::is_rtp() const noexcept { return proto_is_rtp(proto); }

bool media_description::has_format(std::uint8_t payload_type) const noexcept {
  format_cursor c = format_list();
  std::uint8_t pt;
  while (c.next(pt))
    if (pt == payload_type) return true;
  return false;
}

const attribute* media_description::find(std::string_view name, const attribute* after) const noexcept {
  const attribute* it = after ? after + 1 : attributes.data();
  for (const attribute* end = attributes.data() + attributes.size(); it < end; ++it)
    if (lex::iequals(it->name, name)) return it;
  return nullptr;
}

std::optional<sdp::rtpmap> media_description::rtpmap(std::uint8_t payload_type) const noexcept {
  for (const attribute* a = find("rtpmap"); a; a = find("rtpmap", a)) {
    // Negotiation asks for each offered format in turn: compare the leading payload type
    // before parsing the whole value.
    const std::string_view v = a->value;
    std::size_t digits = 0;
    unsigned pt = 0;
    while (digits < v.size() && digits < 4 && v[digits] >= '0' && v[digits] <= '9') pt = pt * 10 + unsigned(v[digits++] - '0');
    if (digits == 0 || pt != payload_type) continue;
    const auto r = parse_rtpmap(v);
    if (r && r->payload_type == payload_type) return r;
  }
  return static_payload_type(payload_type);
}

std::string_view media_description::fmtp(std::uint8_t payload_type) const noexcept {
  for (const attribute* a = find("fmtp"); a; a = find("fmtp", a)) {
    const fmtp_value v = split_fmtp(a->value);
    const auto pt = lex::parse_uint<std::uint8_t>(v.format);
    if (pt && *pt == payload_type) return v.parameters;
  }
  return {};
}

std::optional<std::uint32_t> media_description::ptime() const noexcept {
  const attribute* a = find("ptime");
  if (!a) return std::nullopt;
  return lex::parse_uint<std::uint32_t>(a->value);
}

const attribute* session_description::find(std::string_view name, const attribute* after) const noexcept {
  const attribute* it = after ? after + 1 : session_attributes_.data();
  for (const attribute* end = session_attributes_.data() + session_attributes_.size(); it < end; ++it)
    if (lex::iequals(it->name, name)) return it;
  return nullptr;
}

void session_description::clear() noexcept {
  text_ = {};
  origin_ = {};
  session_name_ = {};
  connection_.reset();
  time_.reset();
  direction_ = sdp::direction::sendrecv;
  session_attributes_ = {};
  session_others_ = {};
  attributes_.clear();
  others_.clear();
  media_.clear();
  ranges_.clear();
}

void session_description::link() noexcept {
  const std::size_t first_attribute = ranges_.empty() ? attributes_.size() : ranges_.front().attributes_begin;
  const std::size_t first_other = ranges_.empty() ? others_.size() : ranges_.front().others_begin;
  session_attributes_ = {attributes_.data(), first_attribute};
  session_others_ = {others_.data(), first_other};
  for (std::size_t i = 0; i < media_.size(); ++i) {
    const media_range& r = ranges_[i];
    const std::size_t attributes_end = i + 1 < ranges_.size() ? ranges_[i + 1].attributes_begin : attributes_.size();
    const std::size_t others_end = i + 1 < ranges_.size() ? ranges_[i + 1].others_begin : others_.size();
    media_description& m = media_[i];
    m.attributes = {attributes_.data() + r.attributes_begin, attributes_end - r.attributes_begin};
    m.others = {others_.data() + r.others_begin, others_end - r.others_begin};
    if (!m.connection) m.connection = connection_;
    if (!r.direction_set) m.direction = direction_;
  }
}

parse_error session_description::parse(std::string_view text) {
  clear();
  text_ = text;
  std::uint32_t line_no = 0;
  bool seen_v = false, seen_o = false, seen_s = false;
  // Offsets are 32-bit like the SIP layer's; a description that large is not SDP anyway.
  const auto at = [](std::size_t offset) {
    return static_cast<std::uint32_t>(std::min<std::size_t>(offset, std::numeric_limits<std::uint32_t>::max()));
  };

  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t start = pos;
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    pos = end == text.size() ? end : end + 1;
    ++line_no;
    const auto fail = [&](errc e, std::size_t offset) { return parse_error{e, line_no, at(offset)}; };

    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    for (std::size_t i = 0; i < line.size(); ++i)
      if (line[i] == '\0' || line[i] == '\r') return fail(errc::invalid_character, start + i);
    // RFC 4566 has no empty lines, but a trailing extra CRLF is common and carries nothing.
    if (line.empty()) continue;
    if (line.size() < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z') return fail(errc::line_malformed, start);

    const char type = line[0];
    const std::string_view value = trim_right(line.substr(2));
    const std::size_t value_at = start + 2;
    const bool in_media = !media_.empty();
    if (!seen_v && type != 'v') return fail(errc::version_missing, start);

    switch (type) {
      case 'v':
        if (seen_v) return fail(errc::line_duplicate, start);
        if (value != "0") return fail(errc::version_unsupported, value_at);
        seen_v = true;
        break;
      case 'o':
        if (in_media) return fail(errc::line_misplaced, start);
        if (seen_o) return fail(errc::line_duplicate, start);
        if (!parse_origin(value, origin_)) return fail(errc::origin_malformed, value_at);
        seen_o = true;
        break;
      case 's':
        if (in_media) return fail(errc::line_misplaced, start);
        if (seen_s) return fail(errc::line_duplicate, start);
        // RFC 4566 asks for "s= " when there is no name; an empty s= is common, so accept it.
        session_name_ = value;
        seen_s = true;
        break;
      case 'c': {
        sdp::connection c;
        if (!parse_connection(value, c)) return fail(errc::connection_malformed, value_at);
        if (in_media) {
          media_description& m = media_.back();
          if (m.connection_at_media) return fail(errc::line_duplicate, start);
          m.connection = c;
          m.connection_at_media = true;
        } else {
          if (connection_) return fail(errc::line_duplicate, start);
          connection_ = c;
        }
        break;
      }
      case 't':
        if (in_media) return fail(errc::line_misplaced, start);
        if (time_) {
          // More time descriptions are legal; a call has no use for them.
          others_.push_back({type, value, line_no});
          break;
        }
        if (timing t; parse_timing(value, t)) {
          time_ = t;
        } else {
          return fail(errc::time_malformed, value_at);
        }
        break;
      case 'm': {
        media_description m;
        if (!parse_media(value, m)) return fail(errc::media_malformed, value_at);
        m.line = line_no;
        media_.push_back(m);
        ranges_.push_back({static_cast<std::uint32_t>(attributes_.size()), static_cast<std::uint32_t>(others_.size()),
                           false});
        break;
      }
      case 'a': {
        const std::size_t colon = value.find(':');
        attribute a{value.substr(0, colon), {}, line_no};
        if (colon != std::string_view::npos) a.value = lex::trim(value.substr(colon + 1));
        if (!lex::is_token(a.name)) return fail(errc::attribute_malformed, value_at);
        if (const auto d = direction_from(a.name); d && a.value.empty()) {
          if (in_media) {
            media_.back().direction = *d;
            ranges_.back().direction_set = true;
          } else {
            direction_ = *d;
          }
        }
        attributes_.push_back(a);
        break;
      }
      default:
        others_.push_back({type, value, line_no});
        break;
    }
  }

  const auto missing = [&](errc e) { return parse_error{e, line_no + 1, at(text.size())}; };
  // Any line but a blank one before v= has failed above, so no v= means nothing was there.
  if (!seen_v) return missing(errc::empty);
  if (!seen_o) return missing(errc::origin_missing);
  if (!seen_s) return missing(errc::session_name_missing);
  link();
  return {};
}

bool origin_line_valid(std::string_view line) noexcept {
  // What parse() does with one line: the line break off, no NUL or CR inside, the value
  // trimmed on the right, then the origin's fields.
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  for (char c : line)
    if (c == '\0' || c == '\r' || c == '\n') return false;
  if (line.size() < 2 || line[0] != 'o' || line[1] != '=') return false;
  origin o;
  return parse_origin(trim_right(line.substr(2)), o);
}

parse_result parse(std::string_view text) {
  parse_result r;
  r.error = r.description.parse(text);
  return r;
}

}  // namespace sw::sdp
