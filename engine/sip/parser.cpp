// The message parser: framing of one message in a buffer, the start line, header lines with
// folding, and the checks of the headers the stack relies on. RFC 3261 §7 and §25; the RFC 4475
// section that motivates a rule is named beside it.
#include "sip/chars.hpp"
#include "sip/message.hpp"

namespace sw::sip {

class parser {
 public:
  parser(message& m, std::size_t size, const parse_options& options)
      : m_(m), data_(m.buffer_.data()), size_(size), options_(options) {}

  parse_error run();

 private:
  parse_error fail(errc code, std::size_t at) const {
    return {code, static_cast<std::uint32_t>(at), 0};
  }
  parse_error start_line(std::string_view line, std::size_t at);
  parse_error header_lines(std::size_t& pos);
  parse_error frame_body(std::size_t body_at);
  parse_error check_headers();
  // Calls check(value, offset) for each comma-separated value of the headers with `id`, from
  // `first` on, until it returns an error.
  template <class F>
  parse_error each_value(const header_field* first, header_id id, F&& check) const;
  std::uint16_t answer_for(const parse_error& e) const;

  message& m_;
  char* data_;
  std::size_t size_;
  const parse_options& options_;
  // Where Contact values are parsed to be checked. A member rather than a local: GCC clears a
  // local this large with `rep stos` even where engine/sip/CMakeLists.txt asks for SSE stores.
  name_addr contact_;
};

namespace {
// End of the line starting at `pos`: index of its '\n' (or size). A bare LF is accepted as a
// line end, as most stacks do; a preceding CR is not part of the line.
std::size_t line_end(const char* data, std::size_t pos, std::size_t size) {
  return static_cast<std::size_t>(lex::find_byte(data + pos, data + size, '\n') - data);
}
std::size_t content_end(const char* data, std::size_t line_start, std::size_t nl) {
  return (nl > line_start && data[nl - 1] == '\r') ? nl - 1 : nl;
}
bool version_is_sip20(std::string_view v) { return lex::iequals(v, "SIP/2.0"); }
// As (nearly) every message spells it; it passes both checks below.
bool exactly_sip20(std::string_view v) { return v == "SIP/2.0"; }
bool looks_like_version(std::string_view v) {
  // SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT
  if (v.size() < 7 || !lex::istarts_with(v, "SIP/")) return false;
  const std::size_t dot = lex::find(v, '.', 4);
  if (dot == std::string_view::npos || dot == 4 || dot + 1 == v.size()) return false;
  for (std::size_t i = 4; i < v.size(); ++i)
    if (i != dot && !lex::is_digit(v[i])) return false;
  return true;
}
}  // namespace

parse_error message::parse_prepared(std::size_t size, const parse_options& options) {
  reset();
  if (size > options.max_size) return {errc::message_too_large, options.max_size, 513};
  parser p(*this, size, options);
  return p.run();
}

parse_error parser::run() {
  std::size_t pos = 0;
  // RFC 3261 §7.5: CRLFs before the start line are ignored.
  while (pos < size_ && (data_[pos] == '\r' || data_[pos] == '\n')) ++pos;
  if (pos == size_) return fail(errc::empty_message, pos);
  m_.start_ = static_cast<std::uint32_t>(pos);

  const std::size_t nl = line_end(data_, pos, size_);
  if (nl == size_) return fail(options_.stream ? errc::need_more : errc::headers_unterminated, size_);
  const std::size_t end = content_end(data_, pos, nl);
  parse_error e = start_line({data_ + pos, end - pos}, pos);
  pos = nl + 1;
  // A start line whose shape is right but whose version or Request-URI is not acceptable
  // still has its headers read, so that the answer (505, 400) can be built from them.
  parse_error deferred;
  if (e.code == errc::version_unsupported || e.code == errc::request_uri_invalid ||
      e.code == errc::request_uri_has_headers) {
    deferred = e;
    e = {};
  }
  if (!e) e = header_lines(pos);
  if (!e) e = frame_body(pos);
  if (!e) e = check_headers();
  if (deferred && e.code != errc::need_more) e = deferred;
  if (e) e.answer = answer_for(e);
  return e;
}

parse_error parser::start_line(std::string_view line, std::size_t at) {
  // Request-Line = Method SP Request-URI SP SIP-Version; Status-Line = SIP-Version SP
  // Status-Code SP Reason-Phrase. Exactly one SP between elements (RFC 4475 3.1.2.8-10).
  const std::size_t sp1 = lex::find(line, ' ');
  if (sp1 == std::string_view::npos || sp1 == 0) return fail(errc::start_line_malformed, at);
  const std::string_view first = line.substr(0, sp1);

  if (lex::istarts_with(first, "SIP/")) {
    m_.version_ = first;
    const bool sip20 = exactly_sip20(first);
    if (!sip20 && !looks_like_version(first)) return fail(errc::start_line_malformed, at);
    const std::size_t code_at = sp1 + 1;
    std::size_t i = code_at;
    while (i < line.size() && lex::is_digit(line[i])) ++i;
    if (i - code_at != 3 || (i < line.size() && line[i] != ' ')) return fail(errc::status_code_invalid, at + code_at);
    const int code = (line[code_at] - '0') * 100 + (line[code_at + 1] - '0') * 10 + (line[code_at + 2] - '0');
    if (code < 100 || code > 699) return fail(errc::status_code_invalid, at + code_at);
    m_.status_ = code;
    // RFC 4475 3.1.1.13: the reason phrase may be empty; it is text for humans (3.1.1.12).
    m_.reason_ = i < line.size() ? line.substr(i + 1) : std::string_view{};
    if (!sip20 && !version_is_sip20(first)) return fail(errc::version_unsupported, at);
    return {};
  }

  m_.method_text_ = first;
  m_.method_ = method_from(first);
  // A method the table knows is a token; only others need the check.
  if (m_.method_ == method::unknown && !lex::is_token(first)) return fail(errc::method_invalid, at);
  const std::size_t uri_at = sp1 + 1;
  const std::size_t sp2 = lex::find_long(line, ' ', uri_at);
  if (sp2 == std::string_view::npos || sp2 == uri_at) return fail(errc::start_line_malformed, at + uri_at);
  const std::string_view version = line.substr(sp2 + 1);
  m_.request_uri_text_ = line.substr(uri_at, sp2 - uri_at);
  m_.version_ = version;
  if (!exactly_sip20(version)) {
    if (!looks_like_version(version)) return fail(errc::start_line_malformed, at + sp2 + 1);
    if (!version_is_sip20(version)) return fail(errc::version_unsupported, at + sp2 + 1);
  }
  if (auto e = parse_uri_fresh(m_.request_uri_text_, m_.request_uri_, static_cast<std::uint32_t>(at + uri_at))) {
    e.code = errc::request_uri_invalid;
    return e;
  }
  if (m_.request_uri_.is_sip() && !m_.request_uri_.headers.empty())
    return fail(errc::request_uri_has_headers, at + uri_at);
  return {};
}

parse_error parser::header_lines(std::size_t& pos) {
  // A stream may simply not have delivered the rest yet; a datagram is all there is.
  auto unterminated = [&] {
    return fail(options_.stream ? errc::need_more : errc::headers_unterminated, size_);
  };
  // Counted here rather than read back from the vector: its size() is a division by 40.
  std::size_t count = m_.headers_.size();
  for (;;) {
    if (pos >= size_) {
      // A datagram that ends right after a complete header line has no body; accept it as if
      // the empty line were there (RFC 4475 3.1.2.15's archive copy ends so).
      if (options_.stream) return unterminated();
      return {};
    }
    const char* colon_at;
    std::size_t nl = static_cast<std::size_t>(lex::find_line_end(data_ + pos, data_ + size_, colon_at) - data_);
    if (nl == size_) {
      if (!options_.stream && size_ - pos == 1 && data_[pos] == '\r') {  // the empty line lost its LF
        pos = size_;
        return {};
      }
      return unterminated();
    }
    std::size_t end = content_end(data_, pos, nl);
    if (end == pos) {  // the empty line
      pos = nl + 1;
      return {};
    }
    // Fold continuation lines into this one: RFC 3261 §7.3.1 lets a folded line be read as a
    // single SP, so the CR and LF become spaces in place and views stay contiguous. (This loop
    // and the two trims below test once, marked unlikely, before looping: 178 instructions per
    // call fewer than plain while loops, bench/RESULTS.md stop 11.)
    if (nl + 1 < size_ && lex::is_ws(data_[nl + 1])) [[unlikely]] {
      do {
        data_[end] = ' ';
        data_[nl] = ' ';
        nl = line_end(data_, nl + 1, size_);
        if (nl == size_) return unterminated();
        end = content_end(data_, pos, nl);
      } while (nl + 1 < size_ && lex::is_ws(data_[nl + 1]));
    }

    // header = token *LWS ":" value
    const std::string_view line(data_ + pos, end - pos);
    // The colon found with the line end ends the name; a line whose first physical line has
    // none is searched whole (after folding), as it always was, to fail or not the same way.
    const std::size_t colon = colon_at ? static_cast<std::size_t>(colon_at - line.data()) : lex::find_long(line, ':');
    if (colon == std::string_view::npos) return fail(errc::header_line_malformed, pos);
    std::size_t name_end = colon;
    if (name_end > 0 && lex::is_ws(line[name_end - 1])) [[unlikely]] {  // "TO :" (3.1.1.1)
      do --name_end;
      while (name_end > 0 && lex::is_ws(line[name_end - 1]));
    }
    const std::string_view name = line.substr(0, name_end);
    // Only letters and '-' match a name the table knows, so only other names need the token check.
    const header_id id = lookup_header(name);
    if (id == header_id::other && !lex::is_token(name)) return fail(errc::header_line_malformed, pos);
    if (count >= options_.max_headers) return fail(errc::too_many_headers, pos);

    // Nearly every value follows one SP and ends at the CRLF: each is one test; more LWS, the
    // loops (they are the same rules).
    std::size_t v = colon + 1;
    if (v < line.size() && line[v] == ' ') ++v;
    if (v < line.size() && lex::is_ws(line[v])) [[unlikely]] v = lex::skip_ws(line, v);
    std::size_t value_end = line.size();
    if (value_end > v && lex::is_ws(line[value_end - 1])) [[unlikely]] {
      do --value_end;
      while (value_end > v && lex::is_ws(line[value_end - 1]));
    }
    m_.headers_.push_back({name, line.substr(v, value_end - v), id, static_cast<std::uint32_t>(pos + v)});
    std::uint8_t& first = m_.first_[static_cast<std::size_t>(id)];
    if (first == 0 && count < 254) first = static_cast<std::uint8_t>(count + 1);
    ++count;
    pos = nl + 1;
  }
}

parse_error parser::frame_body(std::size_t body_at) {
  const std::size_t available = size_ - body_at;
  std::size_t length = available;
  const header_field* first = nullptr;
  const header_field* const end = m_.headers_.data() + m_.headers_.size();
  for (const header_field* at = m_.find(header_id::content_length); at && at != end; ++at) {
    const header_field& h = *at;
    if (h.id != header_id::content_length) continue;
    // parse_u32 without its trim (header_lines trimmed the value) and inline: GCC assembles
    // an optional returned from a call on the stack and reads it back wider than written.
    const auto n = lex::parse_uint(h.value, 0xffffffffu);
    if (!n) return fail(errc::content_length_invalid, h.offset);  // 3.1.2.3: -999
    if (first && *n != length) return fail(errc::content_length_conflict, h.offset);  // 3.3.9
    if (!first) length = *n;
    first = &h;
  }
  m_.has_content_length_ = first != nullptr;
  if (!first && options_.stream) return fail(errc::content_length_missing, body_at);
  if (length > available) return fail(options_.stream ? errc::need_more : errc::body_truncated, size_);  // 3.1.2.2
  m_.body_ = {data_ + body_at, length};
  m_.size_ = static_cast<std::uint32_t>(body_at + length - m_.start_);
  m_.trailing_ = static_cast<std::uint32_t>(available - length);
  return {};
}

template <class F>
parse_error parser::each_value(const header_field* first, header_id id, F&& check) const {
  // What message::value_cursor does, starting at the first header with this id (found while
  // checking the others) instead of searching for it once per value.
  if (!first) return {};
  for (const header_field* h = first; h != m_.headers_.data() + m_.headers_.size(); ++h) {
    if (h->id != id) continue;
    // Nearly every value is one element: with no comma, the cursor would give the value whole
    // (header_lines trimmed it already), so it is checked without one.
    if (lex::find_long(h->value, ',') == std::string_view::npos) {
      if (auto e = check(h->value, h->offset)) return e;
      continue;
    }
    comma_cursor cursor(h->value);
    std::string_view value;
    std::size_t at;
    while (cursor.next(value, at))
      if (auto e = check(value, h->offset + static_cast<std::uint32_t>(at))) return e;
  }
  return {};
}

parse_error parser::check_headers() {
  // Single-valued headers each appear once (RFC 4475 3.3.8); the mandatory ones must be there
  // (3.3.1). Via, From, To, Call-ID and CSeq are what every transaction needs.
  const header_field* from = nullptr;
  const header_field* to = nullptr;
  const header_field* call_id = nullptr;
  const header_field* cseq = nullptr;
  const header_field* max_forwards = nullptr;
  // Where the walks over the list headers start: the message's index of first lines.
  const header_field* const first_via = m_.find(header_id::via);
  const header_field* const first_contact = m_.find(header_id::contact);
  for (const auto& h : m_.headers_) {
    const header_field** slot = nullptr;
    switch (h.id) {
      case header_id::from: slot = &from; break;
      case header_id::to: slot = &to; break;
      case header_id::call_id: slot = &call_id; break;
      case header_id::cseq: slot = &cseq; break;
      case header_id::max_forwards: slot = &max_forwards; break;
      default: continue;
    }
    if (*slot) return fail(errc::header_duplicate, h.offset);
    *slot = &h;
  }

  // Via: every value must parse (3.1.2.1 has ";;,;,," in one); the top one is kept.
  if (auto e = each_value(first_via, header_id::via, [this](std::string_view value, std::uint32_t at) {
        if (value.empty()) return fail(errc::via_invalid, at);
        if (m_.via_count_ == 0) {
          if (auto error = parse_via_fresh(value, m_.top_via_, at)) return error;
        } else {
          sip::via parsed;
          if (auto error = parse_via(value, parsed, at)) return error;
        }
        ++m_.via_count_;
        return parse_error{};
      }))
    return e;
  if (m_.via_count_ == 0) return fail(errc::header_missing, m_.start_);
  if (!from || !to || !call_id || !cseq) return fail(errc::header_missing, m_.start_);

  if (auto e = parse_name_addr_fresh(from->value, m_.from_, from->offset)) return e;
  if (auto e = parse_name_addr_fresh(to->value, m_.to_, to->offset)) return e;

  // Call-ID = word [ "@" word ]
  {
    const std::string_view v = call_id->value;
    std::size_t i = lex::span_long(v, 0, lex::k_word);  // '@' is not a word character
    if (i > 0 && i + 1 < v.size() && v[i] == '@') i = lex::span(v, i + 1, lex::k_word);
    if (i < v.size()) return fail(errc::token_invalid, call_id->offset + i);
    if (v.empty()) return fail(errc::token_invalid, call_id->offset);
    m_.call_id_ = v;
  }

  if (auto e = parse_cseq(cseq->value, m_.cseq_, cseq->offset)) return e;
  // RFC 4475 3.1.2.17/18: the CSeq method must be the request's.
  if (m_.is_request() && m_.cseq_.method != m_.method_text_) return fail(errc::cseq_method_mismatch, cseq->offset);

  if (max_forwards) {
    const auto n = lex::parse_uint(max_forwards->value, 255);
    if (!n) return fail(errc::max_forwards_invalid, max_forwards->offset);  // 3.1.2.4: 300
    m_.max_forwards_ = static_cast<int>(*n);
  }

  // Contact values (3.1.2.1, 3.1.2.13): each a name-addr or addr-spec, or a lone '*'.
  bool first = true;
  return each_value(first_contact, header_id::contact, [this, &first](std::string_view value, std::uint32_t at) {
    if (value.empty()) return fail(errc::contact_invalid, at);
    parse_error e = parse_name_addr(value, contact_, at, {.allow_star = true});
    if (e.code == errc::name_addr_invalid) e.code = errc::contact_invalid;
    if (!e && first && !contact_.star) m_.contact_uri_ = contact_.uri_text;
    first = false;
    return e;
  });
}

std::uint16_t parser::answer_for(const parse_error& e) const {
  // Responses are dropped, never answered; so is anything without a request line.
  if (!m_.is_request() || m_.method_text_.empty()) return 0;
  switch (e.code) {
    case errc::version_unsupported: return 505;
    case errc::message_too_large: return 513;
    // RFC 4475 3.1.2.18: an unknown method whose CSeq disagrees is answered 501.
    case errc::cseq_method_mismatch: return m_.method_ == method::unknown ? 501 : 400;
    default: return 400;
  }
}

}  // namespace sw::sip
