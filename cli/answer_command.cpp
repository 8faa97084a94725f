// Wiring of `sipwright answer`: a UAS that answers every INVITE (100, optional 180 and a
// ring time, then --code), answers BYE, CANCEL, OPTIONS, INFO and re-INVITEs, runs until
// SIGINT/SIGTERM or --max-calls, and prints what it saw on exit.
#include <fmt/core.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>

#include "call_command.hpp"
#include "commands.hpp"
#include "network.hpp"
#include "session/user_agent.hpp"

namespace po = boost::program_options;

namespace sw::cli {

namespace {

struct tally {
  std::uint64_t calls = 0, answered = 0, rejected = 0, canceled = 0, dtmf = 0, byes = 0, reinvites = 0, ended = 0;
};

struct ringing {
  session::session* s;
  int code;
};

}  // namespace

int answer_command(const std::vector<std::string>& args) {
  return run_command("answer", [&] {
    po::options_description desc("answer");
    desc.add_options()("ring", po::value<std::string>())("code", po::value<int>())("max-calls", po::value<long>())
        ("verbose,v", "");
    add_network_options(desc);
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    const auto ring = duration_option(vm, "ring", std::chrono::milliseconds(0));
    const int code = vm.count("code") ? vm["code"].as<int>() : 200;
    if (code < 200 || code > 699) throw usage_error(fmt::format("--code: {} is not a final status (200-699)", code));
    const long max_calls = vm.count("max-calls") ? vm["max-calls"].as<long>() : 0;
    if (max_calls < 0) throw usage_error("--max-calls must be 0 (no limit) or more");
    const bool verbose = vm.count("verbose") > 0;
    const auto kind = transport_option(vm).value_or(transport::transport_kind::udp);
    const std::string listen = vm.count("listen") ? vm["listen"].as<std::string>() : "127.0.0.1:5060";
    const auto local = parse_host_port(listen, 5060);
    if (!local) throw usage_error(fmt::format("--listen: '{}' is not HOST[:PORT] with a numeric host", listen));

    runtime::worker worker;
    auto link = open_transport(worker, kind, *local);
    txn::transaction_layer layer(worker.timers());
    link->set_sink(&layer);
    session::user_agent ua(worker.timers(), layer, *link, {.user = "answer"});
    tally seen;
    std::vector<std::unique_ptr<ringing>> rings;

    auto answer_now = [](void* p, std::uint32_t) {
      auto* r = static_cast<ringing*>(p);
      if (r->code < 300) r->s->accept({.status_code = r->code});
      else r->s->reject({.status_code = r->code});
    };
    ua.on_invite = [&](session::session& s) {
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
            ++seen.ended;
            if (max_calls && seen.ended >= static_cast<std::uint64_t>(max_calls)) worker.stop();
            break;
          default: break;
        }
      };
      if (ring.count() > 0) {
        s.progress();
        rings.push_back(std::make_unique<ringing>(ringing{&s, code}));
        worker.timers().schedule(static_cast<runtime::tick>(ring.count()), answer_now, rings.back().get());
      } else if (code < 300) {
        s.accept({.status_code = code});
      } else {
        s.reject({.status_code = code});
      }
    };

    boost::asio::signal_set signals(worker.io(), SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int) {
      if (!ec) worker.stop();
    });
    fmt::print("answering on {} over {}\n", link->local().host_port(), transport::transport_name(kind));
    std::fflush(stdout);
    worker.run();

    const txn::counters& c = layer.stats();
    fmt::print(
        "calls {}: answered {}, rejected {}, canceled {}; BYE received {}, DTMF received {}, re-INVITEs {}\n"
        "transactions: {} server, {} client; retransmissions {}, malformed {}, stateless answers {}\n",
        seen.calls, seen.answered, seen.rejected, seen.canceled, seen.byes, seen.dtmf, seen.reinvites,
        c.server_started, c.client_started, c.retransmissions + c.response_retransmissions, c.malformed,
        c.stateless_answers);
    return exit_ok;
  });
}

}  // namespace sw::cli
