// IPv4 and IPv6: addresses, lengths, and the payload for the transport decoder that comes
// next (decode_transport, in next_layer.cpp, picks it by the protocol number).

#include <algorithm>
#include <string>

#include "decode.hpp"
#include "np/error.hpp"
#include "text.hpp"

namespace datalink {

namespace {

constexpr std::size_t kIpv4Header = 20;
constexpr std::size_t kIpv6Header = 40;
constexpr std::uint16_t kOffsetMask = 0x1fff;

// IPv6 extension headers that share the (next header, length in 8-byte units) layout.
constexpr std::uint8_t kHopByHop = 0;
constexpr std::uint8_t kRouting = 43;
constexpr std::uint8_t kDestinationOptions = 60;
// The fragment header is 8 bytes with a layout of its own.
constexpr std::uint8_t kFragment = 44;
constexpr std::size_t kFragmentHeader = 8;
constexpr std::uint16_t kFragmentOffsetMask = 0xfff8;  // in bytes already (8-byte units << 3)
constexpr std::uint16_t kMoreFragments = 0x0001;
constexpr std::uint16_t kMoreFragmentsV4 = 0x2000;

}  // namespace

void decode_ipv4(np::ByteReader datagram, std::size_t wire_length, Decoding& out) {
    std::uint8_t version_ihl = 0;
    try {
        version_ihl = datagram.u8();
    } catch (const np::ParseError&) {
        out.line += " [|ip]";
        return;
    }
    const unsigned version = version_ihl >> 4;
    if (version != 4) {
        out.line += version == 6 ? "IP6, wrong link-layer encapsulation (invalid)"
                                 : "IP" + std::to_string(version) + " (invalid)";
        return;
    }
    if (!out.style.link_header) out.line += "IP ";
    try {
        datagram.u8();  // type of service
        const std::uint16_t total_length = datagram.u16();
        datagram.u16();  // identification
        const std::uint16_t flags_offset = datagram.u16();
        datagram.u8();  // TTL
        const std::uint8_t protocol = datagram.u8();
        datagram.u16();  // checksum
        const auto source = datagram.bytes(4);
        const auto destination = datagram.bytes(4);
        const std::size_t header_length = std::size_t{version_ihl & 0x0fu} * 4;
        if (header_length < kIpv4Header) {
            out.line += "bad-hlen " + std::to_string(header_length);
            return;
        }
        datagram.skip(header_length - kIpv4Header);  // options
        if (wire_length < total_length) {
            out.line +=
                "truncated-ip - " + std::to_string(total_length - wire_length) + " bytes missing! ";
        }
        if (total_length < header_length) {
            out.line += "bad-len " + std::to_string(total_length);
            return;
        }
        // The total length, not the frame, says where the datagram ends (Ethernet pads
        // short frames); the capture may end sooner.
        const std::size_t length = total_length - header_length;
        np::ByteReader payload = datagram.sub(std::min(length, datagram.remaining()));

        IpEndpoints ip;
        ip.version = 4;
        ip.fragmented = (flags_offset & (kMoreFragmentsV4 | kOffsetMask)) != 0;
        ip.source = ipv4_text(source);
        ip.destination = ipv4_text(destination);
        std::copy(source.begin(), source.end(), ip.source_bytes.begin());
        std::copy(destination.begin(), destination.end(), ip.destination_bytes.begin());

        if ((flags_offset & kOffsetMask) != 0) {
            // A later fragment: no transport header in it.
            out.line +=
                ip.source + " > " + ip.destination + ": ip-proto-" + std::to_string(protocol);
            return;
        }
        if (protocol != kProtoTcp && protocol != kProtoUdp) {
            out.line += ip.source + " > " + ip.destination + ": ";
        }
        decode_transport(protocol, payload, length, ip, out);
    } catch (const np::ParseError&) {
        out.line += " [|ip]";
    }
}

void decode_ipv6(np::ByteReader datagram, std::size_t wire_length, Decoding& out) {
    IpEndpoints ip;
    ip.version = 6;
    std::uint32_t version_class_flow = 0;
    std::size_t payload_length = 0;
    std::uint8_t next_header = 0;
    try {
        version_class_flow = datagram.u32();
        payload_length = datagram.u16();
        next_header = datagram.u8();
        datagram.u8();  // hop limit
        const auto source = datagram.bytes(16);
        const auto destination = datagram.bytes(16);
        ip.source = ipv6_text(source);
        ip.destination = ipv6_text(destination);
        std::copy(source.begin(), source.end(), ip.source_bytes.begin());
        std::copy(destination.begin(), destination.end(), ip.destination_bytes.begin());
    } catch (const np::ParseError&) {
        out.line += " [|ip6]";
        return;
    }
    if (!out.style.link_header) out.line += "IP6 ";
    if (version_class_flow >> 28 != 6) {
        out.line += "version error: " + std::to_string(version_class_flow >> 28) + " != 6";
        return;
    }
    const std::size_t available = wire_length > kIpv6Header ? wire_length - kIpv6Header : 0;
    if (available < payload_length) {
        // tcpdump prints no space after the '!' here.
        out.line +=
            "truncated-ip6 - " + std::to_string(payload_length - available) + " bytes missing!";
    }
    np::ByteReader payload = datagram.sub(std::min(payload_length, datagram.remaining()));
    if (next_header != kProtoTcp && next_header != kProtoUdp) {
        out.line += ip.source + " > " + ip.destination + ": ";
    }
    ip.addresses_printed = next_header != kProtoTcp && next_header != kProtoUdp;
    std::size_t length = payload_length;
    const char* reading = "ip6";  // the header being read, for the truncation mark
    try {
        while (next_header == kHopByHop || next_header == kRouting ||
               next_header == kDestinationOptions || next_header == kFragment) {
            if (next_header == kFragment) {
                // "frag (OFFSET|LENGTH)": only the first fragment holds the next header's
                // start, so a later one ends the line here, as with tcpdump.
                reading = "frag6";
                const std::uint8_t following = payload.u8();
                payload.u8();  // reserved
                const std::uint16_t offset_flags = payload.u16();
                if (kFragmentHeader > length) throw np::ParseError("fragment header too long");
                length -= kFragmentHeader;
                const unsigned offset = offset_flags & kFragmentOffsetMask;
                out.line += "frag (" + std::to_string(offset) + "|" + std::to_string(length) + ")";
                if (offset != 0) return;
                out.line += " ";
                // tcpdump needs no identification, and stops where the capture stops.
                if (payload.remaining() <= 4) return;
                payload.skip(4);  // identification
                ip.fragmented = (offset_flags & kMoreFragments) != 0;
                next_header = following;
                continue;
            }
            reading = next_header == kHopByHop  ? "hbhopt"
                      : next_header == kRouting ? "srcrt"
                                                : "dstopt";
            const std::uint8_t following = payload.u8();
            const std::size_t header_length = (std::size_t{payload.u8()} + 1) * 8;
            payload.skip(header_length - 2);
            if (header_length > length) throw np::ParseError("extension header too long");
            length -= header_length;
            out.line += next_header == kHopByHop  ? "HBH "
                        : next_header == kRouting ? "srcrt "
                                                  : "DSTOPT ";
            next_header = following;
        }
    } catch (const np::ParseError&) {
        out.line += std::string(" [|") + reading + "]";
        return;
    }
    decode_transport(next_header, payload, length, ip, out);
}

}  // namespace datalink
