#include "transport/resolver.hpp"

#include <ares.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstring>
#include <deque>
#include <random>
#include <unordered_map>

namespace sw::transport {

namespace {

constexpr int k_class_in = 1;   // ns_c_in
constexpr int k_type_srv = 33;  // ns_t_srv
constexpr int k_type_naptr = 35;  // ns_t_naptr

class resolve_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "resolve"; }
  std::string message(int value) const override {
    switch (static_cast<resolve_errc>(value)) {
      case resolve_errc::not_found: return "host not found";
      case resolve_errc::timeout: return "DNS lookup timed out";
      case resolve_errc::bad_name: return "not a resolvable SIP URI host";
      case resolve_errc::server_failure: return "DNS server failure";
      case resolve_errc::unsupported_transport: return "unsupported transport";
    }
    return "unknown resolver error";
  }
};

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  return true;
}

// Severity of a failed lookup's status, for the error a failed resolution reports.
resolve_errc from_ares(int status) noexcept {
  switch (status) {
    case ARES_ENODATA:
    case ARES_ENOTFOUND: return resolve_errc::not_found;
    case ARES_ETIMEOUT: return resolve_errc::timeout;
    case ARES_EBADNAME: return resolve_errc::bad_name;
    default: return resolve_errc::server_failure;
  }
}

std::string_view srv_prefix(transport_kind kind) noexcept {
  switch (kind) {
    case transport_kind::tcp: return "_sip._tcp.";
    case transport_kind::tls: return "_sips._tcp.";
    default: return "_sip._udp.";
  }
}

// RFC 3263 §4.1 NAPTR services we use.
std::optional<transport_kind> naptr_service(std::string_view service, bool sips) noexcept {
  if (iequals(service, "SIPS+D2T")) return transport_kind::tls;
  if (sips) return std::nullopt;
  if (iequals(service, "SIP+D2U")) return transport_kind::udp;
  if (iequals(service, "SIP+D2T")) return transport_kind::tcp;
  return std::nullopt;
}

struct srv_record {
  std::string host;
  std::uint16_t port = 0;
  std::uint16_t priority = 0;
  std::uint16_t weight = 0;
};

// RFC 2782: ascending priority; within a priority, weighted random order (zero weights
// placed first, each pick chosen with probability weight / total of those left).
std::vector<srv_record> order_srv(std::vector<srv_record> records, std::mt19937& random) {
  std::stable_sort(records.begin(), records.end(),
                   [](const srv_record& a, const srv_record& b) { return a.priority < b.priority; });
  std::vector<srv_record> out;
  out.reserve(records.size());
  auto begin = records.begin();
  while (begin != records.end()) {
    auto end = std::find_if(begin, records.end(),
                            [&](const srv_record& r) { return r.priority != begin->priority; });
    std::vector<srv_record> left(std::make_move_iterator(begin), std::make_move_iterator(end));
    std::stable_partition(left.begin(), left.end(), [](const srv_record& r) { return r.weight == 0; });
    while (!left.empty()) {
      std::uint32_t total = 0;
      for (const auto& r : left) total += r.weight;
      const std::uint32_t pick = std::uniform_int_distribution<std::uint32_t>(0, total)(random);
      std::uint32_t running = 0;
      std::size_t k = 0;
      for (; k + 1 < left.size(); ++k) {
        running += left[k].weight;
        if (running >= pick) break;
      }
      out.push_back(std::move(left[k]));
      left.erase(left.begin() + static_cast<std::ptrdiff_t>(k));
    }
    begin = end;
  }
  return out;
}

void library_init() {
  static const int status = ares_library_init(ARES_LIB_INIT_ALL);
  if (status != ARES_SUCCESS)
    throw std::system_error(make_error_code(resolve_errc::server_failure), ares_strerror(status));
}

}  // namespace

const std::error_category& resolve_category() noexcept {
  static const resolve_category_impl category;
  return category;
}

std::error_code make_error_code(resolve_errc e) noexcept { return {static_cast<int>(e), resolve_category()}; }

