#include "sdp/builder.hpp"

#include <charconv>
#include <cstring>

#include "sdp/lex.hpp"

namespace sw::sdp {
namespace {

errc validate(const audio_description& d) noexcept {
  if (d.codecs.empty()) return errc::nothing_to_offer;
  // The username is one field of o=; an empty one is written as "-".
  if (d.username.find_first_of(" \t") != std::string_view::npos) return errc::field_invalid;
  if (d.address.empty() || !lex::line_safe(d.address) || d.address.find_first_of(" \t") != std::string_view::npos)
    return errc::field_invalid;
  if (!lex::line_safe(d.username) || !lex::line_safe(d.session_name) || !lex::line_safe(d.proto) ||
      !lex::line_safe(d.telephone_event_fmtp) || d.proto.empty())
    return errc::field_invalid;
  for (const codec& c : d.codecs)
    if (c.payload_type > 127 || c.encoding.empty() || !lex::line_safe(c.encoding) || !lex::line_safe(c.fmtp))
      return errc::field_invalid;
  if (d.telephone_event_pt && *d.telephone_event_pt > 127) return errc::field_invalid;
  for (std::string_view a : d.attributes)
    if (a.empty() || !lex::line_safe(a)) return errc::field_invalid;
  if (!d.offer_media.empty() && d.audio_index >= d.offer_media.size()) return errc::field_invalid;
  return errc::ok;
}

// Appends to a std::string, or to a fixed buffer until it is full (then only counts).
class writer {
 public:
  explicit writer(std::string& s) noexcept : string_(&s) {}
  explicit writer(std::span<char> buffer) noexcept : buffer_(buffer) {}

  writer& operator<<(std::string_view s) {
    if (string_) {
      string_->append(s);
    } else if (!overflow_ && s.size() <= buffer_.size() - used_) {
      if (!s.empty()) std::memcpy(buffer_.data() + used_, s.data(), s.size());
      used_ += s.size();
    } else {
      overflow_ = true;
    }
    return *this;
  }
  writer& operator<<(std::uint64_t n) {
    char digits[20];
    const auto r = std::to_chars(digits, digits + sizeof digits, n);
    return *this << std::string_view(digits, static_cast<std::size_t>(r.ptr - digits));
  }
  writer& operator<<(char c) { return *this << std::string_view(&c, 1); }

  bool overflow() const noexcept { return overflow_; }
  std::size_t used() const noexcept { return used_; }

 private:
  std::string* string_ = nullptr;
  std::span<char> buffer_;
  std::size_t used_ = 0;
  bool overflow_ = false;
};

constexpr std::string_view crlf = "\r\n";
std::uint64_t num(std::uint64_t n) { return n; }

void write_audio(const audio_description& d, writer& w) {
  w << "m=audio " << num(d.port) << ' ' << d.proto;
  for (const codec& c : d.codecs) w << ' ' << num(c.payload_type);
  if (d.telephone_event_pt) w << ' ' << num(*d.telephone_event_pt);
  w << crlf;
  // Static payload types get an rtpmap too: RFC 3264 §5.1 recommends it, and every PBX does.
  for (const codec& c : d.codecs) {
    w << "a=rtpmap:" << num(c.payload_type) << ' ' << c.encoding << '/' << num(c.clock_rate);
    if (c.channels > 1) w << '/' << num(c.channels);
    w << crlf;
    if (!c.fmtp.empty()) w << "a=fmtp:" << num(c.payload_type) << ' ' << c.fmtp << crlf;
  }
  if (d.telephone_event_pt) {
    const std::uint64_t pt = *d.telephone_event_pt;
    w << "a=rtpmap:" << pt << ' ' << telephone_event_encoding << "/8000" << crlf;
    if (!d.telephone_event_fmtp.empty()) w << "a=fmtp:" << pt << ' ' << d.telephone_event_fmtp << crlf;
  }
  if (d.ptime != 0) w << "a=ptime:" << num(d.ptime) << crlf;
  for (std::string_view a : d.attributes) w << "a=" << a << crlf;
  w << "a=" << to_string(d.dir) << crlf;
}

void write(const audio_description& d, writer& w) {
  const std::string_view addr_type = d.ipv6 ? "IP6" : "IP4";
  w << "v=0" << crlf;
  w << "o=" << (d.username.empty() ? std::string_view("-") : d.username) << ' ' << d.session_id << ' '
    << d.version << " IN " << addr_type << ' ' << d.address << crlf;
  w << "s=" << (d.session_name.empty() ? std::string_view("-") : d.session_name) << crlf;
  w << "c=IN " << addr_type << ' ' << d.address << crlf;
  w << "t=0 0" << crlf;
  if (d.offer_media.empty()) {
    write_audio(d, w);
    return;
  }
  for (std::size_t i = 0; i < d.offer_media.size(); ++i) {
    if (i == d.audio_index) {
      write_audio(d, w);
    } else {
      const media_description& m = d.offer_media[i];
      w << "m=" << m.type << " 0 " << m.proto << ' ' << m.formats << crlf;
    }
  }
}

}  // namespace

std::error_code build(const audio_description& d, std::string& out) {
  if (const errc e = validate(d); e != errc::ok) return e;
  writer w(out);
  write(d, w);
  return {};
}

build_result build(const audio_description& d, std::span<char> out) noexcept {
  if (const errc e = validate(d); e != errc::ok) return {0, e};
  writer w(out);
  write(d, w);  // a span writer never allocates, so nothing here throws
  if (w.overflow()) return {0, errc::buffer_too_small};
  return {w.used(), {}};
}

}  // namespace sw::sdp
