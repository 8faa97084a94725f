// RFC 3263 resolution against a real dnsmasq on loopback, started by each test that needs it
// (the records are on its command line), and numeric targets that need no DNS at all.
#include "transport/resolver.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/worker.hpp"
#include "sip/uri.hpp"

namespace sw::transport {
namespace {

using namespace std::chrono_literals;

constexpr auto k_limit = 30s;  // a bound for run_until, never a measurement

// The records every DNS test uses. `.test` is reserved (RFC 2606); --local makes dnsmasq
// answer NXDOMAIN for names it does not know instead of REFUSED.
const std::vector<std::string> k_records = {
    "--local=/test/",
    // NAPTR → SRV → A. TCP is preferred over UDP, SIPS comes later; SCTP and a "u" record
    // (ENUM style) are not for us.
    "--naptr-record=naptr.test,10,10,s,SIP+D2T,,_sip._tcp.naptr.test",
    "--naptr-record=naptr.test,10,20,s,SIP+D2U,,_sip._udp.naptr.test",
    "--naptr-record=naptr.test,20,10,s,SIPS+D2T,,_sips._tcp.naptr.test",
    "--naptr-record=naptr.test,5,10,s,SIP+D2S,,_sip._sctp.naptr.test",
    "--naptr-record=naptr.test,5,5,u,E2U+sip,!^.*$!sip:info@example.com!",
    "--srv-host=_sip._tcp.naptr.test,t.naptr.test,5071,10,0",
    "--srv-host=_sip._udp.naptr.test,u.naptr.test,5070,10,0",
    "--srv-host=_sips._tcp.naptr.test,s.naptr.test,5072,10,0",
    "--srv-host=_sip._sctp.naptr.test,x.naptr.test,5073,10,0",
    "--host-record=u.naptr.test,127.0.1.1",
    "--host-record=t.naptr.test,127.0.1.2",
    "--host-record=s.naptr.test,127.0.1.3",
    "--host-record=x.naptr.test,127.0.1.4",
    // SRV only: two priorities, two weights in the first.
    "--srv-host=_sip._udp.srv.test,heavy.srv.test,5060,10,60",
    "--srv-host=_sip._udp.srv.test,light.srv.test,5060,10,40",
    "--srv-host=_sip._udp.srv.test,backup.srv.test,5080,20,0",
    "--srv-host=_sip._tcp.srv.test,tcp.srv.test,5062,10,0",
    "--host-record=heavy.srv.test,127.0.2.1",
    "--host-record=light.srv.test,127.0.2.2",
    "--host-record=backup.srv.test,127.0.2.3",
    "--host-record=tcp.srv.test,127.0.2.4",
    // A and AAAA only.
    "--host-record=plain.test,127.0.3.1,2001:db8::31",
    // NAPTR and SRV and an A record of its own, for an explicit port.
    "--naptr-record=both.test,10,10,s,SIP+D2T,,_sip._tcp.both.test",
    "--srv-host=_sip._tcp.both.test,tcp.both.test,5090,10,0",
    "--host-record=both.test,127.0.4.1",
    "--host-record=tcp.both.test,127.0.4.2",
    // SIPS by SRV, no NAPTR.
    "--srv-host=_sips._tcp.secure.test,tls.secure.test,5061,10,0",
    "--srv-host=_sip._udp.secure.test,udp.secure.test,5060,10,0",
    "--host-record=tls.secure.test,127.0.5.1",
    "--host-record=udp.secure.test,127.0.5.2",
    // SRV target "." (RFC 2782: decidedly not available), with an A record that must not be used.
    "--srv-host=_sip._udp.dot.test",
    "--host-record=dot.test,127.0.6.1",
};

std::string find_dnsmasq() {
  for (const char* p : {"/usr/sbin/dnsmasq", "/usr/bin/dnsmasq", "/sbin/dnsmasq"})
    if (::access(p, X_OK) == 0) return p;
  if (const char* path = std::getenv("PATH")) {
    std::stringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':'))
      if (!dir.empty() && ::access((dir + "/dnsmasq").c_str(), X_OK) == 0) return dir + "/dnsmasq";
  }
  return {};
}

