// ICMP (RFC 792) and ICMPv6 (RFC 4443, 4861, 3810) as text: the quoted datagram of an
// error, redirects, and the ICMPv6 types' names and details (see icmp_text.hpp).

#include "icmp_text.hpp"

#include <string>

#include "decode.hpp"
#include "np/error.hpp"
#include "np/icmp.hpp"
#include "text.hpp"

namespace datalink {

namespace {

// The destination and transport ports of the datagram an ICMP error quotes: "10.0.0.2 udp
// port 9999", or "10.0.0.2 protocol 253" when it is neither TCP nor UDP.
struct Quoted {
    std::string destination;
    std::uint8_t protocol = 0;
    np::ByteReader transport{{}};
};

Quoted quoted_ipv4(np::ByteReader quoted) {
    Quoted q;
    const std::size_t header_length = std::size_t{quoted.u8() & 0x0fu} * 4;
    quoted.skip(8);
    q.protocol = quoted.u8();
    quoted.skip(6);
    q.destination = ipv4_text(quoted.bytes(4));
    if (header_length < 20) throw np::ParseError("quoted IP header too short");
    quoted.skip(header_length - 20);
    q.transport = quoted;
    return q;
}

Quoted quoted_ipv6(np::ByteReader quoted) {
    Quoted q;
    quoted.skip(6);
    q.protocol = quoted.u8();
    quoted.skip(17);
    q.destination = ipv6_text(quoted.bytes(16));
    q.transport = quoted;
    return q;
}

// "udp port 9999" from the quoted transport header's destination port.
std::string quoted_port(Quoted& q) {
    q.transport.skip(2);
    const std::uint16_t port = q.transport.u16();
    return std::string(q.protocol == kProtoTcp ? "tcp" : "udp") + " port " + std::to_string(port);
}

}  // namespace

std::string unreachable_text(std::uint8_t code, std::uint16_t next_mtu, np::ByteReader quoted) {
    Quoted q = quoted_ipv4(quoted);
    switch (code) {
        case np::icmp::unreachable::kNet:
            return "net " + q.destination + " unreachable";
        case np::icmp::unreachable::kHost:
            return "host " + q.destination + " unreachable";
        case np::icmp::unreachable::kProtocol:
            return q.destination + " protocol " + std::to_string(q.protocol) + " unreachable";
        case np::icmp::unreachable::kPort:
            if (q.protocol == kProtoTcp || q.protocol == kProtoUdp) {
                return q.destination + " " + quoted_port(q) + " unreachable";
            }
            return q.destination + " port unreachable";
        case np::icmp::unreachable::kFragNeeded:
            return q.destination + " unreachable - need to frag (mtu " + std::to_string(next_mtu) +
                   ")";
        case np::icmp::unreachable::kAdminProhibited:
            return q.destination + " unreachable - admin prohibited filter";
        default:
            return q.destination + " unreachable - #" + std::to_string(code);
    }
}

// "redirect 10.0.0.2 to host 10.0.0.254": the quoted datagram's destination, then the
// gateway (the 4 bytes after the checksum) and whether the route is for a net or a host.
std::string redirect_text(std::uint8_t code, np::ByteReader gateway, np::ByteReader quoted) {
    const std::string via = ipv4_text(gateway.bytes(4));
    const std::string destination = quoted_ipv4(quoted).destination;
    switch (code) {
        case np::icmp::redirect::kNet:
            return "redirect " + destination + " to net " + via;
        case np::icmp::redirect::kHost:
            return "redirect " + destination + " to host " + via;
        case np::icmp::redirect::kTosNet:
            return "redirect-tos " + destination + " to net " + via;
        case np::icmp::redirect::kTosHost:
            return "redirect-tos " + destination + " to host " + via;
        default:
            return "redirect-#" + std::to_string(code) + " " + destination + " to " + via;
    }
}

std::string icmp6_type_name(std::uint8_t type) {
    switch (type) {
        case np::icmp6::kDestUnreachable:
            return "destination unreachable";
        case np::icmp6::kPacketTooBig:
            return "packet too big";
        case np::icmp6::kTimeExceeded:
            return "time exceeded";
        case np::icmp6::kParameterProblem:
            return "parameter problem";
        case np::icmp6::kEchoRequest:
            return "echo request";
        case np::icmp6::kEchoReply:
            return "echo reply";
        case np::icmp6::kListenerQuery:
            return "multicast listener query";
        case np::icmp6::kListenerReport:
            return "multicast listener report";
        case np::icmp6::kListenerDone:
            return "multicast listener done";
        case np::icmp6::kRouterSolicitation:
            return "router solicitation";
        case np::icmp6::kRouterAdvertisement:
            return "router advertisement";
        case np::icmp6::kNeighborSolicitation:
            return "neighbor solicitation";
        case np::icmp6::kNeighborAdvertisement:
            return "neighbor advertisement";
        case np::icmp6::kRedirect:
            return "redirect";
        case np::icmp6::kListenerReportV2:
            return "multicast listener report v2";
        default:
            return "unknown icmp6 type (" + std::to_string(type) + ")";
    }
}

// What follows the ICMPv6 type's name, appended as tcpdump prints it: piece by piece where
// it prints a piece before reading the next (a destination unreachable's code). False when
// tcpdump ends the line there, without the length.
bool icmp6_details(std::uint8_t type, np::ByteReader& message, std::string& line) {
    const std::uint8_t code = message.u8();
    // tcpdump reads the checksum only with -v: a message cut inside it still prints a
    // name and length when nothing more is needed (a router solicitation).
    if (message.remaining() >= 2) message.skip(2);
    switch (type) {
        case np::icmp6::kEchoRequest:
        case np::icmp6::kEchoReply: {
            const std::uint16_t id = message.u16();
            const std::uint16_t sequence = message.u16();
            line += ", id " + std::to_string(id) + ", seq " + std::to_string(sequence);
            break;
        }
        case np::icmp6::kNeighborSolicitation:
            message.skip(4);
            line += ", who has " + ipv6_text(message.bytes(16));
            break;
        case np::icmp6::kNeighborAdvertisement:
            message.skip(4);
            line += ", tgt is " + ipv6_text(message.bytes(16));
            break;
        case np::icmp6::kRedirect: {
            // The better first hop (target), then the destination; tcpdump names them the
            // other way round: "DESTINATION to TARGET".
            message.skip(4);
            const std::string target = ipv6_text(message.bytes(16));
            line += ", " + ipv6_text(message.bytes(16)) + " to " + target;
            break;
        }
        case np::icmp6::kListenerReportV2:
            message.skip(2);
            line += ", " + std::to_string(message.u16()) + " group record(s)";
            break;
        case np::icmp6::kPacketTooBig:
            line += ", mtu " + std::to_string(message.u32());
            break;
        case np::icmp6::kDestUnreachable: {
            if (code == np::icmp6::unreachable::kPort) {
                line += ", unreachable port";
                message.skip(4);
                Quoted q = quoted_ipv6(message);
                line += ", " + q.destination + " " + quoted_port(q);
                break;
            }
            if (code > np::icmp6::unreachable::kPort) {  // tcpdump names no code after it
                line += ", unknown unreach code (" + std::to_string(code) + ")";
                return false;
            }
            message.skip(4);
            Quoted q = quoted_ipv6(message);
            line += code == np::icmp6::unreachable::kNoRoute ? ", no route to " + q.destination
                    : code == np::icmp6::unreachable::kAdminProhibited
                        ? ", " + q.destination + " unreachable prohibited"
                    : code == np::icmp6::unreachable::kBeyondScope
                        ? ", beyond scope of " + q.destination
                        : ", unreachable address " + q.destination;
            break;
        }
        case np::icmp6::kTimeExceeded: {
            message.skip(4);
            Quoted q = quoted_ipv6(message);
            line += code == np::icmp6::time_exceeded::kHopLimit
                        ? " in-transit for " + q.destination
                        : " reassembly for " + q.destination;
            break;
        }
        default:
            break;
    }
    return true;
}

}  // namespace datalink
