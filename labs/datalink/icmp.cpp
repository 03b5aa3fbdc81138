// ICMP (RFC 792) and ICMPv6 (RFC 4443, 4861, 3810): the message type in words, and for
// errors the quoted datagram's destination (icmp_text.hpp turns those into text).

#include "np/icmp.hpp"

#include <string>

#include "decode.hpp"
#include "icmp_text.hpp"
#include "np/error.hpp"

namespace datalink {

void decode_icmp(np::ByteReader message, std::size_t length, const IpEndpoints&, Decoding& out) {
    // TODO(student): tcpdump prints nothing until the whole 8-byte header is there (missing:
    // " [|icmp]"): type, code, checksum and 4 more bytes (echo: id and sequence). Then
    // "ICMP " and: "echo request, id I, seq S" / "echo reply, …"; destination unreachable:
    // unreachable_text() over the quoted datagram; redirect: redirect_text() over
    // the 4 bytes after the checksum and the quoted datagram; time exceeded: "time exceeded
    // in-transit"; else "type-#T". Then ", length L" (the IP payload length).
    (void)message;
    (void)length;
    (void)out;
}

void decode_icmp6(np::ByteReader message, std::size_t length, const IpEndpoints&, Decoding& out) {
    // TODO(student): the type byte (missing: " [|icmp6]"), then "ICMP6, " and its name
    // (icmp6_type_name), then icmp6_details(); if the details are cut short, " [|icmp6]"
    // after what was printed and nothing more. Then ", length L" unless icmp6_details()
    // said the line ends there.
    (void)message;
    (void)length;
    (void)out;
}

}  // namespace datalink