std::uint16_t default_port(transport_kind kind) noexcept {
  switch (kind) {
    case transport_kind::udp:
    case transport_kind::tcp: return 5060;
    case transport_kind::tls: return 5061;
    case transport_kind::ws: return 80;
    case transport_kind::wss: return 443;
  }
  return 5060;
}

struct resolver::impl {
  // One SRV query of a resolution, in the order its results are used.
  struct srv_slot {
    std::string name;
    transport_kind transport;
    std::vector<srv_record> records;
  };
  // One A/AAAA lookup: a name, the port and transport its addresses are used with.
  struct host_slot {
    std::string name;
    std::uint16_t port;
    transport_kind transport;
    std::vector<endpoint> addresses;
  };
  struct job {
    query_id id = 0;
    callback done;
    std::string host;
    bool sips = false;
    transport_kind fallback = transport_kind::udp;  // for A/AAAA without SRV
    int outstanding = 0;       // c-ares lookups not answered yet (plus a guard while starting)
    bool timed_out = false;    // some lookup of the current stage timed out
    resolve_errc error = resolve_errc::not_found;  // the worst failure of the current stage
    std::vector<srv_slot> srv;
    std::vector<host_slot> hosts;
    bool finished = false;
    std::error_code result_error;
    std::vector<resolved_target> result;
  };
  // What a c-ares callback needs to find its job; the job may be gone (cancelled) by then.
  enum class lookup_kind : std::uint8_t { naptr, srv, host };
  struct lookup {
    impl* self;
    query_id job;
    std::size_t slot;
    lookup_kind kind;
  };
  // A c-ares socket watched on the io_context. The descriptor does not own the fd: it is
  // released before c-ares closes it (the socket-state callback with neither direction).
  struct watch {
    explicit watch(boost::asio::io_context& io) : descriptor(io) {}
    boost::asio::posix::stream_descriptor descriptor;
    bool want_read = false, want_write = false, reading = false, writing = false;
  };

  impl(runtime::worker& w, resolver_config c) : worker(w), config(std::move(c)), timer(w.io()) {
    library_init();
    ares_options options{};
    int mask = ARES_OPT_SOCK_STATE_CB | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_SOCK_RCVBUF;
    options.socket_receive_buffer_size = 1024 * 1024;  // answers to a burst of lookups
    options.sock_state_cb = &impl::on_sock_state;
    options.sock_state_cb_data = this;
    options.timeout = static_cast<int>(std::max<std::chrono::milliseconds::rep>(1, config.timeout.count()));
    options.tries = std::max(1, config.tries);
    char lookups[] = "b";
    if (!config.nameserver.empty()) {
      mask |= ARES_OPT_DOMAINS | ARES_OPT_LOOKUPS;
      options.domains = nullptr;
      options.ndomains = 0;
      options.lookups = lookups;
    }
    int status = ares_init_options(&channel, &options, mask);
    if (status != ARES_SUCCESS)
      throw std::system_error(make_error_code(resolve_errc::server_failure),
                              std::string("resolver: ") + ares_strerror(status));
    if (!config.nameserver.empty()) {
      status = ares_set_servers_ports_csv(channel, config.nameserver.c_str());
      if (status != ARES_SUCCESS) {
        ares_destroy(channel);
        channel = nullptr;
        throw std::system_error(make_error_code(resolve_errc::bad_name),
                                "resolver: bad name server '" + config.nameserver + "'");
      }
    }
  }

  ~impl() {
    alive.reset();  // handlers already queued see this and do nothing
    destroying = true;
    timer.cancel();
    // Closes c-ares' sockets (each reported to on_sock_state first, which releases it) and
    // calls every pending lookup with ARES_EDESTRUCTION; the jobs' callbacks are not called.
    if (channel) ares_destroy(channel);
    for (auto& entry : watches) entry.second->descriptor.release();
    watches.clear();
    jobs.clear();
  }

  // ---- driving c-ares from the io_context ----

