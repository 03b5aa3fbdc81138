#pragma once
// The decoders shared by np-capture and np-pfcapture: one function per protocol, each
// appending its part of the packet's line, in tcpdump's -n style, to the line being built.
//
// Every decoder reads through an np::ByteReader over the bytes that were *captured* of its
// layer, and is told separately how long that layer was *on the wire* (the lower layer's
// length field). The two differ for a snapshot shorter than the packet, or for a header
// that lies. Lengths printed come from the headers; bytes read come from the capture. A
// read past the capture throws np::ParseError, which the decoder turns into tcpdump's
// truncation mark " [|proto]": never a read past the snapshot, never a crash.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "np/bytes.hpp"

namespace datalink {

class TcpSequences;

// What the command line chose about the lines.
struct Style {
    bool link_header = false;  // -e: the Ethernet addresses and type first
    bool quiet = false;        // -q: less protocol detail ("tcp 6")
};

// What every decoder of one packet shares.
struct Decoding {
    Style style;
    TcpSequences* sequences = nullptr;  // relative TCP numbers; nullptr: absolute ones
    std::string line;                   // the text so far
};

// The network layer's addresses, for the transport layer's "SRC.PORT > DST.PORT".
struct IpEndpoints {
    int version = 4;
    // A fragment of a larger datagram: UDP's own length may then exceed this piece.
    bool fragmented = false;
    // The IP layer printed "SRC > DST: " already (an IPv6 extension header came first):
    // TCP and UDP then print their ports alone, "SPORT > DPORT: ", as tcpdump does.
    bool addresses_printed = false;
    std::string source;  // printed forms
    std::string destination;
    std::array<std::byte, 16> source_bytes{};  // raw, for keying TCP connections
    std::array<std::byte, 16> destination_bytes{};
};

// The Ethertypes (IEEE 802) we decode.
inline constexpr std::uint16_t kEthertypeIpv4 = 0x0800;
inline constexpr std::uint16_t kEthertypeArp = 0x0806;
inline constexpr std::uint16_t kEthertypeVlan = 0x8100;
inline constexpr std::uint16_t kEthertypeIpv6 = 0x86dd;

// IP protocol numbers.
inline constexpr std::uint8_t kProtoIcmp = 1;
inline constexpr std::uint8_t kProtoTcp = 6;
inline constexpr std::uint8_t kProtoUdp = 17;
inline constexpr std::uint8_t kProtoIcmp6 = 58;

// An Ethernet frame (DLT_EN10MB) with any 802.1Q tags, then what the Ethertype names.
void decode_ethernet(np::ByteReader frame, std::size_t wire_length, Decoding& out);
// What follows an Ethernet header (or a VLAN tag) of this Ethertype.
void decode_ethertype(std::uint16_t ethertype, np::ByteReader payload, std::size_t wire_length,
                      Decoding& out);
void decode_arp(np::ByteReader message, std::size_t wire_length, Decoding& out);
void decode_ipv4(np::ByteReader datagram, std::size_t wire_length, Decoding& out);
void decode_ipv6(np::ByteReader datagram, std::size_t wire_length, Decoding& out);
// The transport layer of this IP protocol number, or tcpdump's " ip-proto-N LENGTH" for
// one we do not decode: `length` is what the IP header says is left for it.
void decode_transport(std::uint8_t protocol, np::ByteReader payload, std::size_t length,
                      const IpEndpoints& ip, Decoding& out);
// The transport layer: `length` is what the IP header says is left for it.
void decode_icmp(np::ByteReader message, std::size_t length, const IpEndpoints& ip, Decoding& out);
void decode_icmp6(np::ByteReader message, std::size_t length, const IpEndpoints& ip, Decoding& out);
void decode_udp(np::ByteReader datagram, std::size_t length, const IpEndpoints& ip, Decoding& out);
void decode_tcp(np::ByteReader segment, std::size_t length, const IpEndpoints& ip, Decoding& out);

}  // namespace datalink
