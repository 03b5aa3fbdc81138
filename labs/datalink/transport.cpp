// UDP and TCP: ports, lengths, and for TCP the flags, sequence numbers and options
// (transport_text.hpp prints the endpoints, the flags and the options).

#include <algorithm>
#include <string>

#include "decode.hpp"
#include "np/error.hpp"
#include "tcp_sequences.hpp"
#include "transport_text.hpp"

namespace datalink {

namespace {

[[maybe_unused]] constexpr std::size_t kUdpHeader = 8;
[[maybe_unused]] constexpr std::size_t kTcpHeader = 20;

// TCP flag bits (transport_text.hpp prints them all).
[[maybe_unused]] constexpr std::uint8_t kFin = 0x01;
[[maybe_unused]] constexpr std::uint8_t kSyn = 0x02;
[[maybe_unused]] constexpr std::uint8_t kRst = 0x04;
[[maybe_unused]] constexpr std::uint8_t kAck = 0x10;
[[maybe_unused]] constexpr std::uint8_t kUrg = 0x20;

}  // namespace

void decode_udp(np::ByteReader datagram, std::size_t length, const IpEndpoints& ip, Decoding& out) {
    // TODO(student): the two ports (missing: addresses() then " [|udp]"), then
    // endpoints(), then the length and checksum (missing: " [|udp]"). A UDP
    // length below 8: "truncated-udplength N"; data (UDP length - 8) beyond what the IP
    // layer left (length - 8): "UDP, bad length D > R"; else "UDP, length D".
    (void)datagram;
    (void)length;
    (void)ip;
    (void)out;
}

void decode_tcp(np::ByteReader segment, std::size_t length, const IpEndpoints& ip, Decoding& out) {
    // TODO(student): the two ports (missing: addresses() then "[|tcp]"), endpoints(),
    // then the rest of the 20-byte header (missing: " [|tcp]"): seq, ack, data offset,
    // flags, window, checksum, urgent pointer. Offset * 4 below 20: " tcp D [bad hdr
    // length H - too short, < 20]" (D = length - H); beyond length: flags_text() then
    // " [bad hdr length H - too long, > LENGTH]". With -q: "tcp D". With ACK set, let
    // out.sequences->relate() make seq and ack relative (it returns the base SACK blocks
    // are counted from; otherwise that base is 0). Then flags_text(); ", seq S" (":S+D"
    // when there is data) if there is data or SYN, FIN or RST; ", ack A" with ACK;
    // ", win W"; ", urg U" with URG; ", options [" then options_text() over the options'
    // captured bytes when the header has options; ", length D". Anything cut short:
    // " [|tcp]".
    (void)segment;
    (void)length;
    (void)ip;
    (void)out;
}

}  // namespace datalink
