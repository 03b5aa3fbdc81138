#include "transport.hpp"

#include <stdexcept>

#include "np/bytes.hpp"
#include "np/error.hpp"

namespace raw {

namespace {

constexpr std::size_t kMaxDatagram = 65535;

}  // namespace

void add_ipv4_pseudo_header(np::ChecksumAccumulator& sum, const Ipv4Address& source,
                            const Ipv4Address& destination, std::uint8_t protocol,
                            std::uint16_t length) {
    sum.add(source);
    sum.add(destination);
    sum.add_u16(protocol);  // a zero byte, then the protocol
    sum.add_u16(length);
}

void add_ipv6_pseudo_header(np::ChecksumAccumulator& sum, const Ipv6Address& source,
                            const Ipv6Address& destination, std::uint8_t next_header,
                            std::uint32_t length) {
    sum.add(source);
    sum.add(destination);
    sum.add_u32(length);
    sum.add_u32(next_header);  // three zero bytes, then the next header
}

std::uint16_t transport_checksum_ipv4(const Ipv4Address& source, const Ipv4Address& destination,
                                      std::uint8_t protocol, std::span<const std::byte> segment) {
    np::ChecksumAccumulator sum;
    add_ipv4_pseudo_header(sum, source, destination, protocol,
                           static_cast<std::uint16_t>(segment.size()));
    sum.add(segment);
    return sum.finish();
}

std::uint16_t transport_checksum_ipv6(const Ipv6Address& source, const Ipv6Address& destination,
                                      std::uint8_t next_header,
                                      std::span<const std::byte> segment) {
    np::ChecksumAccumulator sum;
    add_ipv6_pseudo_header(sum, source, destination, next_header,
                           static_cast<std::uint32_t>(segment.size()));
    sum.add(segment);
    return sum.finish();
}

std::vector<std::byte> build_udp(std::uint16_t source_port, std::uint16_t destination_port,
                                 std::span<const std::byte> payload) {
    const std::size_t length = kUdpHeaderSize + payload.size();
    if (length > kMaxDatagram) throw std::length_error("a UDP datagram holds at most 65535 bytes");
    std::vector<std::byte> segment(length);
    np::ByteWriter out(segment);
    out.u16(source_port);
    out.u16(destination_port);
    out.u16(static_cast<std::uint16_t>(length));
    out.u16(0);  // checksum
    out.bytes(payload);
    return segment;
}

std::vector<std::byte> build_udp_ipv4(const Ipv4Address& source, const Ipv4Address& destination,
                                      std::uint16_t source_port, std::uint16_t destination_port,
                                      std::span<const std::byte> payload) {
    std::vector<std::byte> segment = build_udp(source_port, destination_port, payload);
    std::uint16_t checksum = transport_checksum_ipv4(source, destination, kProtocolUdp, segment);
    if (checksum == 0) checksum = 0xffff;  // the same in ones' complement, and not "none"
    np::ByteWriter(std::span(segment).subspan(6, 2)).u16(checksum);
    return segment;
}

UdpDatagram decode_udp(std::span<const std::byte> segment) {
    np::ByteReader in(segment);
    UdpDatagram udp;
    udp.source_port = in.u16();
    udp.destination_port = in.u16();
    udp.length = in.u16();
    udp.checksum = in.u16();
    if (udp.length < kUdpHeaderSize || udp.length > segment.size()) {
        throw np::ParseError("UDP length " + std::to_string(udp.length) + " does not fit the " +
                             std::to_string(segment.size()) + " bytes");
    }
    udp.payload = in.bytes(udp.length - kUdpHeaderSize);
    return udp;
}

std::vector<std::byte> build_icmp(std::uint8_t type, std::uint8_t code,
                                  std::uint32_t rest_of_header, std::span<const std::byte> data) {
    std::vector<std::byte> message(kIcmpHeaderSize + data.size());
    np::ByteWriter out(message);
    out.u8(type);
    out.u8(code);
    out.u16(0);  // checksum: 0 while it is computed
    out.u32(rest_of_header);
    out.bytes(data);
    out.patch_u16(2, np::internet_checksum(message));
    return message;
}

IcmpMessage decode_icmp(std::span<const std::byte> message) {
    np::ByteReader in(message);
    IcmpMessage icmp;
    icmp.type = in.u8();
    icmp.code = in.u8();
    icmp.checksum = in.u16();
    icmp.rest_of_header = in.u32();
    icmp.data = in.rest();
    return icmp;
}

}  // namespace raw
