// Session descriptions as real peers send them, shared by the SDP tests.
#pragma once

#include <string_view>

namespace sw::sdp::samples {

// SIPp's uac scenario (sipp -sn uac), CRLF.
inline constexpr std::string_view sipp =
    "v=0\r\n"
    "o=user1 53655765 2353687637 IN IP4 127.0.0.1\r\n"
    "s=-\r\n"
    "c=IN IP4 127.0.0.1\r\n"
    "t=0 0\r\n"
    "m=audio 6000 RTP/AVP 0\r\n"
    "a=rtpmap:0 PCMU/8000\r\n";

// Asterisk (chan_pjsip) offering what it has configured, best first.
inline constexpr std::string_view asterisk =
    "v=0\r\n"
    "o=- 1691234567 1691234569 IN IP4 192.168.1.10\r\n"
    "s=Asterisk\r\n"
    "c=IN IP4 192.168.1.10\r\n"
    "t=0 0\r\n"
    "m=audio 17392 RTP/AVP 9 8 0 3 111 18 101\r\n"
    "a=rtpmap:9 G722/8000\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:3 GSM/8000\r\n"
    "a=rtpmap:111 opus/48000/2\r\n"
    "a=fmtp:111 useinbandfec=1\r\n"
    "a=rtpmap:18 G729/8000\r\n"
    "a=fmtp:18 annexb=no\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-16\r\n"
    "a=ptime:20\r\n"
    "a=maxptime:150\r\n"
    "a=sendrecv\r\n";

// A browser (WebRTC) offer: LF only, many attributes, ICE with c=0.0.0.0, DTLS-SRTP proto.
inline constexpr std::string_view webrtc =
    "v=0\n"
    "o=- 4611731400430051336 2 IN IP4 127.0.0.1\n"
    "s=-\n"
    "t=0 0\n"
    "a=group:BUNDLE 0\n"
    "a=extmap-allow-mixed\n"
    "a=msid-semantic: WMS stream0\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\n"
    "c=IN IP4 0.0.0.0\n"
    "a=rtcp:9 IN IP4 0.0.0.0\n"
    "a=candidate:842163049 1 udp 1677729535 203.0.113.7 54321 typ srflx raddr 0.0.0.0 rport 0 generation 0\n"
    "a=ice-ufrag:Kq7r\n"
    "a=ice-pwd:3Jx2xX0o5Sb8rW4Vq2cK7oNb\n"
    "a=ice-options:trickle\n"
    "a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08\n"
    "a=setup:actpass\n"
    "a=mid:0\n"
    "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\n"
    "a=sendrecv\n"
    "a=msid:stream0 track0\n"
    "a=rtcp-mux\n"
    "a=rtpmap:111 opus/48000/2\n"
    "a=rtcp-fb:111 transport-cc\n"
    "a=fmtp:111 minptime=10;useinbandfec=1\n"
    "a=rtpmap:63 red/48000/2\n"
    "a=fmtp:63 111/111\n"
    "a=rtpmap:9 G722/8000\n"
    "a=rtpmap:0 PCMU/8000\n"
    "a=rtpmap:8 PCMA/8000\n"
    "a=rtpmap:13 CN/8000\n"
    "a=rtpmap:110 telephone-event/48000\n"
    "a=rtpmap:126 telephone-event/8000\n"
    "a=ssrc:1001 cname:f2Kq9\n";

// IPv6, session-level sendonly, no t= (tolerated), media-level c= overriding nothing.
inline constexpr std::string_view ipv6 =
    "v=0\r\n"
    "o=bob 2808844564 2808844565 IN IP6 2001:db8::2\r\n"
    "s= \r\n"
    "c=IN IP6 2001:db8::2\r\n"
    "a=sendonly\r\n"
    "m=audio 49172 RTP/AVP 8 96\r\n"
    "a=rtpmap:96 telephone-event/8000\r\n"
    "a=fmtp:96 0-15\r\n";

// Audio and video, media-level c=, SDES crypto, unknown and optional lines.
inline constexpr std::string_view audio_video =
    "v=0\r\n"
    "o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com\r\n"
    "s=call\r\n"
    "i=A call with video\r\n"
    "u=http://www.example.com/seminars/sdp.pdf\r\n"
    "e=alice@example.com\r\n"
    "b=AS:512\r\n"
    "t=0 0\r\n"
    "r=7d 1h 0 25h\r\n"
    "m=audio 49170 RTP/SAVP 0 101\r\n"
    "c=IN IP4 192.0.2.10\r\n"
    "b=AS:64\r\n"
    "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32\r\n"
    "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj|2^20|1:32\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=inactive\r\n"
    "y=something new\r\n"
    "m=video 51372 RTP/AVP 99\r\n"
    "c=IN IP4 192.0.2.11\r\n"
    "a=rtpmap:99 h263-1998/90000\r\n";

}  // namespace sw::sdp::samples
