#pragma once
// Frames built byte by byte for the decoders' tests: Ethernet, 802.1Q, ARP, IPv4, IPv6,
// ICMP, UDP and TCP, with every field the tests need to lie in.

#include <arpa/inet.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace frames {

using Bytes = std::vector<std::byte>;

inline void put8(Bytes& out, unsigned value) { out.push_back(std::byte(value & 0xff)); }
inline void put16(Bytes& out, unsigned value) {
    put8(out, value >> 8);
    put8(out, value);
}
inline void put32(Bytes& out, std::uint32_t value) {
    put16(out, value >> 16);
    put16(out, value & 0xffff);
}
inline void append(Bytes& out, const Bytes& more) {
    out.insert(out.end(), more.begin(), more.end());
}

inline Bytes address(int family, const std::string& text) {
    Bytes out(family == AF_INET ? 4 : 16);
    ::inet_pton(family, text.c_str(), out.data());
    return out;
}

inline Bytes mac(std::initializer_list<unsigned> octets) {
    Bytes out;
    for (unsigned octet : octets) put8(out, octet);
    return out;
}

inline const Bytes kMac1 = mac({0x02, 0, 0, 0, 0, 0x01});
inline const Bytes kMac2 = mac({0x02, 0, 0, 0, 0, 0x02});

inline Bytes ethernet(const Bytes& payload, unsigned ethertype, int vlan = -1) {
    Bytes out = kMac2;
    append(out, kMac1);
    if (vlan >= 0) {
        put16(out, 0x8100);
        put16(out, static_cast<unsigned>(vlan) | 0x2000);  // priority 1
    }
    put16(out, ethertype);
    append(out, payload);
    return out;
}

struct Ipv4Fields {
    std::string source = "10.0.0.1";
    std::string destination = "10.0.0.2";
    unsigned ihl = 5;
    int total_length = -1;  // -1: the true one
    unsigned flags_offset = 0;
};

inline Bytes ipv4(const Bytes& payload, unsigned protocol, const Ipv4Fields& f = {}) {
    Bytes out;
    put8(out, 0x40 | f.ihl);
    put8(out, 0);
    put16(out, f.total_length >= 0 ? static_cast<unsigned>(f.total_length)
                                   : static_cast<unsigned>(20 + payload.size()));
    put16(out, 1);
    put16(out, f.flags_offset);
    put8(out, 64);
    put8(out, protocol);
    put16(out, 0);
    append(out, address(AF_INET, f.source));
    append(out, address(AF_INET, f.destination));
    append(out, payload);
    return out;
}

inline Bytes ipv6(const Bytes& payload, unsigned next_header, int payload_length = -1,
                  const std::string& source = "fd00::1",
                  const std::string& destination = "fd00::2") {
    Bytes out;
    put32(out, 0x60000000);
    put16(out, payload_length >= 0 ? static_cast<unsigned>(payload_length)
                                   : static_cast<unsigned>(payload.size()));
    put8(out, next_header);
    put8(out, 64);
    append(out, address(AF_INET6, source));
    append(out, address(AF_INET6, destination));
    append(out, payload);
    return out;
}

inline Bytes icmp(unsigned type, unsigned code, unsigned first, unsigned second,
                  const Bytes& data) {
    Bytes out;
    put8(out, type);
    put8(out, code);
    put16(out, 0);
    put16(out, first);
    put16(out, second);
    append(out, data);
    return out;
}

inline Bytes udp(unsigned source, unsigned destination, std::size_t data_length, int length = -1) {
    Bytes out;
    put16(out, source);
    put16(out, destination);
    put16(out,
          length >= 0 ? static_cast<unsigned>(length) : static_cast<unsigned>(8 + data_length));
    put16(out, 0);
    out.resize(out.size() + data_length, std::byte{'x'});
    return out;
}

inline Bytes tcp(unsigned source, unsigned destination, std::uint32_t seq, std::uint32_t ack,
                 unsigned flags, const Bytes& options = {}, std::size_t data_length = 0,
                 int offset = -1) {
    Bytes out;
    put16(out, source);
    put16(out, destination);
    put32(out, seq);
    put32(out, ack);
    put8(out, (offset >= 0 ? static_cast<unsigned>(offset)
                           : static_cast<unsigned>((20 + options.size()) / 4))
                  << 4);
    put8(out, flags);
    put16(out, 512);
    put16(out, 0);
    put16(out, 0);
    append(out, options);
    out.resize(out.size() + data_length, std::byte{'d'});
    return out;
}

inline Bytes arp(unsigned operation, const Bytes& sender_mac, const std::string& sender_ip,
                 const Bytes& target_mac, const std::string& target_ip) {
    Bytes out;
    put16(out, 1);
    put16(out, 0x0800);
    put8(out, 6);
    put8(out, 4);
    put16(out, operation);
    append(out, sender_mac);
    append(out, address(AF_INET, sender_ip));
    append(out, target_mac);
    append(out, address(AF_INET, target_ip));
    return out;
}

// mss 1460, sackOK, TS val 1 ecr 0, nop, wscale 7: what Linux puts in a SYN.
inline Bytes syn_options() {
    Bytes out;
    for (unsigned b :
         {2u, 4u, 0x05u, 0xb4u, 4u, 2u, 8u, 10u, 0u, 0u, 0u, 1u, 0u, 0u, 0u, 0u, 1u, 3u, 3u, 7u}) {
        put8(out, b);
    }
    return out;
}

}  // namespace frames
