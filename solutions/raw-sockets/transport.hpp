#pragma once
// What rides inside an IP datagram in this lab: UDP (RFC 768) and ICMP (RFC 792), and the
// pseudo-headers that UDP's (and TCP's) checksum covers besides the segment itself.
//
//   UDP:  source port (16) | destination port (16) | length (16) | checksum (16) | data
//   ICMP: type (8) | code (8) | checksum (16) | rest of header (32) | data
//
// The pseudo-header is never sent; it is summed in front of the segment so that a segment
// delivered to the wrong address or protocol fails its checksum:
//   IPv4 (12 bytes): source, destination, zero byte, protocol, UDP length (16)
//   IPv6 (40 bytes): source, destination, upper-layer length (32), 3 zero bytes, next header
// The checksum itself is libnp's RFC 1071 sum (np::internet_checksum, np::ChecksumAccumulator),
// the one used since the ping lab.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "ip_header.hpp"
#include "np/checksum.hpp"

namespace raw {

inline constexpr std::size_t kUdpHeaderSize = 8;
inline constexpr std::size_t kIcmpHeaderSize = 8;
inline constexpr std::uint8_t kProtocolIcmp = 1;
inline constexpr std::uint8_t kProtocolUdp = 17;

// Adds the IPv4 pseudo-header for a segment of `length` bytes to `sum`.
void add_ipv4_pseudo_header(np::ChecksumAccumulator& sum, const Ipv4Address& source,
                            const Ipv4Address& destination, std::uint8_t protocol,
                            std::uint16_t length);

// Adds the IPv6 pseudo-header (RFC 8200, section 8.1) for a segment of `length` bytes.
void add_ipv6_pseudo_header(np::ChecksumAccumulator& sum, const Ipv6Address& source,
                            const Ipv6Address& destination, std::uint8_t next_header,
                            std::uint32_t length);

// The checksum of pseudo-header + `segment`, checksum field included as it is: 0 when the
// segment carries a correct checksum; the value to store when the field holds 0.
std::uint16_t transport_checksum_ipv4(const Ipv4Address& source, const Ipv4Address& destination,
                                      std::uint8_t protocol, std::span<const std::byte> segment);
std::uint16_t transport_checksum_ipv6(const Ipv6Address& source, const Ipv6Address& destination,
                                      std::uint8_t next_header, std::span<const std::byte> segment);

// A UDP datagram with its checksum left 0 (for IPv6 raw sockets, where the kernel fills it
// in at the offset IPV6_CHECKSUM gives). Throws std::length_error beyond 65535 bytes.
std::vector<std::byte> build_udp(std::uint16_t source_port, std::uint16_t destination_port,
                                 std::span<const std::byte> payload);

// A UDP datagram for IPv4 with its checksum computed over the pseudo-header. A computed
// checksum of 0 is sent as 0xffff: 0 in the field means "no checksum".
std::vector<std::byte> build_udp_ipv4(const Ipv4Address& source, const Ipv4Address& destination,
                                      std::uint16_t source_port, std::uint16_t destination_port,
                                      std::span<const std::byte> payload);

struct UdpDatagram {
    std::uint16_t source_port = 0;
    std::uint16_t destination_port = 0;
    std::uint16_t length = 0;  // header + data, from the length field
    std::uint16_t checksum = 0;
    std::span<const std::byte> payload;  // into the segment given to decode_udp
};

// Throws np::ParseError unless the 8-byte header is there and its length field lies
// between 8 and the segment's size. The payload is `length - 8` bytes.
UdpDatagram decode_udp(std::span<const std::byte> segment);

// An ICMP message with its checksum computed over the whole message.
std::vector<std::byte> build_icmp(std::uint8_t type, std::uint8_t code,
                                  std::uint32_t rest_of_header, std::span<const std::byte> data);

struct IcmpMessage {
    std::uint8_t type = 0;
    std::uint8_t code = 0;
    std::uint16_t checksum = 0;
    std::uint32_t rest_of_header = 0;
    std::span<const std::byte> data;
};

// Throws np::ParseError when the 8-byte header is not all there.
IcmpMessage decode_icmp(std::span<const std::byte> message);

}  // namespace raw
