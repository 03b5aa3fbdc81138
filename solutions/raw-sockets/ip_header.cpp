#include "ip_header.hpp"

#include <algorithm>
#include <stdexcept>

#include "np/bytes.hpp"
#include "np/checksum.hpp"
#include "np/error.hpp"

namespace raw {

namespace {

constexpr std::uint16_t kDontFragment = 0x4000;
constexpr std::uint16_t kMoreFragments = 0x2000;
constexpr std::uint16_t kOffsetMask = 0x1fff;
constexpr std::size_t kMaxOffset = std::size_t{kOffsetMask} * 8;

}  // namespace

std::vector<std::byte> encode_ipv4_header(const Ipv4Header& header) {
    if (header.options.size() % 4 != 0 || header.options.size() > kIpv4MaxOptions) {
        throw std::invalid_argument("IP options must be a multiple of 4 bytes, at most 40");
    }
    if (header.fragment_offset % 8 != 0 || header.fragment_offset > kMaxOffset) {
        throw std::invalid_argument("a fragment offset is a multiple of 8 below 65536");
    }
    const std::size_t length = header.header_length();
    std::vector<std::byte> bytes(length);
    np::ByteWriter out(bytes);
    out.u8(static_cast<std::uint8_t>(0x40 | length / 4));
    out.u8(header.tos);
    out.u16(header.total_length);
    out.u16(header.identification);
    std::uint16_t flags_offset = static_cast<std::uint16_t>(header.fragment_offset / 8);
    if (header.dont_fragment) flags_offset |= kDontFragment;
    if (header.more_fragments) flags_offset |= kMoreFragments;
    out.u16(flags_offset);
    out.u8(header.ttl);
    out.u8(header.protocol);
    out.u16(0);  // checksum: 0 while it is computed
    out.bytes(header.source);
    out.bytes(header.destination);
    out.bytes(header.options);
    out.patch_u16(10, np::internet_checksum(out.written()));
    return bytes;
}

Ipv4Header decode_ipv4_header(std::span<const std::byte> datagram) {
    np::ByteReader in(datagram);
    Ipv4Header header;
    const std::uint8_t version_ihl = in.u8();
    if (version_ihl >> 4 != 4) throw np::ParseError("IP version is not 4");
    const std::size_t header_length = std::size_t{version_ihl & 0x0fu} * 4;
    if (header_length < kIpv4HeaderSize) {
        throw np::ParseError("IP header length " + std::to_string(header_length) +
                             " is below 20 bytes");
    }
    if (header_length > datagram.size()) {
        throw np::ParseError("IP header length " + std::to_string(header_length) +
                             " is beyond the " + std::to_string(datagram.size()) + " bytes");
    }
    header.tos = in.u8();
    header.total_length = in.u16();
    if (header.total_length < header_length || header.total_length > datagram.size()) {
        throw np::ParseError("IP total length " + std::to_string(header.total_length) +
                             " does not fit the header and the " + std::to_string(datagram.size()) +
                             " bytes");
    }
    header.identification = in.u16();
    const std::uint16_t flags_offset = in.u16();
    header.dont_fragment = (flags_offset & kDontFragment) != 0;
    header.more_fragments = (flags_offset & kMoreFragments) != 0;
    header.fragment_offset = static_cast<std::uint16_t>((flags_offset & kOffsetMask) * 8);
    header.ttl = in.u8();
    header.protocol = in.u8();
    header.checksum = in.u16();
    auto source = in.bytes(4);
    std::copy(source.begin(), source.end(), header.source.begin());
    auto destination = in.bytes(4);
    std::copy(destination.begin(), destination.end(), header.destination.begin());
    auto options = in.bytes(header_length - kIpv4HeaderSize);
    header.options.assign(options.begin(), options.end());
    return header;
}

}  // namespace raw
