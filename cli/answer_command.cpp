// Wiring of `sipwright answer`: a UAS that answers every INVITE (100, optional 180 and a
// ring time, then --code), answers BYE, CANCEL, OPTIONS, INFO and re-INVITEs, runs until
// SIGINT/SIGTERM or --max-calls, and prints what it saw on exit. With --threads N (UDP), N
// workers share the port through SO_REUSEPORT, each with its own transactions and calls.
#include <fmt/core.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <condition_variable>
#include <csignal>
#include <mutex>

#include "call_command.hpp"
#include "commands.hpp"
#include "network.hpp"
#include "runtime/worker_pool.hpp"
#include "session/user_agent.hpp"
#include "transport/udp_transport.hpp"

namespace po = boost::program_options;

namespace sw::cli {

namespace {

// Counted by every worker, read once at the end.
struct tally {
  std::atomic<std::uint64_t> calls{0}, answered{0}, rejected{0}, canceled{0}, dtmf{0}, byes{0}, reinvites{0}, ended{0};
};

struct ringing {
  session::session* s;
  int code;
};

// One worker's answerer: its socket, transactions, user agent and ringing calls.
struct lane {
  std::unique_ptr<transport::transport> link;
  std::unique_ptr<txn::transaction_layer> layer;
  std::unique_ptr<session::user_agent> ua;
  std::vector<std::unique_ptr<ringing>> rings;
};

// Stops the main thread's wait, from a signal or from the call that reached --max-calls.
struct stop_signal {
  std::mutex m;
  std::condition_variable cv;
  bool stop = false;
  void raise() {
    std::lock_guard lock(m);
    stop = true;
    cv.notify_all();
  }
  void wait() {
    std::unique_lock lock(m);
    cv.wait(lock, [this] { return stop; });
  }
};

}  // namespace

int answer_command(const std::vector<std::string>& args) {
  return run_command("answer", [&] {
    po::options_description desc("answer");
    desc.add_options()("ring", po::value<std::string>())("code", po::value<int>())("max-calls", po::value<long>())
        ("threads", po::value<int>())("verbose,v", "");
    add_network_options(desc);
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    const auto ring = duration_option(vm, "ring", std::chrono::milliseconds(0));
    const int code = vm.count("code") ? vm["code"].as<int>() : 200;
    if (code < 200 || code > 699) throw usage_error(fmt::format("--code: {} is not a final status (200-699)", code));
    const long max_calls = vm.count("max-calls") ? vm["max-calls"].as<long>() : 0;
    if (max_calls < 0) throw usage_error("--max-calls must be 0 (no limit) or more");
    const int threads = vm.count("threads") ? vm["threads"].as<int>() : 1;
    if (threads < 1 || threads > 256) throw usage_error("--threads must be 1 to 256");
    const bool verbose = vm.count("verbose") > 0;
    const auto kind = transport_option(vm).value_or(transport::transport_kind::udp);
    if (threads > 1 && kind != transport::transport_kind::udp)
      throw usage_error("--threads above 1 needs --transport udp (workers share a UDP port)");
    const std::string listen = vm.count("listen") ? vm["listen"].as<std::string>() : "127.0.0.1:5060";
    const auto local = parse_host_port(listen, 5060);
    if (!local) throw usage_error(fmt::format("--listen: '{}' is not HOST[:PORT] with a numeric host", listen));

    runtime::worker_pool pool(static_cast<unsigned>(threads));
    std::vector<lane> lanes(static_cast<std::size_t>(threads));
    tally seen;
    stop_signal done;

    for (std::size_t i = 0; i < lanes.size(); ++i) {
      runtime::worker& w = pool.at(i);
      lane& l = lanes[i];
      if (threads == 1) {
        l.link = open_transport(w, kind, *local);
      } else {
        // Every worker binds the port the first one got (SO_REUSEPORT).
        const transport::endpoint at = i == 0 ? *local : lanes[0].link->local();
        try {
          auto udp = std::make_unique<transport::udp_transport>(w, at, true);
          udp->start();
          l.link = std::move(udp);
        } catch (const std::system_error& e) {
          throw command_failure(exit_environment, fmt::format("cannot listen on {}: {}", at.host_port(), e.code().message()));
        }
      }
      l.layer = std::make_unique<txn::transaction_layer>(w.timers());
      l.link->set_sink(l.layer.get());
      const session::ua_config config{.user = "answer", .trying_at_once = true};
      l.ua = std::make_unique<session::user_agent>(w.timers(), *l.layer, *l.link, config);
      auto answer_now = [](void* p, std::uint32_t) {
        auto* r = static_cast<ringing*>(p);
        if (r->code < 300) r->s->accept({.status_code = r->code});
        else r->s->reject({.status_code = r->code});
      };
      l.ua->on_invite = [&, &w = w, &l = l, answer_now](session::session& s) {
        ++seen.calls;
        s.on_event = [&](session::session& x, const session::event& e) {
          using session::event_kind;
          if (verbose) fmt::print("{} {} {}\n", x.call_id(), event_name(e.kind), e.status ? std::to_string(e.status) : "");
          switch (e.kind) {
            case event_kind::accepted: ++seen.answered; break;
            case event_kind::rejected: ++seen.rejected; break;
            case event_kind::cancel: ++seen.canceled; break;
            case event_kind::dtmf: seen.dtmf += !e.local; break;
            case event_kind::bye: seen.byes += !e.local; break;
            case event_kind::reinvite: ++seen.reinvites; break;
            case event_kind::terminated:
              if (max_calls && ++seen.ended >= static_cast<std::uint64_t>(max_calls)) done.raise();
              break;
            default: break;
          }
        };
        if (ring.count() > 0) {
          s.progress();
          l.rings.push_back(std::make_unique<ringing>(ringing{&s, code}));
          w.timers().schedule(static_cast<runtime::tick>(ring.count()), answer_now, l.rings.back().get());
        } else if (code < 300) {
          s.accept({.status_code = code});
        } else {
          s.reject({.status_code = code});
        }
      };
    }

    boost::asio::signal_set signals(pool.at(0).io(), SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int) {
      if (!ec) done.raise();
    });
    fmt::print("answering on {} over {}{}\n", lanes[0].link->local().host_port(), transport::transport_name(kind),
               threads > 1 ? fmt::format(" with {} workers", threads) : std::string());
    std::fflush(stdout);
    pool.start();
    done.wait();
    pool.stop();

    txn::counters c;
    for (const lane& l : lanes) {
      const txn::counters& s = l.layer->stats();
      c.server_started += s.server_started;
      c.client_started += s.client_started;
      c.retransmissions += s.retransmissions + s.response_retransmissions;
      c.malformed += s.malformed;
      c.stateless_answers += s.stateless_answers;
    }
    fmt::print(
        "calls {}: answered {}, rejected {}, canceled {}; BYE received {}, DTMF received {}, re-INVITEs {}\n"
        "transactions: {} server, {} client; retransmissions {}, malformed {}, stateless answers {}\n",
        seen.calls.load(), seen.answered.load(), seen.rejected.load(), seen.canceled.load(), seen.byes.load(),
        seen.dtmf.load(), seen.reinvites.load(), c.server_started, c.client_started, c.retransmissions, c.malformed,
        c.stateless_answers);
    return exit_ok;
  });
}

}  // namespace sw::cli
