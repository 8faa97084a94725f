// Entry point of the command line: parses the subcommand and its options and hands over to
// the engine. Exit codes (DESIGN.md): 0 success, 1 failure, 2 usage error, 3 environment error.
#pragma once

namespace sw::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failed = 1;
inline constexpr int exit_usage = 2;
inline constexpr int exit_environment = 3;

int run(int argc, char** argv);

}  // namespace sw::cli
