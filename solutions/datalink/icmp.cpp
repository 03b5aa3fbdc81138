// ICMP (RFC 792) and ICMPv6 (RFC 4443, 4861, 3810): the message type in words, and for
// errors the quoted datagram's destination (icmp_text.hpp turns those into text).

#include "np/icmp.hpp"

#include <string>

#include "decode.hpp"
#include "icmp_text.hpp"
#include "np/error.hpp"

namespace datalink {

void decode_icmp(np::ByteReader message, std::size_t length, const IpEndpoints&, Decoding& out) {
    std::string text;
    try {
        // tcpdump prints nothing of a message until its 8-byte header is there.
        const std::uint8_t type = message.u8();
        const std::uint8_t code = message.u8();
        message.u16();                           // checksum
        const np::ByteReader gateway = message;  // a redirect's 4 bytes here
        const std::uint16_t first = message.u16();
        const std::uint16_t second = message.u16();
        switch (type) {
            case np::icmp::kEchoRequest:
            case np::icmp::kEchoReply:
                text = std::string(type == np::icmp::kEchoRequest ? "echo request" : "echo reply") +
                       ", id " + std::to_string(first) + ", seq " + std::to_string(second);
                break;
            case np::icmp::kDestUnreachable:
                text = unreachable_text(code, second, message);
                break;
            case np::icmp::kRedirect:
                text = redirect_text(code, gateway, message);
                break;
            case np::icmp::kTimeExceeded:
                text = code == np::icmp::time_exceeded::kInTransit ? "time exceeded in-transit"
                                                                   : "ip reassembly time exceeded";
                break;
            default:
                text = "type-#" + std::to_string(type);
        }
    } catch (const np::ParseError&) {
        out.line += " [|icmp]";
        return;
    }
    out.line += "ICMP " + text + ", length " + std::to_string(length);
}

void decode_icmp6(np::ByteReader message, std::size_t length, const IpEndpoints&, Decoding& out) {
    try {
        const std::uint8_t type = message.u8();
        out.line += "ICMP6, " + icmp6_type_name(type);
        if (!icmp6_details(type, message, out.line)) return;
    } catch (const np::ParseError&) {
        out.line += " [|icmp6]";
        return;
    }
    out.line += ", length " + std::to_string(length);
}

}  // namespace datalink
