#pragma once

#include <string>
#include <vector>

namespace sw::cli {

// sipwright call URI [--target HOST[:PORT]] [--transport udp|tcp] [--user U --password P]
//                    [--from URI] [--duration D] [--dtmf DIGITS] [--timeout D] [--listen] [--dns]
int call_command(const std::vector<std::string>& args);

// sipwright answer [--listen HOST[:PORT]] [--transport udp|tcp] [--ring D] [--code N]
//                  [--max-calls N]
int answer_command(const std::vector<std::string>& args);

}  // namespace sw::cli