  static void on_sock_state(void* data, ares_socket_t fd, int readable, int writable) {
    static_cast<impl*>(data)->sock_state(fd, readable != 0, writable != 0);
  }

  void sock_state(int fd, bool readable, bool writable) {
    auto it = watches.find(fd);
    if (!readable && !writable) {
      if (it != watches.end()) {
        it->second->want_read = it->second->want_write = false;
        it->second->descriptor.release();
        watches.erase(it);
      }
      return;
    }
    if (destroying) return;
    std::shared_ptr<watch> w;
    if (it == watches.end()) {
      w = std::make_shared<watch>(worker.io());
      boost::system::error_code ec;
      w->descriptor.assign(fd, ec);
      if (ec) return;  // the lookup times out through ares_timeout
      watches.emplace(fd, w);
    } else {
      w = it->second;
    }
    w->want_read = readable;
    w->want_write = writable;
    arm(fd, w);
  }

  bool is_current(int fd, const std::shared_ptr<watch>& w) const {
    auto it = watches.find(fd);
    return it != watches.end() && it->second == w;
  }

  void arm(int fd, const std::shared_ptr<watch>& w) {
    using boost::asio::posix::stream_descriptor;
    if (w->want_read && !w->reading) {
      w->reading = true;
      w->descriptor.async_wait(stream_descriptor::wait_read,
                               [this, fd, w, token = std::weak_ptr<int>(alive)](const boost::system::error_code& ec) {
                                 w->reading = false;
                                 if (ec || token.expired()) return;
                                 ready(fd, w, true);
                               });
    }
    if (w->want_write && !w->writing) {
      w->writing = true;
      w->descriptor.async_wait(stream_descriptor::wait_write,
                               [this, fd, w, token = std::weak_ptr<int>(alive)](const boost::system::error_code& ec) {
                                 w->writing = false;
                                 if (ec || token.expired()) return;
                                 ready(fd, w, false);
                               });
    }
  }

