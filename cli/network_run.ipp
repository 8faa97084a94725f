// run_command: the one place the network commands turn failures into exit codes.
#pragma once

#include <fmt/core.h>

#include "commands.hpp"

namespace sw::cli {

template <typename Body>
int run_command(std::string_view command, Body body) {
  try {
    return body();
  } catch (const usage_error& e) {
    fmt::print(stderr, "sipwright: {}: {} (see 'sipwright --help')\n", command, e.what());
    return exit_usage;
  } catch (const boost::program_options::error& e) {
    fmt::print(stderr, "sipwright: {}: {} (see 'sipwright --help')\n", command, e.what());
    return exit_usage;
  } catch (const command_failure& e) {
    fmt::print(stderr, "sipwright: {}: {}\n", command, e.what());
    return e.code;
  }
}

}  // namespace sw::cli
