// UDP and TCP: ports, lengths, and for TCP the flags, sequence numbers and options
// (transport_text.hpp prints the endpoints, the flags and the options).

#include <algorithm>
#include <string>

#include "decode.hpp"
#include "np/error.hpp"
#include "tcp_sequences.hpp"
#include "transport_text.hpp"

namespace datalink {

namespace {

constexpr std::size_t kUdpHeader = 8;
constexpr std::size_t kTcpHeader = 20;

// TCP flag bits (transport_text.hpp prints them all).
constexpr std::uint8_t kFin = 0x01;
constexpr std::uint8_t kSyn = 0x02;
constexpr std::uint8_t kRst = 0x04;
constexpr std::uint8_t kAck = 0x10;
constexpr std::uint8_t kUrg = 0x20;

}  // namespace

void decode_udp(np::ByteReader datagram, std::size_t length, const IpEndpoints& ip, Decoding& out) {
    std::uint16_t source_port = 0, destination_port = 0;
    try {
        source_port = datagram.u16();
        destination_port = datagram.u16();
    } catch (const np::ParseError&) {
        out.line += addresses(ip) + " [|udp]";
        return;
    }
    out.line += endpoints(ip, source_port, destination_port);
    std::size_t udp_length = 0;
    try {
        udp_length = datagram.u16();
        datagram.u16();  // checksum
    } catch (const np::ParseError&) {
        out.line += " [|udp]";
        return;
    }
    if (udp_length < kUdpHeader) {
        out.line += "truncated-udplength " + std::to_string(udp_length);
        return;
    }
    const std::size_t data_length = udp_length - kUdpHeader;
    const std::size_t room = length > kUdpHeader ? length - kUdpHeader : 0;
    if (data_length > room && !ip.fragmented) {
        out.line += "UDP, bad length " + std::to_string(data_length) + " > " + std::to_string(room);
        return;
    }
    out.line += "UDP, length " + std::to_string(data_length);
}

void decode_tcp(np::ByteReader segment, std::size_t length, const IpEndpoints& ip, Decoding& out) {
    std::uint16_t source_port = 0, destination_port = 0;
    try {
        source_port = segment.u16();
        destination_port = segment.u16();
    } catch (const np::ParseError&) {
        out.line += addresses(ip) + "[|tcp]";
        return;
    }
    out.line += endpoints(ip, source_port, destination_port);
    try {
        std::uint32_t seq = segment.u32();
        std::uint32_t ack = segment.u32();
        const std::size_t header_length = static_cast<std::size_t>(segment.u8() >> 4) * 4;
        const std::uint8_t flags = segment.u8();
        const std::uint16_t window = segment.u16();
        segment.u16();  // checksum
        const std::uint16_t urgent = segment.u16();

        if (header_length < kTcpHeader) {
            out.line += " tcp " +
                        std::to_string(static_cast<std::uint32_t>(length - header_length)) +
                        " [bad hdr length " + std::to_string(header_length) + " - too short, < " +
                        std::to_string(kTcpHeader) + "]";
            return;
        }
        if (header_length > length) {
            out.line += flags_text(flags) + " [bad hdr length " + std::to_string(header_length) +
                        " - too long, > " + std::to_string(length) + "]";
            return;
        }
        const std::size_t data_length = length - header_length;
        if (out.style.quiet) {
            out.line += "tcp " + std::to_string(data_length);
            return;
        }
        std::uint32_t sack_base = 0;
        if (out.sequences && (flags & kAck)) {
            sack_base = out.sequences->relate(ip, source_port, destination_port,
                                              (flags & kSyn) != 0, seq, ack);
        }
        out.line += flags_text(flags);
        if (data_length > 0 || (flags & (kSyn | kFin | kRst))) {
            out.line += ", seq " + std::to_string(seq);
            if (data_length > 0) {
                out.line += ":" + std::to_string(static_cast<std::uint32_t>(seq + data_length));
            }
        }
        if (flags & kAck) out.line += ", ack " + std::to_string(ack);
        out.line += ", win " + std::to_string(window);
        if (flags & kUrg) out.line += ", urg " + std::to_string(urgent);
        if (header_length > kTcpHeader) {
            out.line += ", options [";
            const std::size_t options_length = header_length - kTcpHeader;
            options_text(segment.sub(std::min(options_length, segment.remaining())), options_length,
                         sack_base, out);
        }
        out.line += ", length " + std::to_string(data_length);
    } catch (const np::ParseError&) {
        out.line += " [|tcp]";
    }
}

}  // namespace datalink
