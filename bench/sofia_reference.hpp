// sofia-sip as a reference parser. The sofia headers stay in sofia_reference.cpp; this header
// exposes only what the benchmark needs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sw::bench {

struct sofia_parsed {
  bool ok = false;               // msg_extract() > 0, no header in error, Call-ID and CSeq there
  std::uint32_t cseq = 0;        // sip->sip_cseq->cs_seq
  std::size_t call_id_size = 0;  // strlen(sip->sip_call_id->i_id)
  std::size_t body_size = 0;     // sip->sip_payload->pl_len, 0 without a body
};

// Parses one datagram the way sofia-sip's own tests do: msg_create(sip_default_mclass(), 0),
// msg_buf_alloc + memcpy + msg_buf_commit(msg, size, 1), msg_extract(), sip_object(),
// then msg_destroy().
sofia_parsed sofia_parse(std::string_view bytes) noexcept;

// SOFIA_SIP_VERSION of the headers compiled against.
std::string_view sofia_version() noexcept;

}  // namespace sw::bench
