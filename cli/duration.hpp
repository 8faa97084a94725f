// Durations on the command line: "500ms", "2s", "1.5s", "1m"; a bare number is seconds, as
// ping's -i is.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace sw::cli {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace sw::cli
