// Interop: a real Kamailio (started here) as registrar and record-routing proxy that
// challenges REGISTER with 401 and INVITE with 407. Two of our user agents register, call
// each other through it, hold and unhold, send INFO DTMF, hang up, and unregister.
// Kamailio comes from scripts/setup.sh; when it is missing the test fails, never skips.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "runtime/worker.hpp"
#include "session/registration.hpp"
#include "session/user_agent.hpp"
#include "transport/udp_transport.hpp"
#include "txn/transaction_layer.hpp"
#include "txn/options_pinger.hpp"

namespace sw::session {
namespace {

using namespace std::chrono_literals;
namespace net = sw::transport;

class kamailio {
 public:
  explicit kamailio(std::uint16_t port) : port_(port) {
    dir_ = std::filesystem::temp_directory_path() / ("sw-kamailio-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    const std::string binary = "/usr/sbin/kamailio";
    if (::access(binary.c_str(), X_OK) != 0) {
      ADD_FAILURE() << "kamailio is not installed (scripts/setup.sh installs it)";
      return;
    }
    const std::string cfg = std::string(SW_INTEROP_DIR) + "/kamailio-registrar.cfg";
    const std::string listen = "udp:127.0.0.1:" + std::to_string(port);
    const std::string log = (dir_ / "log").string();
    std::vector<std::string> args = {binary, "-f", cfg, "-L", "/usr/lib/x86_64-linux-gnu/kamailio/modules", "-l", listen,
                                     "-P", (dir_ / "pid").string(), "-w", dir_.string(), "-Y", dir_.string(),
                                     "-DD", "-E"};
    pid_ = ::fork();
    if (pid_ == 0) {
      ::setpgid(0, 0);
      std::freopen(log.c_str(), "w", stderr);
      std::freopen(log.c_str(), "a", stdout);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(binary.c_str(), argv.data());
      ::_exit(127);
    }
  }
  ~kamailio() {
    if (pid_ > 0) {
      ::kill(-pid_, SIGTERM);
      ::kill(pid_, SIGTERM);
      int status;
      ::waitpid(pid_, &status, 0);
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  bool started() const { return pid_ > 0; }
  std::string log() const {
    std::ifstream in(dir_ / "log");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

 private:
  std::uint16_t port_;
  std::filesystem::path dir_;
  pid_t pid_ = -1;
};

struct party {
  net::udp_transport link;
  txn::transaction_layer layer;
  user_agent ua;
  std::vector<std::string> events;
  party(runtime::worker& w, const std::string& user)
      : link(w, *net::endpoint::from_numeric("127.0.0.1", 0)), layer(w.timers()),
        ua(w.timers(), layer, link, {.user = user, .domain = "sip.test", .password = "secret"}) {
    link.set_sink(&layer);
    link.start();
  }
  void attach(session& s) {
    s.on_event = [this](session&, const event& e) {
      std::string line(event_name(e.kind));
      if (e.kind == event_kind::reinvite) line += ":" + std::string(e.direction);
      if (e.kind == event_kind::dtmf) line += std::string(":") + e.tone;
      events.push_back(line);
    };
  }
  bool saw(std::string_view e) const { return std::find(events.begin(), events.end(), e) != events.end(); }
};

std::uint16_t free_port() {
  runtime::worker w;
  net::udp_transport probe(w, *net::endpoint::from_numeric("127.0.0.1", 0));
  return probe.local().port();
}

TEST(interop_kamailio, register_call_hold_dtmf_hangup_through_the_proxy) {
  const std::uint16_t port = free_port();
  kamailio k(port);
  ASSERT_TRUE(k.started());
  const net::endpoint proxy = *net::endpoint::from_numeric("127.0.0.1", port);

  runtime::worker worker;
  // Wait until Kamailio answers OPTIONS.
  {
    net::udp_transport link(worker, *net::endpoint::from_numeric("127.0.0.1", 0));
    txn::transaction_layer layer(worker.timers(), {.t1 = 100});
    link.set_sink(&layer);
    link.start();
    bool up = false;
    for (int attempt = 0; attempt < 50 && !up; ++attempt) {
      txn::options_pinger ping(worker, layer, link, {"sip:127.0.0.1", {proxy}, 1, 100},
                               [&](const txn::ping_result& r) { up = r.kind == txn::ping_result::outcome::answered; });
      ping.start();
      worker.run_until([&] { return ping.done(); }, 3s);
    }
    ASSERT_TRUE(up) << k.log();
  }

  party alice(worker, "alice"), bob(worker, "bob");
  registration alice_reg(alice.ua, {"sip:sip.test", "sip:alice@sip.test", 300, proxy});
  registration bob_reg(bob.ua, {"sip:sip.test", "sip:bob@sip.test", 300, proxy});
  alice_reg.register_binding();
  bob_reg.register_binding();
  ASSERT_TRUE(worker.run_until([&] {
    return alice_reg.state() == registration_state::registered && bob_reg.state() == registration_state::registered;
  }, 5s)) << alice_reg.reason() << " / " << bob_reg.reason() << "\n" << k.log();
  EXPECT_GT(alice.layer.stats().client_started, 1u);  // the REGISTER was challenged and answered

  session* incoming = nullptr;
  bob.ua.on_invite = [&](session& s) {
    incoming = &s;
    bob.attach(s);
    s.progress();
    s.accept();
  };
  session& call = alice.ua.invite("sip:bob@sip.test", proxy);
  alice.attach(call);
  ASSERT_TRUE(worker.run_until([&] {
    return call.state() == session_state::established && incoming && incoming->state() == session_state::established;
  }, 5s)) << ::testing::PrintToString(alice.events) << "\n" << k.log();
  ASSERT_NE(call.current_dialog(), nullptr);
  EXPECT_FALSE(call.current_dialog()->route_set().empty());  // Kamailio record-routed

  call.hold();
  ASSERT_TRUE(worker.run_until([&] { return bob.saw("reinvite:sendonly"); }, 5s));
  worker.run_until([] { return false; }, 100ms);
  call.unhold();
  ASSERT_TRUE(worker.run_until([&] { return bob.saw("reinvite:sendrecv"); }, 5s));
  call.dtmf("42", {.duration = 50, .inter_tone_gap = 50});
  ASSERT_TRUE(worker.run_until([&] { return bob.saw("dtmf:2"); }, 5s));
  EXPECT_TRUE(bob.saw("dtmf:4"));
  call.bye();
  ASSERT_TRUE(worker.run_until([&] { return bob.saw("terminated") && alice.saw("terminated"); }, 5s));
  EXPECT_TRUE(bob.saw("bye"));

  alice_reg.unregister();
  bob_reg.unregister();
  ASSERT_TRUE(worker.run_until([&] {
    return alice_reg.state() == registration_state::unregistered && bob_reg.state() == registration_state::unregistered;
  }, 5s));
}

// A wrong password ends the registration with a clear reason after one answer, never a loop.
TEST(interop_kamailio, wrong_password_fails_clearly) {
  const std::uint16_t port = free_port();
  kamailio k(port);
  ASSERT_TRUE(k.started());
  const net::endpoint proxy = *net::endpoint::from_numeric("127.0.0.1", port);
  runtime::worker worker;
  net::udp_transport link(worker, *net::endpoint::from_numeric("127.0.0.1", 0));
  txn::transaction_layer layer(worker.timers(), {.t1 = 100});
  link.set_sink(&layer);
  link.start();
  user_agent ua(worker.timers(), layer, link, {.user = "mallory", .domain = "sip.test", .password = "guess"});
  registration reg(ua, {"sip:sip.test", "sip:mallory@sip.test", 300, proxy});
  // Kamailio may still be starting: retry the registration until it gets an answer.
  for (int attempt = 0; attempt < 30; ++attempt) {
    reg.register_binding();
    worker.run_until([&] { return reg.state() == registration_state::failed; }, 5s);
    if (reg.reason().find("timeout") == std::string::npos) break;
  }
  EXPECT_EQ(reg.state(), registration_state::failed);
  EXPECT_NE(reg.reason().find("401"), std::string::npos) << reg.reason();
  EXPECT_NE(reg.reason().find("wrong username or password"), std::string::npos) << reg.reason();
}

}  // namespace
}  // namespace sw::session