// A port free on 127.0.0.1 for UDP and TCP at the time of asking.
std::uint16_t free_port() {
  const int u = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ::bind(u, reinterpret_cast<sockaddr*>(&a), sizeof a);
  ::getsockname(u, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(u);
  return ntohs(a.sin_port);
}

// Sends one DNS query (A, ready.test) and waits briefly for any answer.
bool dns_answers(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const unsigned char query[] = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
                                 5, 'r', 'e', 'a', 'd', 'y', 4, 't', 'e', 's', 't', 0, 0, 1, 0, 1};
  ::sendto(fd, query, sizeof query, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  pollfd p{fd, POLLIN, 0};
  bool ok = false;
  if (::poll(&p, 1, 100) == 1) {
    unsigned char buf[512];
    ok = ::recv(fd, buf, sizeof buf, 0) >= 12 && buf[0] == 0x12 && buf[1] == 0x34;
  }
  ::close(fd);
  return ok;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A dnsmasq child on 127.0.0.1 with k_records, killed in TearDown.
class dnsmasq_fixture : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string binary = find_dnsmasq();
    ASSERT_FALSE(binary.empty()) << "dnsmasq is not installed; scripts/setup.sh installs it (Debian package "
                                    "dnsmasq-base). These tests need a real DNS server on loopback.";
    char dir_template[] = "/tmp/sw-resolver-XXXXXX";
    ASSERT_NE(::mkdtemp(dir_template), nullptr);
    dir_ = dir_template;
    for (int attempt = 0; attempt < 5 && pid_ <= 0; ++attempt) start(binary);
    ASSERT_GT(pid_, 0) << "dnsmasq did not start; its output:\n" << read_file(dir_ + "/log");
  }

  void TearDown() override {
    stop();
    if (!dir_.empty()) {
      ::unlink((dir_ + "/log").c_str());
      ::unlink((dir_ + "/dnsmasq.pid").c_str());
      ::rmdir(dir_.c_str());
    }
  }

  void start(const std::string& binary) {
    port_ = free_port();
    std::vector<std::string> args = {binary,
                                     "--keep-in-foreground",
                                     "--no-daemon",
                                     "--no-resolv",
                                     "--no-hosts",
                                     "--port=" + std::to_string(port_),
                                     "--listen-address=127.0.0.1",
                                     "--bind-interfaces",
                                     "--conf-file=/dev/null",
                                     "--log-facility=-",
                                     "--pid-file=" + dir_ + "/dnsmasq.pid"};
    args.insert(args.end(), k_records.begin(), k_records.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string log = dir_ + "/log";
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // never outlive a crashed test
      const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      if (out >= 0) {
        ::dup2(out, 1);
        ::dup2(out, 2);
      }
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    if (pid < 0) return;
    pid_ = pid;
    for (int i = 0; i < 100; ++i) {  // up to ~10 s for a slow machine
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {  // exited: the port was taken, say
        pid_ = -1;
        return;
      }
      if (dns_answers(port_)) return;
    }
    stop();
  }

  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  resolver_config config() const { return {"127.0.0.1:" + std::to_string(port_), 2000ms, 2}; }

  std::string dir_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

struct outcome {
  std::error_code ec;
  std::vector<resolved_target> targets;
  int calls = 0;
};

std::string show(const resolved_target& t) {
  return std::string(transport_name(t.transport)) + " " + t.address.host_port();
}

std::vector<std::string> show(const std::vector<resolved_target>& targets) {
  std::vector<std::string> out;
  for (const auto& t : targets) out.push_back(show(t));
  return out;
}

std::set<std::string> as_set(const std::vector<resolved_target>& targets) {
  const auto v = show(targets);
  return {v.begin(), v.end()};
}

// Resolves `text` and runs the worker until the callback has run.
outcome resolve(runtime::worker& w, resolver& r, const std::string& text,
                std::optional<transport_kind> forced = std::nullopt) {
  sip::uri uri;
  const auto error = sip::parse_uri(text, uri);
  EXPECT_FALSE(error) << text << ": " << error.what();
  outcome o;
  r.resolve(uri, forced, [&o](std::error_code ec, std::vector<resolved_target> targets) {
    ++o.calls;
    o.ec = ec;
    o.targets = std::move(targets);
  });
  EXPECT_EQ(o.calls, 0) << "the callback must not run inside resolve()";
  EXPECT_TRUE(w.run_until([&] { return o.calls > 0; }, k_limit)) << text << ": no answer";
  EXPECT_EQ(o.calls, 1) << text;
  if (o.ec) {
    EXPECT_STREQ(o.ec.category().name(), "resolve");
  }
  EXPECT_EQ(o.targets.empty(), static_cast<bool>(o.ec)) << text;
  return o;
}

using strings = std::vector<std::string>;

// ---- numeric hosts: no DNS ----

TEST(resolver_numeric, ipv4_defaults_to_udp_5060) {
  runtime::worker w;
  resolver r(w);
  const auto o = resolve(w, r, "sip:alice@192.0.2.1");
  ASSERT_FALSE(o.ec) << o.ec.message();
  EXPECT_EQ(show(o.targets), strings{"UDP 192.0.2.1:5060"});
}

TEST(resolver_numeric, port_and_transport_parameter) {
  runtime::worker w;
  resolver r(w);
  EXPECT_EQ(show(resolve(w, r, "sip:192.0.2.1:5070;transport=TCP").targets), strings{"TCP 192.0.2.1:5070"});
  EXPECT_EQ(show(resolve(w, r, "sip:192.0.2.1;transport=tls").targets), strings{"TLS 192.0.2.1:5061"});
  EXPECT_EQ(show(resolve(w, r, "sip:192.0.2.1;transport=ws").targets), strings{"WS 192.0.2.1:80"});
}

TEST(resolver_numeric, ipv6) {
  runtime::worker w;
  resolver r(w);
  EXPECT_EQ(show(resolve(w, r, "sip:[2001:db8::1]:5080").targets), strings{"UDP [2001:db8::1]:5080"});
  EXPECT_EQ(show(resolve(w, r, "sip:bob@[2001:db8::1]").targets), strings{"UDP [2001:db8::1]:5060"});
}

TEST(resolver_numeric, sips_means_tls_on_5061) {
  runtime::worker w;
  resolver r(w);
  EXPECT_EQ(show(resolve(w, r, "sips:192.0.2.1").targets), strings{"TLS 192.0.2.1:5061"});
  EXPECT_EQ(show(resolve(w, r, "sips:[2001:db8::1];transport=tcp").targets), strings{"TLS [2001:db8::1]:5061"});
  EXPECT_EQ(show(resolve(w, r, "sips:192.0.2.1:5071").targets), strings{"TLS 192.0.2.1:5071"});
}

TEST(resolver_numeric, maddr_is_the_target) {
  runtime::worker w;
  resolver r(w);
  EXPECT_EQ(show(resolve(w, r, "sip:bob@example.invalid;maddr=192.0.2.9").targets), strings{"UDP 192.0.2.9:5060"});
  EXPECT_EQ(show(resolve(w, r, "sip:example.invalid:5070;transport=tcp;maddr=[2001:db8::9]").targets),
            strings{"TCP [2001:db8::9]:5070"});
}

TEST(resolver_numeric, forced_transport_wins_over_the_uri) {
  runtime::worker w;
  resolver r(w);
  EXPECT_EQ(show(resolve(w, r, "sip:192.0.2.1", transport_kind::tcp).targets), strings{"TCP 192.0.2.1:5060"});
  EXPECT_EQ(show(resolve(w, r, "sip:192.0.2.1;transport=udp", transport_kind::tcp).targets),
            strings{"TCP 192.0.2.1:5060"});
  EXPECT_EQ(show(resolve(w, r, "sips:192.0.2.1", transport_kind::tcp).targets), strings{"TLS 192.0.2.1:5061"});
}

TEST(resolver_numeric, errors) {
  runtime::worker w;
  resolver r(w);
  EXPECT_EQ(resolve(w, r, "sip:192.0.2.1;transport=sctp").ec, resolve_errc::unsupported_transport);
  EXPECT_EQ(resolve(w, r, "sips:192.0.2.1;transport=udp").ec, resolve_errc::unsupported_transport);
  EXPECT_EQ(resolve(w, r, "sips:192.0.2.1", transport_kind::udp).ec, resolve_errc::unsupported_transport);
  EXPECT_EQ(resolve(w, r, "tel:+15551234").ec, resolve_errc::bad_name);
}

TEST(resolver_numeric, cancel_drops_the_callback) {
  runtime::worker w;
  resolver r(w);
  sip::uri uri;
  ASSERT_FALSE(sip::parse_uri("sip:192.0.2.1", uri));
  int calls = 0;
  const auto id = r.resolve(uri, std::nullopt, [&](std::error_code, std::vector<resolved_target>) { ++calls; });
  EXPECT_EQ(r.pending(), 1u);
  r.cancel(id);
  EXPECT_EQ(r.pending(), 0u);
  // The numeric answer was already posted; it must find nothing to call.
  const auto o = resolve(w, r, "sip:192.0.2.2");
  EXPECT_EQ(show(o.targets), strings{"UDP 192.0.2.2:5060"});
  EXPECT_EQ(calls, 0);
}

// ---- DNS through dnsmasq ----

using resolver_dns = dnsmasq_fixture;

TEST_F(resolver_dns, naptr_then_srv_then_a) {
  runtime::worker w;
  resolver r(w, config());
  const auto o = resolve(w, r, "sip:naptr.test");
  ASSERT_FALSE(o.ec) << o.ec.message();
  // NAPTR order/preference: TCP (10/10), UDP (10/20), then SIPS (20/10); SCTP and "u" dropped.
  EXPECT_EQ(show(o.targets), (strings{"TCP 127.0.1.2:5071", "UDP 127.0.1.1:5070", "TLS 127.0.1.3:5072"}));
}

TEST_F(resolver_dns, naptr_for_sips_keeps_only_sips_services) {
  runtime::worker w;
  resolver r(w, config());
  EXPECT_EQ(show(resolve(w, r, "sips:naptr.test").targets), strings{"TLS 127.0.1.3:5072"});
}

TEST_F(resolver_dns, transport_parameter_skips_naptr) {
  runtime::worker w;
  resolver r(w, config());
  EXPECT_EQ(show(resolve(w, r, "sip:naptr.test;transport=udp").targets), strings{"UDP 127.0.1.1:5070"});
  EXPECT_EQ(show(resolve(w, r, "sip:naptr.test", transport_kind::udp).targets), strings{"UDP 127.0.1.1:5070"});
  EXPECT_EQ(show(resolve(w, r, "sip:naptr.test;transport=tls").targets), strings{"TLS 127.0.1.3:5072"});
}

TEST_F(resolver_dns, srv_priority_order_and_weights) {
  runtime::worker w;
  resolver r(w, config());
  constexpr int k_runs = 200;
  std::vector<outcome> results(k_runs);
  sip::uri uri;
  const std::string text = "sip:srv.test";
  ASSERT_FALSE(sip::parse_uri(text, uri));
  int answered = 0;
  for (auto& o : results)  // all at once: one channel multiplexes them
    r.resolve(uri, std::nullopt, [&o, &answered](std::error_code ec, std::vector<resolved_target> targets) {
      ++o.calls;
      ++answered;
      o.ec = ec;
      o.targets = std::move(targets);
    });
  ASSERT_TRUE(w.run_until([&] { return answered == k_runs; }, k_limit)) << answered << " of " << k_runs;
  int heavy_first = 0, light_first = 0;
  for (const auto& o : results) {
    ASSERT_EQ(o.calls, 1);
    ASSERT_FALSE(o.ec) << o.ec.message();
    const auto got = show(o.targets);
    ASSERT_EQ(got.size(), 4u) << ::testing::PrintToString(got);
    // Priority 10 (both weights) first, then priority 20 of _sip._udp, then _sip._tcp.
    EXPECT_EQ((std::set<std::string>{got[0], got[1]}),
              (std::set<std::string>{"UDP 127.0.2.1:5060", "UDP 127.0.2.2:5060"}));
    EXPECT_EQ(got[2], "UDP 127.0.2.3:5080");
    EXPECT_EQ(got[3], "TCP 127.0.2.4:5062");
    heavy_first += got[0] == "UDP 127.0.2.1:5060";
    light_first += got[0] == "UDP 127.0.2.2:5060";
  }
  EXPECT_GT(heavy_first, 0);
  EXPECT_GT(light_first, 0);
  EXPECT_EQ(r.pending(), 0u);
}

TEST_F(resolver_dns, a_and_aaaa_without_srv) {
  runtime::worker w;
  resolver r(w, config());
  EXPECT_EQ(as_set(resolve(w, r, "sip:plain.test").targets),
            (std::set<std::string>{"UDP 127.0.3.1:5060", "UDP [2001:db8::31]:5060"}));
  EXPECT_EQ(as_set(resolve(w, r, "sip:plain.test;transport=tcp").targets),
            (std::set<std::string>{"TCP 127.0.3.1:5060", "TCP [2001:db8::31]:5060"}));
  EXPECT_EQ(as_set(resolve(w, r, "sips:plain.test").targets),
            (std::set<std::string>{"TLS 127.0.3.1:5061", "TLS [2001:db8::31]:5061"}));
}

TEST_F(resolver_dns, nxdomain_is_not_found) {
  runtime::worker w;
  resolver r(w, config());
  EXPECT_EQ(resolve(w, r, "sip:nowhere.test").ec, resolve_errc::not_found);
  EXPECT_EQ(resolve(w, r, "sips:nowhere.test").ec, resolve_errc::not_found);
  EXPECT_EQ(resolve(w, r, "sip:nowhere.test:5060").ec, resolve_errc::not_found);
}

TEST_F(resolver_dns, srv_target_dot_means_not_available) {
  runtime::worker w;
  resolver r(w, config());
  EXPECT_EQ(resolve(w, r, "sip:dot.test").ec, resolve_errc::not_found);
  // With a port, SRV is not asked and the A record is used.
  EXPECT_EQ(show(resolve(w, r, "sip:dot.test:5060").targets), strings{"UDP 127.0.6.1:5060"});
}

TEST_F(resolver_dns, explicit_port_skips_naptr_and_srv) {
  runtime::worker w;
  resolver r(w, config());
  EXPECT_EQ(show(resolve(w, r, "sip:both.test").targets), strings{"TCP 127.0.4.2:5090"});
  EXPECT_EQ(show(resolve(w, r, "sip:both.test:5099").targets), strings{"UDP 127.0.4.1:5099"});
  EXPECT_EQ(show(resolve(w, r, "sip:both.test:5099;transport=tcp").targets), strings{"TCP 127.0.4.1:5099"});
  EXPECT_EQ(show(resolve(w, r, "sip:both.test:5099", transport_kind::tcp).targets), strings{"TCP 127.0.4.1:5099"});
  EXPECT_EQ(show(resolve(w, r, "sip:nowhere.test;maddr=both.test").targets), strings{"TCP 127.0.4.2:5090"});
}

TEST_F(resolver_dns, sips_uses_sips_srv_only) {
  runtime::worker w;
  resolver r(w, config());
  EXPECT_EQ(show(resolve(w, r, "sips:secure.test").targets), strings{"TLS 127.0.5.1:5061"});
  EXPECT_EQ(show(resolve(w, r, "sip:secure.test").targets), strings{"UDP 127.0.5.2:5060"});
  EXPECT_EQ(show(resolve(w, r, "sip:secure.test;transport=tls").targets), strings{"TLS 127.0.5.1:5061"});
  EXPECT_EQ(resolve(w, r, "sips:secure.test:5062").ec, resolve_errc::not_found);  // no A record
}

TEST_F(resolver_dns, destroyed_in_its_own_callback) {
  runtime::worker w;
  auto r = std::make_unique<resolver>(w, config());
  sip::uri uri;
  ASSERT_FALSE(sip::parse_uri("sip:srv.test", uri));
  int calls = 0;
  // Whichever answer comes first destroys the resolver; the other is never called.
  for (int i = 0; i < 2; ++i)
    r->resolve(uri, std::nullopt, [&](std::error_code ec, std::vector<resolved_target>) {
      EXPECT_FALSE(ec);
      ++calls;
      r.reset();
    });
  ASSERT_TRUE(w.run_until([&] { return !r; }, k_limit));
  w.run_until([] { return false; }, 100ms);  // whatever was queued runs and finds nothing
  EXPECT_EQ(calls, 1);
}

// ---- a name server that never answers ----

class black_hole : public ::testing::Test {
 protected:
  void SetUp() override {
    fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ASSERT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  void TearDown() override { ::close(fd_); }
  resolver_config config() const { return {"127.0.0.1:" + std::to_string(port_), 50ms, 1}; }
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

TEST_F(black_hole, no_answer_is_a_timeout) {
  runtime::worker w;
  resolver r(w, config());
  EXPECT_EQ(resolve(w, r, "sip:example.test").ec, resolve_errc::timeout);
  EXPECT_EQ(resolve(w, r, "sip:example.test:5060").ec, resolve_errc::timeout);
  EXPECT_EQ(r.pending(), 0u);
}

TEST_F(black_hole, destroyed_with_queries_pending_calls_nothing) {
  runtime::worker w;
  int calls = 0;
  {
    resolver r(w, {"127.0.0.1:" + std::to_string(port_), 10s, 1});
    sip::uri uri;
    ASSERT_FALSE(sip::parse_uri("sip:example.test", uri));
    for (int i = 0; i < 3; ++i)
      r.resolve(uri, std::nullopt, [&](std::error_code, std::vector<resolved_target>) { ++calls; });
    w.run_until([] { return false; }, 50ms);  // the queries are out, their sockets watched
    EXPECT_EQ(r.pending(), 3u);
  }
  w.run_until([] { return false; }, 100ms);  // cancelled waits run after the resolver is gone
  EXPECT_EQ(calls, 0);
}

TEST(resolver_config_test, bad_nameserver_throws) {
  runtime::worker w;
  EXPECT_THROW(resolver(w, {"not an address", 100ms, 1}), std::system_error);
}

// ---- the error category and target_set ----

TEST(resolve_errc_test, category) {
  const std::error_code ec = resolve_errc::timeout;
  EXPECT_STREQ(ec.category().name(), "resolve");
  EXPECT_EQ(ec, resolve_errc::timeout);
  EXPECT_NE(ec, resolve_errc::not_found);
  for (auto e : {resolve_errc::not_found, resolve_errc::timeout, resolve_errc::bad_name, resolve_errc::server_failure,
                 resolve_errc::unsupported_transport})
    EXPECT_FALSE(make_error_code(e).message().empty());
}

TEST(target_set_test, hands_out_each_target_once_in_order) {
  const auto a = *endpoint::from_numeric("192.0.2.1", 5060);
  const auto b = *endpoint::from_numeric("192.0.2.2", 5061);
  const auto c = *endpoint::from_numeric("192.0.2.3", 5060);
  target_set set({{a, transport_kind::udp}, {b, transport_kind::tls}, {c, transport_kind::tcp}});
  EXPECT_EQ(set.size(), 3u);
  EXPECT_EQ(set.current(), nullptr);
  const auto* first = set.next();
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(show(*first), "UDP 192.0.2.1:5060");
  EXPECT_EQ(set.current(), first);
  // A copy keeps its own position and its own targets.
  target_set copy = set;
  ASSERT_NE(copy.current(), nullptr);
  EXPECT_NE(copy.current(), set.current());
  EXPECT_EQ(show(*copy.current()), "UDP 192.0.2.1:5060");
  // Failover skipping TLS (a caller without TLS).
  const auto* second = set.next_if([](const resolved_target& t) { return t.transport != transport_kind::tls; });
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(show(*second), "TCP 192.0.2.3:5060");
  EXPECT_EQ(set.remaining(), 0u);
  EXPECT_EQ(set.next(), nullptr);
  EXPECT_EQ(set.current(), nullptr);
  set.rewind();
  EXPECT_EQ(show(*set.next()), "UDP 192.0.2.1:5060");
  EXPECT_EQ(show(*copy.next()), "TLS 192.0.2.2:5061");
  EXPECT_TRUE(target_set{}.empty());
  EXPECT_EQ(target_set{}.next(), nullptr);
}

}  // namespace
}  // namespace sw::transport
