#include "icmp_echo.hpp"

#include <netinet/in.h>

#include <array>

#include "np/bytes.hpp"
#include "np/checksum.hpp"
#include "np/error.hpp"
#include "np/icmp.hpp"

namespace ping {

namespace {

constexpr std::uint8_t kProtocolIcmp = 1;    // IPPROTO_ICMP in an IPv4 header
constexpr std::uint8_t kProtocolIcmp6 = 58;  // IPPROTO_ICMPV6 as an IPv6 next header
constexpr std::uint8_t kIpv6Fragment = 44;   // the IPv6 fragment extension header
constexpr std::size_t kIpv4MinHeader = 20;
constexpr std::size_t kIpv6Header = 40;

struct Ipv4Header {
    std::size_t header_length = 0;  // IHL * 4, options included
    std::size_t total_length = 0;
    std::size_t fragment_offset = 0;  // in bytes; not 0 for all but a first fragment
    int ttl = 0;
    std::uint8_t protocol = 0;
    np::SocketAddress destination;
};

// Reads an IPv4 header, options included; `in` is left at the first byte after it.
// A header that cannot be one (version, IHL below 5 words) throws ParseError; so does one
// longer than the data, through the reader.
Ipv4Header read_ipv4_header(np::ByteReader& in) {
    Ipv4Header ip;
    std::uint8_t version_ihl = in.u8();
    if (version_ihl >> 4 != 4) throw np::ParseError("IP version is not 4");
    ip.header_length = std::size_t{version_ihl & 0x0fu} * 4;
    if (ip.header_length < kIpv4MinHeader) {
        throw np::ParseError("IP header length " + std::to_string(ip.header_length) +
                             " is below 20 bytes");
    }
    in.skip(1);  // type of service
    ip.total_length = in.u16();
    in.skip(2);  // identification
    ip.fragment_offset = std::size_t{in.u16() & 0x1fffu} * 8;
    ip.ttl = in.u8();
    ip.protocol = in.u8();
    in.skip(2 + 4);  // header checksum, source address
    ip.destination = np::SocketAddress::from_bytes(AF_INET, in.bytes(4));
    in.skip(ip.header_length - kIpv4MinHeader);  // options
    return ip;
}

// The request an error quotes: its IP header and at least the 8-byte ICMP header.
IcmpError read_quoted_request(int family, np::ByteReader& in) {
    IcmpError error;
    error.family = family;
    std::uint8_t expected_type = np::icmp::kEchoRequest;
    if (family == AF_INET) {
        Ipv4Header quoted = read_ipv4_header(in);
        if (quoted.protocol != kProtocolIcmp) {
            throw np::ParseError("the quoted datagram is not ICMP (protocol " +
                                 std::to_string(quoted.protocol) + ")");
        }
        // Only a first fragment starts with the ICMP header (-s beyond the path MTU).
        if (quoted.fragment_offset != 0) throw np::ParseError("the quote is a later fragment");
        error.quoted_destination = quoted.destination;
    } else {
        np::ByteReader ip6 = in.sub(kIpv6Header);
        if (ip6.u8() >> 4 != 6) throw np::ParseError("the quoted IP version is not 6");
        ip6.skip(5);  // rest of version/class/flow label, payload length
        std::uint8_t next_header = ip6.u8();
        ip6.skip(1 + 16);  // hop limit, source address
        error.quoted_destination = np::SocketAddress::from_bytes(AF_INET6, ip6.bytes(16));
        if (next_header == kIpv6Fragment) {  // a probe larger than the path MTU
            next_header = in.u8();
            in.skip(1);  // reserved
            if ((in.u16() & 0xfff8) != 0) throw np::ParseError("the quote is a later fragment");
            in.skip(4);  // identification
        }
        if (next_header != kProtocolIcmp6) {
            throw np::ParseError("the quoted datagram is not ICMPv6 (next header " +
                                 std::to_string(next_header) + ")");
        }
        expected_type = np::icmp6::kEchoRequest;
    }
    std::uint8_t quoted_type = in.u8();
    if (quoted_type != expected_type) {
        throw np::ParseError("the quoted ICMP message is type " + std::to_string(quoted_type) +
                             ", not an echo request");
    }
    in.skip(1 + 2);  // code, checksum
    error.quoted_identifier = in.u16();
    error.quoted_sequence = in.u16();
    return error;
}

bool is_error_type(int family, std::uint8_t type) {
    if (family == AF_INET) {
        return type == np::icmp::kDestUnreachable || type == np::icmp::kTimeExceeded ||
               type == np::icmp::kParameterProblem;
    }
    return type == np::icmp6::kDestUnreachable || type == np::icmp6::kPacketTooBig ||
           type == np::icmp6::kTimeExceeded || type == np::icmp6::kParameterProblem;
}

// The ICMP message itself, whatever came before it.
Incoming parse_message(int family, np::ByteReader icmp, std::optional<int> ttl) {
    if (icmp.remaining() < kIcmpHeaderSize) {
        return Ignored{"ICMP message of " + std::to_string(icmp.remaining()) +
                       " bytes is shorter than its 8-byte header"};
    }
    // IPv6's checksum covers addresses we do not see here, and the kernel verified it.
    if (family == AF_INET && np::internet_checksum(icmp.rest()) != 0) {
        return Ignored{"bad ICMP checksum"};
    }
    const std::size_t length = icmp.remaining();
    const std::uint8_t type = icmp.u8();
    const std::uint8_t code = icmp.u8();
    icmp.skip(2);  // checksum

    const std::uint8_t reply_type =
        family == AF_INET ? np::icmp::kEchoReply : np::icmp6::kEchoReply;
    if (type == reply_type) {
        EchoReply reply;
        reply.identifier = icmp.u16();
        reply.sequence = icmp.u16();
        reply.ttl = ttl;
        reply.icmp_length = length;
        auto data = icmp.rest();
        reply.payload.assign(data.begin(), data.end());
        return reply;
    }
    if (!is_error_type(family, type)) {
        return Ignored{"ICMP type " + std::to_string(type) +
                       " is neither an echo reply nor an error"};
    }
    const std::uint32_t rest_of_header = icmp.u32();
    IcmpError error = read_quoted_request(family, icmp);
    error.type = type;
    error.code = code;
    if (family == AF_INET && type == np::icmp::kDestUnreachable &&
        code == np::icmp::unreachable::kFragNeeded) {
        error.mtu = rest_of_header & 0xffff;  // RFC 1191: next-hop MTU in the low 16 bits
    } else if (family == AF_INET6 && type == np::icmp6::kPacketTooBig) {
        error.mtu = rest_of_header;
    } else if (family == AF_INET && type == np::icmp::kParameterProblem) {
        error.pointer = rest_of_header >> 24;  // one byte, first in the field
    } else if (family == AF_INET6 && type == np::icmp6::kParameterProblem) {
        error.pointer = rest_of_header;
    }
    return error;
}

}  // namespace

std::vector<std::byte> make_payload(std::size_t size, std::chrono::microseconds sent_at) {
    std::vector<std::byte> payload(size);
    for (std::size_t i = 0; i < size; ++i) payload[i] = std::byte(i & 0xff);
    if (size >= kTimestampSize) {
        const auto usec = sent_at.count();
        np::ByteWriter out(payload);
        out.u64(static_cast<std::uint64_t>(usec / 1'000'000));
        out.u64(static_cast<std::uint64_t>(usec % 1'000'000));
    }
    return payload;
}

std::optional<std::chrono::microseconds> read_timestamp(std::span<const std::byte> payload) {
    if (payload.size() < kTimestampSize) return std::nullopt;
    np::ByteReader in(payload);
    const auto seconds = static_cast<std::int64_t>(in.u64());
    const auto micros = static_cast<std::int64_t>(in.u64());
    return std::chrono::seconds(seconds) + std::chrono::microseconds(micros);
}

std::vector<std::byte> build_echo_request(int family, std::uint16_t identifier,
                                          std::uint16_t sequence,
                                          std::span<const std::byte> payload) {
    std::vector<std::byte> message(kIcmpHeaderSize + payload.size());
    np::ByteWriter out(message);
    out.u8(family == AF_INET ? np::icmp::kEchoRequest : np::icmp6::kEchoRequest);
    out.u8(0);   // code
    out.u16(0);  // checksum: 0 while it is computed
    out.u16(identifier);
    out.u16(sequence);
    out.bytes(payload);
    if (family == AF_INET) out.patch_u16(2, np::internet_checksum(out.written()));
    return message;
}

Incoming parse_icmp(Framing framing, std::span<const std::byte> datagram) {
    try {
        np::ByteReader in(datagram);
        switch (framing) {
            case Framing::kIpv4WithHeader: {
                Ipv4Header ip = read_ipv4_header(in);
                if (ip.protocol != kProtocolIcmp) {
                    return Ignored{"IP protocol " + std::to_string(ip.protocol) + " is not ICMP"};
                }
                if (ip.total_length < ip.header_length || ip.total_length > datagram.size()) {
                    return Ignored{"IP total length " + std::to_string(ip.total_length) +
                                   " does not match the " + std::to_string(datagram.size()) +
                                   " bytes received"};
                }
                return parse_message(AF_INET, in.sub(ip.total_length - ip.header_length), ip.ttl);
            }
            case Framing::kIpv4Bare:
                return parse_message(AF_INET, in, std::nullopt);
            case Framing::kIpv6:
                return parse_message(AF_INET6, in, std::nullopt);
        }
        return Ignored{"unknown framing"};
    } catch (const np::ParseError& e) {
        return Ignored{std::string("malformed: ") + e.what()};
    }
}

}  // namespace ping
