#include "dialog/dialog.hpp"

#include <algorithm>
#include <vector>

#include "sip/builder.hpp"
#include "sip/name_addr.hpp"

namespace sw::dialog {

namespace {

// The URI of the first Contact value, or "" when there is none that parses.
std::string_view contact_uri(const sip::message& m) { return m.contact_uri(); }

bool is_target_refresh(sip::method m) { return m == sip::method::invite || m == sip::method::update; }

bool carries_contact(std::string_view method) {
  return method == "INVITE" || method == "UPDATE" || method == "SUBSCRIBE" || method == "NOTIFY" ||
         method == "REFER";
}

// Room for the route set a dialog builds from the Record-Route lines of `m`: their values,
// rejoined with ", " (a line may separate them by a bare ',': one byte more each).
std::size_t routes_size(const sip::message& m) {
  std::size_t n = 0;
  for (const auto& h : m.headers())
    if (h.id == sip::header_id::record_route)
      n += h.value.size() + 2 + static_cast<std::size_t>(std::count(h.value.begin(), h.value.end(), ','));
  return n;
}

// Whether `part` lies inside `whole` (a tag inside the From or To value it came from).
bool inside(std::string_view whole, std::string_view part) {
  const auto w = reinterpret_cast<std::uintptr_t>(whole.data());
  const auto p = reinterpret_cast<std::uintptr_t>(part.data());
  return !part.empty() && p >= w && p + part.size() <= w + whole.size();
}

}  // namespace

dialog::field dialog::keep_within(field kept, std::string_view original, std::string_view part) {
  // A tag is kept as the place it has inside the From or To value already kept: the same
  // bytes are not stored twice.
  if (!inside(original, part)) return keep(part);
  return {static_cast<std::uint16_t>(kept.offset + (part.data() - original.data())), static_cast<std::uint16_t>(part.size())};
}

dialog::field dialog::keep(std::string_view s) {
  const field f{static_cast<std::uint16_t>(storage_.size()), static_cast<std::uint16_t>(s.size())};
  storage_.append(s);
  return f;
}

void dialog::rebuild(field& f, std::string_view value) {
  if (value == view(f)) return;
  // The old bytes stay unused; a target refresh is rare enough not to compact for it.
  const std::string copy(value);
  f = keep(copy);
}

void dialog::set_remote_target(std::string_view uri) {
  if (!uri.empty()) rebuild(remote_target_, uri);
}

dialog dialog::from_uac(const sip::message& request, const sip::message& response) {
  return from_uac(uac_request{.from = request.header(sip::header_id::from),
                              .from_tag = request.from().tag(),
                              .request_uri = request.request_uri_text(),
                              .contact = request.header(sip::header_id::contact),
                              .cseq = request.cseq().number},
                  response);
}

dialog dialog::from_uac(const uac_request& request, const sip::message& response) {
  dialog d;
  d.uac_ = true;
  const std::string_view to = response.header(sip::header_id::to);
  const std::string_view target = contact_uri(response).empty() ? request.request_uri : contact_uri(response);
  // One allocation for exactly what the dialog keeps (strings_fit_the_one_reservation).
  d.storage_.reserve(response.call_id().size() + request.from.size() +
                     (inside(request.from, request.from_tag) ? 0 : request.from_tag.size()) + to.size() +
                     (inside(to, response.to().tag()) ? 0 : response.to().tag().size()) + target.size() +
                     request.contact.size() + routes_size(response));
  d.call_id_ = d.keep(response.call_id());
  d.local_uri_ = d.keep(request.from);
  d.local_tag_ = d.keep_within(d.local_uri_, request.from, request.from_tag);
  d.remote_uri_ = d.keep(to);
  d.remote_tag_ = d.keep_within(d.remote_uri_, to, response.to().tag());
  d.remote_target_ = d.keep(target);
  d.local_contact_ = d.keep(request.contact);
  // §12.1.2: "The route set MUST be set to the list of URIs in the Record-Route header field
  // from the response, taken in reverse order".
  std::vector<std::string_view> records;
  auto cursor = response.values(sip::header_id::record_route);
  std::string_view v;
  while (cursor.next(v)) records.push_back(v);
  const std::size_t start = d.storage_.size();
  for (auto it = records.rbegin(); it != records.rend(); ++it) {
    if (d.storage_.size() > start) d.storage_.append(", ");
    d.storage_.append(*it);
  }
  d.routes_ = {static_cast<std::uint16_t>(start), static_cast<std::uint16_t>(d.storage_.size() - start)};
  d.local_cseq_ = request.cseq;
  d.state_ = response.status() >= 200 ? dialog_state::confirmed : dialog_state::early;
  return d;
}

dialog dialog::from_uas(const sip::message& request, std::string_view local_tag, std::string_view local_contact) {
  dialog d;
  d.uac_ = false;
  const std::string_view from = request.header(sip::header_id::from);
  const bool tag_added = request.to().tag().empty();
  // One allocation for exactly what the dialog keeps: Call-ID, our To (the request's with
  // ";tag=" and ours), the From, the remote target, our Contact, the routes; the tags are
  // places inside the To and the From.
  d.storage_.reserve(request.call_id().size() + request.header(sip::header_id::to).size() +
                     (tag_added ? 5 + local_tag.size() : local_tag.size()) + from.size() +
                     (inside(from, request.from().tag()) ? 0 : request.from().tag().size()) +
                     contact_uri(request).size() + local_contact.size() + routes_size(request));
  d.call_id_ = d.keep(request.call_id());
  // Our To as we answered it: the request's To with our tag.
  const std::size_t start = d.storage_.size();
  d.storage_.append(request.header(sip::header_id::to));
  if (tag_added) d.storage_.append(";tag=").append(local_tag);
  d.local_uri_ = {static_cast<std::uint16_t>(start), static_cast<std::uint16_t>(d.storage_.size() - start)};
  d.local_tag_ = tag_added ? field{static_cast<std::uint16_t>(d.storage_.size() - local_tag.size()),
                                   static_cast<std::uint16_t>(local_tag.size())}
                           : d.keep(local_tag);
  d.remote_uri_ = d.keep(from);
  d.remote_tag_ = d.keep_within(d.remote_uri_, from, request.from().tag());
  d.remote_target_ = d.keep(contact_uri(request));
  d.local_contact_ = d.keep(local_contact);
  // §12.1.1: the route set is the request's Record-Route, in order.
  const std::size_t routes = d.storage_.size();
  auto cursor = request.values(sip::header_id::record_route);
  std::string_view v;
  while (cursor.next(v)) {
    if (d.storage_.size() > routes) d.storage_.append(", ");
    d.storage_.append(v);
  }
  d.routes_ = {static_cast<std::uint16_t>(routes), static_cast<std::uint16_t>(d.storage_.size() - routes)};
  d.remote_cseq_ = request.cseq().number;
  d.state_ = dialog_state::early;
  return d;
}

bool dialog::matches(const sip::message& m) const noexcept {
  if (m.call_id() != call_id()) return false;
  if (m.is_request()) return m.from().tag() == remote_tag() && m.to().tag() == local_tag();
  return m.from().tag() == local_tag() && m.to().tag() == remote_tag();
}

std::string_view dialog::next_hop_uri() const noexcept {
  std::string_view first;
  if (sip::comma_cursor(route_set()).next(first) && !first.empty()) {
    sip::name_addr route;
    if (!sip::parse_name_addr(first, route)) return route.uri_text;
  }
  return remote_target();
}

std::uint32_t dialog::build_request(std::string_view method, const request_options& o, std::string& out) {
  const std::uint32_t cseq = o.cseq ? o.cseq : ++local_cseq_;
  // §12.2.1.1: with a loose router first (lr), the Request-URI is the remote target and the
  // route set goes in Route; with a strict router, its URI becomes the Request-URI and the
  // remote target goes last in Route.
  std::string_view request_uri = remote_target();
  std::string_view routes = route_set();
  std::string strict_routes;
  std::string_view first;
  sip::comma_cursor cursor(routes);
  if (cursor.next(first) && !first.empty()) {
    sip::name_addr route;
    if (!sip::parse_name_addr(first, route) && !route.uri.param("lr")) {
      request_uri = route.uri_text;
      std::string_view rest;
      while (cursor.next(rest)) strict_routes.append(rest).append(", ");
      strict_routes.append("<").append(remote_target()).append(">");
      routes = strict_routes;
    }
  }
  sip::out_buffer b;
  sip::message_builder m(b);
  m.request_line(method, request_uri).via(o.transport, o.via_sent_by, o.branch).max_forwards(70);
  m.header(sip::header_id::from, local_uri()).header(sip::header_id::to, remote_uri());
  m.header(sip::header_id::call_id, call_id()).cseq(cseq, method);
  if (!routes.empty()) m.header(sip::header_id::route, routes);
  if (carries_contact(method) && !local_contact().empty()) m.header(sip::header_id::contact, local_contact());
  if (!o.extra_headers.empty()) b.append(o.extra_headers);
  m.finish(o.content_type, o.body);
  out.assign(b.data(), b.size());
  return cseq;
}

int dialog::on_request(const sip::message& request) {
  const sip::method method = request.method();
  if (method != sip::method::ack && method != sip::method::cancel) {
    // §12.2.2: "If the remote sequence number was not empty, but the sequence number of the
    // request is lower than the remote sequence number, the request is out of order and MUST be
    // rejected with a 500 (Server Internal Error) response."
    if (remote_cseq_ != 0 && request.cseq().number < remote_cseq_) return 500;
    remote_cseq_ = request.cseq().number;
  }
  if (is_target_refresh(method)) set_remote_target(contact_uri(request));
  return 0;
}

void dialog::on_refresh_response(const sip::message& response) {
  if (response.status() < 200 || response.status() >= 300) return;
  set_remote_target(contact_uri(response));
  confirm();
}

}  // namespace sw::dialog
