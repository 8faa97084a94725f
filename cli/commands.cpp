#include "commands.hpp"

#include "call_command.hpp"
#include "options_command.hpp"

#include <fmt/core.h>

#include <boost/program_options.hpp>
#include <exception>
#include <string>
#include <vector>

namespace po = boost::program_options;

namespace sw::cli {

namespace {

constexpr const char* k_usage = R"(sipwright — SIP test and load-generation tool

Usage: sipwright [--help] [--version] COMMAND [ARGS...]

Commands:
  options URI    send SIP OPTIONS like ping: sipwright options sip:HOST[:PORT]
                 [--transport udp] [--count N] [--interval D] [--timeout D]
                 [--listen HOST[:PORT]]   (durations: 500ms, 2s, 1m)

  call URI       place one call: sipwright call sip:bob@HOST[:PORT] [--target HOST[:PORT]]
                 [--transport udp|tcp] [--user U --password P] [--from URI]
                 [--duration D] [--dtmf DIGITS] [--timeout D]
  answer         answer every call: sipwright answer [--listen HOST[:PORT]] [--ring D]
                 [--code N] [--max-calls N] [--transport udp|tcp] [--verbose]

Coming with later issues (see docs/FEATURES.md): run, load, check, report

Options:
  -h, --help      print this help and exit
  -V, --version   print the version and exit

Exit codes: 0 success, 1 a test or call failed, 2 usage error, 3 environment error.
)";

int usage_error(const std::string& message) {
  fmt::print(stderr, "sipwright: {} (see 'sipwright --help')\n", message);
  return exit_usage;
}

}  // namespace

int run(int argc, char** argv) {
  po::options_description global("Options");
  global.add_options()("help,h", "")("version,V", "")
      ("command", po::value<std::string>(), "")("args", po::value<std::vector<std::string>>(), "");
  po::positional_options_description positional;
  positional.add("command", 1).add("args", -1);

  po::variables_map vm;
  std::vector<std::string> rest;
  try {
    // Options after the command belong to it: the global parser leaves them alone.
    auto parsed = po::command_line_parser(argc, argv).options(global).positional(positional).allow_unregistered().run();
    po::store(parsed, vm);
    po::notify(vm);
    rest = po::collect_unrecognized(parsed.options, po::include_positional);
  } catch (const po::error& e) {
    return usage_error(e.what());
  }

  if (vm.count("help")) {
    fmt::print("{}", k_usage);
    return exit_ok;
  }
  if (vm.count("version")) {
    fmt::print("sipwright {}\n", SIPWRIGHT_VERSION);
    return exit_ok;
  }
  if (!vm.count("command")) {
    if (!rest.empty()) return usage_error(fmt::format("unrecognised option '{}'", rest.front()));
    return usage_error("no command given");
  }
  const std::string command = vm["command"].as<std::string>();
  if (!rest.empty() && rest.front() == command) rest.erase(rest.begin());
  if (command == "options") return options_command(rest);
  if (command == "call") return call_command(rest);
  if (command == "answer") return answer_command(rest);
  return usage_error(fmt::format("unknown command '{}'", vm["command"].as<std::string>()));
}

}  // namespace sw::cli
