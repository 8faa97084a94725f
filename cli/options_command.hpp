#pragma once

#include <string>
#include <vector>

namespace sw::cli {

// sipwright options sip:HOST[:PORT] [--transport udp|tcp] [--count N] [--interval D]
//                                   [--timeout D] [--listen HOST[:PORT]]
int options_command(const std::vector<std::string>& args);

}  // namespace sw::cli
