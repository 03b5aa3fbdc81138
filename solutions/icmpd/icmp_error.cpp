#include "icmp_error.hpp"

#include <netinet/in.h>

#include <cerrno>

#include "np/bytes.hpp"
#include "np/checksum.hpp"
#include "np/error.hpp"
#include "np/icmp.hpp"

namespace icmpd {

namespace {

constexpr std::uint8_t kProtocolIcmp = 1;
constexpr std::uint8_t kProtocolUdp = 17;
constexpr std::size_t kIpv4MinHeader = 20;
constexpr std::size_t kIpv6Header = 40;
constexpr std::size_t kIcmpHeader = 8;

// IPv6 extension headers a datagram of ours may carry before its UDP header.
constexpr std::uint8_t kHopByHop = 0;
constexpr std::uint8_t kRouting = 43;
constexpr std::uint8_t kFragment = 44;
constexpr std::uint8_t kDestinationOptions = 60;

namespace unreachable = np::icmp::unreachable;
namespace unreachable6 = np::icmp6::unreachable;

struct IpHeader {
    std::uint8_t protocol = 0;  // IPv6: the next header after any extension headers
    bool later_fragment = false;
    std::span<const std::byte> source;
    std::span<const std::byte> destination;
};

// An IPv4 header, options included; `in` is left just after it.
IpHeader read_ipv4_header(np::ByteReader& in, std::size_t* total_length = nullptr) {
    const std::uint8_t version_ihl = in.u8();
    if (version_ihl >> 4 != 4) throw np::ParseError("IP version is not 4");
    const std::size_t header_length = std::size_t{version_ihl & 0x0fu} * 4;
    if (header_length < kIpv4MinHeader) throw np::ParseError("IP header length below 20");
    in.skip(1);  // type of service
    const std::size_t length = in.u16();
    if (total_length != nullptr) {
        if (length < header_length) throw np::ParseError("IP total length below its header");
        *total_length = length;
    }
    in.skip(2);  // identification
    IpHeader ip;
    ip.later_fragment = (in.u16() & 0x1fffu) != 0;
    in.skip(1);  // TTL
    ip.protocol = in.u8();
    in.skip(2);  // header checksum
    ip.source = in.bytes(4);
    ip.destination = in.bytes(4);
    in.skip(header_length - kIpv4MinHeader);  // options
    return ip;
}

// A quoted IPv6 header and the extension headers after it; `in` is left at the transport
// header.
IpHeader read_ipv6_header(np::ByteReader& in) {
    np::ByteReader fixed = in.sub(kIpv6Header);
    if (fixed.u8() >> 4 != 6) throw np::ParseError("IP version is not 6");
    fixed.skip(5);  // rest of traffic class, flow label; payload length
    IpHeader ip;
    ip.protocol = fixed.u8();
    fixed.skip(1);  // hop limit
    ip.source = fixed.bytes(16);
    ip.destination = fixed.bytes(16);
    for (;;) {
        if (ip.protocol == kFragment) {
            ip.protocol = in.u8();
            in.skip(1);
            if ((in.u16() & 0xfff8u) != 0) ip.later_fragment = true;
            in.skip(4);  // identification
        } else if (ip.protocol == kHopByHop || ip.protocol == kRouting ||
                   ip.protocol == kDestinationOptions) {
            ip.protocol = in.u8();
            const std::size_t length = (std::size_t{in.u8()} + 1) * 8;
            in.skip(length - 2);
        } else {
            return ip;
        }
    }
}

bool is_error_type(int family, std::uint8_t type) { return errno_for(family, type, 0) != 0; }

// The ICMP message itself: header, then the quote.
Parsed read_message(int family, np::ByteReader icmp) {
    if (icmp.remaining() < kIcmpHeader) return Ignored{"ICMP message shorter than 8 bytes"};
    // The kernel checks ICMPv6 checksums (their pseudo-header is not ours to see); an ICMPv4
    // raw socket hands us whatever came.
    if (family == AF_INET && np::internet_checksum(icmp.rest()) != 0) {
        return Ignored{"bad ICMP checksum"};
    }
    IcmpError error;
    error.family = family;
    error.type = icmp.u8();
    error.code = icmp.u8();
    icmp.skip(2);  // checksum
    const std::uint32_t rest_of_header = icmp.u32();
    if (!is_error_type(family, error.type)) {
        return Ignored{"ICMP type " + std::to_string(error.type) + " is not an error"};
    }
    if (family == AF_INET && error.type == np::icmp::kDestUnreachable &&
        error.code == unreachable::kFragNeeded) {
        error.mtu = rest_of_header & 0xffffu;
    } else if (family == AF_INET6 && error.type == np::icmp6::kPacketTooBig) {
        error.mtu = rest_of_header;
    }

    const IpHeader quoted = family == AF_INET ? read_ipv4_header(icmp) : read_ipv6_header(icmp);
    if (quoted.protocol != kProtocolUdp) {
        return Ignored{"the quote is protocol " + std::to_string(quoted.protocol) + ", not UDP"};
    }
    if (quoted.later_fragment) return Ignored{"the quote is a later fragment: no UDP header"};
    // The ports come first in the UDP header: 4 bytes name both ends.
    const std::uint16_t source_port = icmp.u16();
    const std::uint16_t destination_port = icmp.u16();
    error.source = np::SocketAddress::from_bytes(family, quoted.source, source_port);
    error.destination = np::SocketAddress::from_bytes(family, quoted.destination, destination_port);
    return error;
}

}  // namespace

Parsed parse_icmp_error(int family, std::span<const std::byte> datagram) {
    if (family != AF_INET && family != AF_INET6) return Ignored{"not an IP address family"};
    try {
        np::ByteReader in(datagram);
        if (family == AF_INET6) return read_message(family, in);
        std::size_t total_length = 0;
        const std::size_t before = in.remaining();
        const IpHeader ip = read_ipv4_header(in, &total_length);
        if (ip.protocol != kProtocolIcmp) return Ignored{"not ICMP"};
        const std::size_t header_length = before - in.remaining();
        if (total_length > datagram.size()) return Ignored{"IP total length past the data"};
        return read_message(family, in.sub(total_length - header_length));
    } catch (const np::ParseError& e) {
        return Ignored{std::string("truncated or malformed: ") + e.what()};
    }
}

int errno_for(int family, std::uint8_t type, std::uint8_t code) {
    if (family == AF_INET) {
        if (type == np::icmp::kTimeExceeded) return ETIMEDOUT;
        if (type == np::icmp::kParameterProblem) return EPROTO;
        if (type != np::icmp::kDestUnreachable) return 0;
        switch (code) {
            case unreachable::kNet:
            case unreachable::kNetUnknown:
            case unreachable::kNetForTos:
                return ENETUNREACH;
            case unreachable::kProtocol:
                return ENOPROTOOPT;
            case unreachable::kPort:
                return ECONNREFUSED;
            case unreachable::kFragNeeded:
                return EMSGSIZE;
            case unreachable::kSourceRouteFailed:
                return EOPNOTSUPP;
            case unreachable::kNetProhibited:
            case unreachable::kHostProhibited:
            case unreachable::kAdminProhibited:
                // A policy said no: retrying or waiting for a route will not help, which
                // EHOSTUNREACH would suggest. Linux's ICMPv6 code says EACCES too.
                return EACCES;
            default:  // host unreachable, unknown, isolated, for TOS; precedence
                return EHOSTUNREACH;
        }
    }
    if (family != AF_INET6) return 0;
    switch (type) {
        case np::icmp6::kPacketTooBig:
            return EMSGSIZE;
        case np::icmp6::kTimeExceeded:
            return ETIMEDOUT;
        case np::icmp6::kParameterProblem:
            return EPROTO;
        case np::icmp6::kDestUnreachable:
            break;
        default:
            return 0;
    }
    switch (code) {
        case unreachable6::kNoRoute:
            return ENETUNREACH;
        case unreachable6::kAdminProhibited:
        case unreachable6::kSourcePolicyFailed:
        case unreachable6::kRejectRoute:
            return EACCES;
        case unreachable6::kPort:
            return ECONNREFUSED;
        default:  // beyond the scope of the source, address unreachable
            return EHOSTUNREACH;
    }
}

}  // namespace icmpd
