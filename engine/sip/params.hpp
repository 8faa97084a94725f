// `;name=value` parameter lists of URIs and header fields (RFC 3261 §25.1 generic-param,
// uri-parameter). A cursor walks the raw text without copying; header parameters allow LWS
// around ';' and '=' and quoted values, URI parameters allow neither.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace sw::sip {

struct param {
  std::string_view name;
  std::string_view value;  // raw: quotes kept for quoted-string values, escapes kept
  bool has_value = false;
};

enum class param_syntax : unsigned char { header, uri };

class param_cursor {
 public:
  param_cursor(std::string_view text, param_syntax syntax) noexcept : text_(text), syntax_(syntax) {}

  // The next parameter; false at the end or on a syntax error (then failed() is true).
  bool next(param& out) noexcept;
  bool failed() const noexcept { return failed_; }
  // Offset into the text of the byte that stopped the cursor.
  std::size_t position() const noexcept { return pos_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  param_syntax syntax_;
  bool failed_ = false;
};

// Checks the whole list; returns the offset of the first bad byte, or npos when it is valid.
std::size_t check_params(std::string_view text, param_syntax syntax) noexcept;

// Value of the first parameter named `name` (case-insensitive): "" for a flag parameter,
// nullopt when absent. Assumes a list that check_params accepted.
std::optional<std::string_view> find_param(std::string_view text, std::string_view name,
                                           param_syntax syntax) noexcept;

}  // namespace sw::sip