  static bool readable_now(int fd) noexcept {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, 0) == 1 && (p.revents & POLLIN) != 0;
  }

  void ready(int fd, const std::shared_ptr<watch>& w, bool read) {
    if (!is_current(fd, w)) return;
    if (read) {
      // asio's reactor is edge-triggered: c-ares must leave nothing unread (a TCP answer
      // may take more than one call) or no new edge would come.
      for (int round = 0; round < 64; ++round) {
        ares_process_fd(channel, fd, ARES_SOCKET_BAD);
        if (!is_current(fd, w) || !readable_now(fd)) break;
      }
    } else {
      ares_process_fd(channel, ARES_SOCKET_BAD, fd);
    }
    if (is_current(fd, w)) arm(fd, w);
    arm_timer();
  }

  void arm_timer() {
    if (destroying) return;
    timeval tv{};
    if (ares_timeout(channel, nullptr, &tv) == nullptr) {
      timer.cancel();
      return;
    }
    timer.expires_after(std::chrono::seconds(tv.tv_sec) + std::chrono::microseconds(tv.tv_usec));
    timer.async_wait([this, token = std::weak_ptr<int>(alive)](const boost::system::error_code& ec) {
      if (ec || token.expired()) return;
      ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);  // handles timeouts
      arm_timer();
    });
  }

  // ---- one resolution ----

  job* find(query_id id) {
    auto it = jobs.find(id);
    return it == jobs.end() || it->second->finished ? nullptr : it->second.get();
  }

  void start(job& j, const sip::uri& target, std::optional<transport_kind> forced) {
    if (!target.is_sip() || target.host.empty()) return fail(j, resolve_errc::bad_name);
    j.sips = target.scheme == sip::uri_scheme::sips;
    std::optional<transport_kind> transport = forced;
    if (!transport) {
      const std::string_view param = target.transport();
      if (!param.empty()) {
        transport = parse_transport(param);
        if (!transport) return fail(j, resolve_errc::unsupported_transport);
      }
    }
    if (transport && j.sips) {
      if (*transport == transport_kind::udp) return fail(j, resolve_errc::unsupported_transport);
      if (*transport == transport_kind::tcp) transport = transport_kind::tls;
      if (*transport == transport_kind::ws) transport = transport_kind::wss;
    }
    const transport_kind basic = transport.value_or(j.sips ? transport_kind::tls : transport_kind::udp);
    const std::uint16_t port = target.has_port ? target.port : default_port(basic);

    // RFC 3263 §4: the TARGET is the maddr parameter when there is one, else the host.
    std::string_view host = target.host;
    if (const auto maddr = target.param("maddr"); maddr && !maddr->empty()) host = *maddr;
    if (auto numeric = endpoint::from_numeric(host, port)) return succeed(j, {{*numeric, basic}});
    if (host.front() == '[') return fail(j, resolve_errc::bad_name);

    j.host = std::string(host);
    j.fallback = basic;
    if (target.has_port || basic == transport_kind::ws || basic == transport_kind::wss) {
      j.hosts.push_back({j.host, port, basic, {}});
      return start_hosts(j);
    }
    if (transport) {
      j.srv.push_back({std::string(srv_prefix(*transport)) + j.host, *transport, {}});
      return start_srv(j);
    }
    start_naptr(j);
  }

  // One query, so no guard: on_naptr moves the job on, even when c-ares answers at once.
  void start_naptr(job& j) { submit({this, j.id, 0, lookup_kind::naptr}); }

  static void naptr_answer(void* arg, int status, int, unsigned char* abuf, int alen) {
    std::unique_ptr<lookup> l(static_cast<lookup*>(arg));
    answered guard(*l->self);
    if (l->self->destroying) return;
    job* j = l->self->find(l->job);
    if (!j) return;
    l->self->on_naptr(*j, status, abuf, alen);
  }

  void on_naptr(job& j, int status, const unsigned char* abuf, int alen) {
    struct entry {
      std::uint16_t order, preference;
      transport_kind transport;
      std::string replacement;
    };
    std::vector<entry> entries;
    if (status == ARES_SUCCESS) {
      ares_naptr_reply* reply = nullptr;
      status = ares_parse_naptr_reply(abuf, alen, &reply);
      for (auto* r = reply; status == ARES_SUCCESS && r; r = r->next) {
        const std::string_view flags = r->flags ? reinterpret_cast<const char*>(r->flags) : "";
        const std::string_view service = r->service ? reinterpret_cast<const char*>(r->service) : "";
        const std::string_view replacement = r->replacement ? r->replacement : "";
        if (!iequals(flags, "s") || replacement.empty() || replacement == ".") continue;
        if (auto t = naptr_service(service, j.sips))
          entries.push_back({r->order, r->preference, *t, std::string(replacement)});
      }
      if (reply) ares_free_data(reply);
    }
    // A name server that does not answer NAPTR will not answer SRV either: stop here.
    if (status == ARES_ETIMEOUT) return fail(j, resolve_errc::timeout);
    std::stable_sort(entries.begin(), entries.end(), [](const entry& a, const entry& b) {
      return a.order != b.order ? a.order < b.order : a.preference < b.preference;
    });
    if (!entries.empty()) {
      j.fallback = entries.front().transport;
      for (auto& e : entries) j.srv.push_back({std::move(e.replacement), e.transport, {}});
    } else if (j.sips) {
      j.srv.push_back({"_sips._tcp." + j.host, transport_kind::tls, {}});
    } else {
      j.srv.push_back({"_sip._udp." + j.host, transport_kind::udp, {}});
      j.srv.push_back({"_sip._tcp." + j.host, transport_kind::tcp, {}});
    }
    start_srv(j);
  }

  void start_srv(job& j) {
    begin_stage(j);
    for (std::size_t i = 0; i < j.srv.size(); ++i) {
      ++j.outstanding;
      submit({this, j.id, i, lookup_kind::srv});
    }
    end_stage_start(j, &impl::srv_done);
  }

  static void srv_answer(void* arg, int status, int, unsigned char* abuf, int alen) {
    std::unique_ptr<lookup> l(static_cast<lookup*>(arg));
    answered guard(*l->self);
    if (l->self->destroying) return;
    job* j = l->self->find(l->job);
    if (!j) return;
    if (status == ARES_SUCCESS) {
      ares_srv_reply* reply = nullptr;
      status = ares_parse_srv_reply(abuf, alen, &reply);
      for (auto* r = reply; status == ARES_SUCCESS && r; r = r->next)
        j->srv[l->slot].records.push_back({r->host ? r->host : "", r->port, r->priority, r->weight});
      if (reply) ares_free_data(reply);
    }
    if (status != ARES_SUCCESS) note_failure(*j, status);
    if (--j->outstanding == 0) l->self->srv_done(*j);
  }

  void srv_done(job& j) {
    bool any_records = false;
    for (auto& slot : j.srv) {
      any_records = any_records || !slot.records.empty();
      for (auto& r : order_srv(std::move(slot.records), rng)) {
        if (r.host.empty() || r.host == ".") continue;  // RFC 2782: service not available there
        j.hosts.push_back({std::move(r.host), r.port, slot.transport, {}});
      }
    }
    if (j.hosts.empty()) {
      if (any_records) return fail(j, resolve_errc::not_found);
      if (j.timed_out) return fail(j, resolve_errc::timeout);
      j.hosts.push_back({j.host, default_port(j.fallback), j.fallback, {}});
    }
    start_hosts(j);
  }

  void start_hosts(job& j) {
    begin_stage(j);
    for (std::size_t i = 0; i < j.hosts.size(); ++i) {
      ++j.outstanding;
      submit({this, j.id, i, lookup_kind::host});
    }
    end_stage_start(j, &impl::hosts_done);
  }

  static void host_answer(void* arg, int status, int, ares_addrinfo* result) {
    std::unique_ptr<lookup> l(static_cast<lookup*>(arg));
    std::unique_ptr<ares_addrinfo, void (*)(ares_addrinfo*)> owned(result, &ares_freeaddrinfo);
    answered guard(*l->self);
    if (l->self->destroying) return;
    job* j = l->self->find(l->job);
    if (!j) return;
    host_slot& slot = j->hosts[l->slot];
    if (status == ARES_SUCCESS && result) {
      for (auto* node = result->nodes; node; node = node->ai_next) {
        if (!node->ai_addr || (node->ai_family != AF_INET && node->ai_family != AF_INET6)) continue;
        endpoint e;
        e.size = static_cast<socklen_t>(std::min<std::size_t>(node->ai_addrlen, sizeof e.storage));
        std::memcpy(&e.storage, node->ai_addr, e.size);
        if (node->ai_family == AF_INET6) e.storage.v6.sin6_port = htons(slot.port);
        else e.storage.v4.sin_port = htons(slot.port);
        slot.addresses.push_back(e);
      }
    } else {
      note_failure(*j, status);
    }
    if (--j->outstanding == 0) l->self->hosts_done(*j);
  }

  void hosts_done(job& j) {
    std::vector<resolved_target> out;
    for (const auto& slot : j.hosts)
      for (const auto& address : slot.addresses) {
        resolved_target t{address, slot.transport};
        if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
      }
    if (!out.empty()) return succeed(j, std::move(out));
    fail(j, j.timed_out ? resolve_errc::timeout : j.error);
  }

  // ---- lookups in flight ----
  // At most config.max_in_flight c-ares lookups at once; the rest wait here in order. A burst
  // of resolutions (a load test starting) would otherwise overflow socket buffers, ours or
  // the name server's, and turn into timeouts.

  void submit(const lookup& l) {
    waiting.push_back(l);
    pump();
  }

  void pump() {
    if (pumping || destroying) return;
    pumping = true;  // a lookup answered at once (a bad name) calls back into pump()
    while (in_flight < std::max(1, config.max_in_flight) && !waiting.empty()) {
      const lookup l = waiting.front();
      waiting.pop_front();
      job* j = find(l.job);
      if (!j) continue;  // cancelled while waiting
      ++in_flight;
      switch (l.kind) {
        case lookup_kind::naptr:
          ares_query(channel, j->host.c_str(), k_class_in, k_type_naptr, &impl::naptr_answer, new lookup(l));
          break;
        case lookup_kind::srv:
          ares_query(channel, j->srv[l.slot].name.c_str(), k_class_in, k_type_srv, &impl::srv_answer, new lookup(l));
          break;
        case lookup_kind::host: {
          ares_addrinfo_hints hints{};
          hints.ai_family = AF_UNSPEC;
          ares_getaddrinfo(channel, j->hosts[l.slot].name.c_str(), nullptr, &hints, &impl::host_answer, new lookup(l));
          break;
        }
      }
    }
    pumping = false;
  }

  // Ends a lookup in flight when a c-ares callback returns, and lets a waiting one go.
  struct answered {
    explicit answered(impl& i) : self(i) {}
    ~answered() {
      --self.in_flight;
      self.pump();
    }
    answered(const answered&) = delete;
    answered& operator=(const answered&) = delete;
    impl& self;
  };

  // Lookups of a stage are counted in `outstanding`; a guard count while they are started
  // keeps a lookup that c-ares answers at once (a bad name, /etc/hosts) from ending the
  // stage before its siblings are sent.
  void begin_stage(job& j) {
    j.timed_out = false;
    j.error = resolve_errc::not_found;
    ++j.outstanding;
  }
  void end_stage_start(job& j, void (impl::*done)(job&)) {
    if (--j.outstanding == 0 && !j.finished) (this->*done)(j);
  }

  static void note_failure(job& j, int status) {
    const resolve_errc e = from_ares(status);
    if (e == resolve_errc::timeout) j.timed_out = true;
    else if (e == resolve_errc::server_failure || (e == resolve_errc::bad_name && j.error == resolve_errc::not_found))
      j.error = e;
  }

  void fail(job& j, resolve_errc e) { finish(j, make_error_code(e), {}); }
  void succeed(job& j, std::vector<resolved_target> targets) { finish(j, {}, std::move(targets)); }

  // The callback always runs from the io_context, never from inside resolve() or c-ares.
  void finish(job& j, std::error_code ec, std::vector<resolved_target> targets) {
    if (j.finished) return;
    j.finished = true;
    j.result_error = ec;
    j.result = std::move(targets);
    boost::asio::post(worker.io(), [this, id = j.id, token = std::weak_ptr<int>(alive)] {
      if (token.expired()) return;
      auto it = jobs.find(id);
      if (it == jobs.end()) return;  // cancelled
      std::unique_ptr<job> done = std::move(it->second);
      jobs.erase(it);
      done->done(done->result_error, std::move(done->result));  // may destroy the resolver
    });
  }

  runtime::worker& worker;
  resolver_config config;
  ares_channel channel = nullptr;
  boost::asio::steady_timer timer;
  std::unordered_map<int, std::shared_ptr<watch>> watches;
  std::unordered_map<query_id, std::unique_ptr<job>> jobs;
  std::deque<lookup> waiting;
  int in_flight = 0;
  bool pumping = false;
  query_id next_id = 1;
  std::mt19937 rng{std::random_device{}()};
  std::shared_ptr<int> alive = std::make_shared<int>(0);
  bool destroying = false;
};

resolver::resolver(runtime::worker& w, resolver_config config) : impl_(std::make_unique<impl>(w, std::move(config))) {}

resolver::~resolver() = default;

resolver::query_id resolver::resolve(const sip::uri& target, std::optional<transport_kind> forced, callback done) {
  auto j = std::make_unique<impl::job>();
  const query_id id = impl_->next_id++;
  j->id = id;
  j->done = std::move(done);
  impl::job& ref = *j;
  impl_->jobs.emplace(id, std::move(j));
  impl_->start(ref, target, forced);
  impl_->arm_timer();
  return id;
}

void resolver::cancel(query_id id) noexcept { impl_->jobs.erase(id); }

std::size_t resolver::pending() const noexcept { return impl_->jobs.size(); }

}  // namespace sw::transport
