// Helpers shared by the SIP tests: reading the RFC 4475 vectors byte for byte.
#pragma once

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace sw::sip::test {

inline std::string read_vector(const std::string& name) {
  std::ifstream in(std::string(SW_TEST_DATA) + "/rfc4475/" + name, std::ios::binary);
  if (!in) throw std::runtime_error("missing test vector " + name);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace sw::sip::test
