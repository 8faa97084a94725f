// The only file that includes sofia-sip (C headers with their own extern "C" guards).
#include "sofia_reference.hpp"

#include <sofia-sip/msg.h>
#include <sofia-sip/msg_buffer.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sofia_features.h>

#include <cstring>

namespace sw::bench {

sofia_parsed sofia_parse(std::string_view bytes) noexcept {
  sofia_parsed result;
  msg_t* msg = msg_create(sip_default_mclass(), 0);
  if (!msg) return result;
  const auto size = static_cast<usize_t>(bytes.size());
  if (void* buffer = msg_buf_alloc(msg, size + 1)) {
    std::memcpy(buffer, bytes.data(), bytes.size());
    msg_buf_commit(msg, size, 1);  // 1: end of stream, the datagram is complete
    if (msg_extract(msg) > 0) {
      const sip_t* sip = sip_object(msg);
      if (sip && !sip->sip_error && sip->sip_call_id && sip->sip_cseq) {
        result.ok = true;
        result.cseq = sip->sip_cseq->cs_seq;
        result.call_id_size = std::strlen(sip->sip_call_id->i_id);
        result.body_size = sip->sip_payload ? sip->sip_payload->pl_len : 0;
      }
    }
  }
  msg_destroy(msg);
  return result;
}

std::string_view sofia_version() noexcept { return SOFIA_SIP_VERSION; }

}  // namespace sw::bench
