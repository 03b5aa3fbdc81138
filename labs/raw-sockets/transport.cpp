#include "transport.hpp"

#include <stdexcept>

#include "np/bytes.hpp"
#include "np/error.hpp"

namespace raw {

// Milestone 2: UDP, ICMP and the pseudo-headers. See README.md.
// The checksum is libnp's (np::internet_checksum, np::ChecksumAccumulator), as in ping.

void add_ipv4_pseudo_header([[maybe_unused]] np::ChecksumAccumulator& sum,
                            [[maybe_unused]] const Ipv4Address& source,
                            [[maybe_unused]] const Ipv4Address& destination,
                            [[maybe_unused]] std::uint8_t protocol,
                            [[maybe_unused]] std::uint16_t length) {
    // TODO(student): source, destination, a zero byte and the protocol, the length (16).
}

void add_ipv6_pseudo_header([[maybe_unused]] np::ChecksumAccumulator& sum,
                            [[maybe_unused]] const Ipv6Address& source,
                            [[maybe_unused]] const Ipv6Address& destination,
                            [[maybe_unused]] std::uint8_t next_header,
                            [[maybe_unused]] std::uint32_t length) {
    // TODO(student): source, destination, the length (32 bits), three zero bytes and the
    // next header.
}

std::uint16_t transport_checksum_ipv4([[maybe_unused]] const Ipv4Address& source,
                                      [[maybe_unused]] const Ipv4Address& destination,
                                      [[maybe_unused]] std::uint8_t protocol,
                                      [[maybe_unused]] std::span<const std::byte> segment) {
    // TODO(student): the pseudo-header for segment.size() bytes, then the segment.
    return 0;
}

std::uint16_t transport_checksum_ipv6([[maybe_unused]] const Ipv6Address& source,
                                      [[maybe_unused]] const Ipv6Address& destination,
                                      [[maybe_unused]] std::uint8_t next_header,
                                      [[maybe_unused]] std::span<const std::byte> segment) {
    // TODO(student): as for IPv4, with the IPv6 pseudo-header.
    return 0;
}

std::vector<std::byte> build_udp([[maybe_unused]] std::uint16_t source_port,
                                 [[maybe_unused]] std::uint16_t destination_port,
                                 [[maybe_unused]] std::span<const std::byte> payload) {
    // TODO(student): ports, length (8 + payload), checksum 0, payload;
    // std::length_error beyond 65535 bytes.
    return {};
}

std::vector<std::byte> build_udp_ipv4([[maybe_unused]] const Ipv4Address& source,
                                      [[maybe_unused]] const Ipv4Address& destination,
                                      [[maybe_unused]] std::uint16_t source_port,
                                      [[maybe_unused]] std::uint16_t destination_port,
                                      [[maybe_unused]] std::span<const std::byte> payload) {
    // TODO(student): build_udp, then its checksum over the pseudo-header (protocol 17)
    // written at offset 6; a computed 0 is written as 0xffff.
    return {};
}

UdpDatagram decode_udp([[maybe_unused]] std::span<const std::byte> segment) {
    // TODO(student): the four fields; np::ParseError unless 8 <= length <= segment.size();
    // payload: the length - 8 bytes after the header.
    return {};
}

std::vector<std::byte> build_icmp([[maybe_unused]] std::uint8_t type,
                                  [[maybe_unused]] std::uint8_t code,
                                  [[maybe_unused]] std::uint32_t rest_of_header,
                                  [[maybe_unused]] std::span<const std::byte> data) {
    // TODO(student): type, code, checksum 0, rest of header, data; then patch in the
    // checksum of the whole message at offset 2.
    return {};
}

IcmpMessage decode_icmp([[maybe_unused]] std::span<const std::byte> message) {
    // TODO(student): the 8-byte header (np::ParseError if shorter) and the data after it.
    return {};
}

}  // namespace raw
