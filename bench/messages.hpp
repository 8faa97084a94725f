// The messages the benchmarks parse, build and frame: an INVITE with an SDP offer (one audio
// m-line: PCMU, PCMA, telephone-event) as a softphone sends it, and the 200 OK answering it.
// The INVITE's header values are kept as pieces so BM_build_invite writes exactly the bytes
// BM_parse_invite_sdp reads (main checks that they match).
#pragma once

#include <string>
#include <string_view>

namespace sw::bench::invite {

inline constexpr std::string_view method = "INVITE";
inline constexpr std::string_view request_uri = "sip:bob@biloxi.com";
inline constexpr std::string_view via_transport = "UDP";
inline constexpr std::string_view via_sent_by = "pc33.atlanta.com:5060";
inline constexpr std::string_view via_branch = "z9hG4bK776asdhds";
inline constexpr int max_forwards = 70;
inline constexpr std::string_view from = "\"Alice\" <sip:alice@atlanta.com>;tag=1928301774";
inline constexpr std::string_view to = "\"Bob\" <sip:bob@biloxi.com>";
inline constexpr std::string_view call_id = "a84b4c76e66710@pc33.atlanta.com";
inline constexpr unsigned cseq = 314159;
inline constexpr std::string_view contact = "<sip:alice@192.0.2.101:5060>";
inline constexpr std::string_view allow = "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, INFO";
inline constexpr std::string_view supported = "replaces, timer";
inline constexpr std::string_view user_agent = "sipwright/0.1.0";
inline constexpr std::string_view content_type = "application/sdp";
inline constexpr std::string_view sdp =
    "v=0\r\n"
    "o=alice 2890844526 2890844526 IN IP4 192.0.2.101\r\n"
    "s=-\r\n"
    "c=IN IP4 192.0.2.101\r\n"
    "t=0 0\r\n"
    "m=audio 49170 RTP/AVP 0 8 101\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-16\r\n"
    "a=sendrecv\r\n";

// The whole INVITE, in the order message_builder writes it (Content-Type and Content-Length
// last, from finish()).
inline const std::string& bytes() {
  static const std::string text = [] {
    std::string s;
    auto line = [&s](std::string_view name, std::string_view value) {
      s.append(name).append(": ").append(value).append("\r\n");
    };
    s.append(method).append(" ").append(request_uri).append(" SIP/2.0\r\n");
    s.append("Via: SIP/2.0/").append(via_transport).append(" ").append(via_sent_by);
    s.append(";branch=").append(via_branch).append(";rport\r\n");
    line("Max-Forwards", std::to_string(max_forwards));
    line("From", from);
    line("To", to);
    line("Call-ID", call_id);
    line("CSeq", std::to_string(cseq) + " " + std::string(method));
    line("Contact", contact);
    line("Allow", allow);
    line("Supported", supported);
    line("User-Agent", user_agent);
    line("Content-Type", content_type);
    line("Content-Length", std::to_string(sdp.size()));
    s.append("\r\n").append(sdp);
    return s;
  }();
  return text;
}

}  // namespace sw::bench::invite

namespace sw::bench::ok_200 {

inline constexpr std::string_view sdp =
    "v=0\r\n"
    "o=bob 2808844564 2808844564 IN IP4 192.0.2.4\r\n"
    "s=-\r\n"
    "c=IN IP4 192.0.2.4\r\n"
    "t=0 0\r\n"
    "m=audio 3456 RTP/AVP 0 101\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-16\r\n"
    "a=sendrecv\r\n";

// 200 OK to the INVITE above: Via echoed with received and rport filled, To tag added.
inline const std::string& bytes() {
  static const std::string text =
      std::string(
          "SIP/2.0 200 OK\r\n"
          "Via: SIP/2.0/UDP pc33.atlanta.com:5060;branch=z9hG4bK776asdhds"
          ";rport=5060;received=192.0.2.101\r\n"
          "From: \"Alice\" <sip:alice@atlanta.com>;tag=1928301774\r\n"
          "To: \"Bob\" <sip:bob@biloxi.com>;tag=a6c85cf\r\n"
          "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"
          "CSeq: 314159 INVITE\r\n"
          "Contact: <sip:bob@192.0.2.4:5060>\r\n"
          "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, INFO\r\n"
          "Supported: replaces, timer\r\n"
          "Server: sipwright/0.1.0\r\n"
          "Content-Type: application/sdp\r\n"
          "Content-Length: ") +
      std::to_string(sdp.size()) + "\r\n\r\n" + std::string(sdp);
  return text;
}

}  // namespace sw::bench::ok_200
