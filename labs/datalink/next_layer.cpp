// Which decoder comes next: after the Ethernet header (or a VLAN tag) by the Ethertype,
// after the IP header by the protocol number.

#include <string>

#include "decode.hpp"

namespace datalink {

void decode_ethertype(std::uint16_t ethertype, np::ByteReader payload, std::size_t wire_length,
                      Decoding& out) {
    switch (ethertype) {
        case kEthertypeIpv4:
            decode_ipv4(payload, wire_length, out);
            break;
        case kEthertypeIpv6:
            decode_ipv6(payload, wire_length, out);
            break;
        case kEthertypeArp:
            decode_arp(payload, wire_length, out);
            break;
        default:
            break;
    }
}

void decode_transport(std::uint8_t protocol, np::ByteReader payload, std::size_t length,
                      const IpEndpoints& ip, Decoding& out) {
    if (protocol == kProtoTcp) {
        decode_tcp(payload, length, ip, out);
    } else if (protocol == kProtoUdp) {
        decode_udp(payload, length, ip, out);
    } else if (protocol == kProtoIcmp && ip.version == 4) {
        decode_icmp(payload, length, ip, out);
    } else if (protocol == kProtoIcmp6 && ip.version == 6) {
        decode_icmp6(payload, length, ip, out);
    } else {
        out.line += " ip-proto-" + std::to_string(protocol) + " " + std::to_string(length);
    }
}

}  // namespace datalink
