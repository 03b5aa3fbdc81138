#include "icmp_match.hpp"

#include <netinet/in.h>

#include <cstring>

#include "np/bytes.hpp"
#include "np/checksum.hpp"
#include "np/error.hpp"
#include "np/icmp.hpp"

namespace traceroute {

namespace {

constexpr std::uint8_t kProtocolIcmp = 1;
constexpr std::uint8_t kProtocolUdp = 17;
constexpr std::uint8_t kProtocolIcmp6 = 58;
constexpr std::uint8_t kIpv6Fragment = 44;
constexpr std::size_t kIpv4MinHeader = 20;
constexpr std::size_t kIpv6Header = 40;
constexpr std::size_t kIcmpHeader = 8;

struct Ipv4Header {
    std::size_t header_length = 0;
    std::size_t total_length = 0;
    std::size_t fragment_offset = 0;
    std::uint8_t protocol = 0;
    std::span<const std::byte> destination;
};

// An IPv4 header, options included; `in` is left just after it. Throws np::ParseError for
// a header that cannot be one, or (through the reader) one longer than the data.
Ipv4Header read_ipv4_header(np::ByteReader& in) {
    Ipv4Header ip;
    const std::uint8_t version_ihl = in.u8();
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
    in.skip(1);  // TTL
    ip.protocol = in.u8();
    in.skip(2 + 4);  // header checksum, source address
    ip.destination = in.bytes(4);
    in.skip(ip.header_length - kIpv4MinHeader);  // options
    return ip;
}

// Is `raw` (4 or 16 bytes from a header) the address of `target`?
bool is_target(const np::SocketAddress& target, std::span<const std::byte> raw) {
    const void* address = nullptr;
    std::size_t size = 0;
    if (target.family() == AF_INET) {
        address = &reinterpret_cast<const sockaddr_in*>(target.data())->sin_addr;
        size = sizeof(in_addr);
    } else if (target.family() == AF_INET6) {
        address = &reinterpret_cast<const sockaddr_in6*>(target.data())->sin6_addr;
        size = sizeof(in6_addr);
    }
    return size != 0 && raw.size() == size && std::memcmp(raw.data(), address, size) == 0;
}

bool is_error(int family, std::uint8_t type) {
    if (family == AF_INET) {
        return type == np::icmp::kDestUnreachable || type == np::icmp::kTimeExceeded ||
               type == np::icmp::kParameterProblem;
    }
    return type == np::icmp6::kDestUnreachable || type == np::icmp6::kPacketTooBig ||
           type == np::icmp6::kTimeExceeded || type == np::icmp6::kParameterProblem;
}

// Reads the quoted IP header of the probe; `in` is left at the quoted transport header.
// Returns why it is not one of ours, or "" when it is our protocol to our target.
std::string read_quoted_ip(const OurProbes& probes, np::ByteReader& in) {
    std::uint8_t protocol = 0;
    std::span<const std::byte> destination;
    if (probes.family == AF_INET) {
        const Ipv4Header quoted = read_ipv4_header(in);
        // Only a first fragment starts with the UDP or ICMP header.
        if (quoted.fragment_offset != 0) return "the quote is a later fragment";
        protocol = quoted.protocol;
        destination = quoted.destination;
    } else {
        np::ByteReader ip6 = in.sub(kIpv6Header);
        if (ip6.u8() >> 4 != 6) return "the quoted IP version is not 6";
        ip6.skip(5);  // rest of version, class and flow label; payload length
        protocol = ip6.u8();
        ip6.skip(1 + 16);  // hop limit, source address
        destination = ip6.bytes(16);
        if (protocol == kIpv6Fragment) {  // a probe beyond the path MTU
            protocol = in.u8();
            in.skip(1);
            if ((in.u16() & 0xfff8) != 0) return "the quote is a later fragment";
            in.skip(4);  // identification
        }
    }
    const std::uint8_t ours = probes.method == Method::kUdp ? kProtocolUdp
                              : probes.family == AF_INET    ? kProtocolIcmp
                                                            : kProtocolIcmp6;
    if (protocol != ours) {
        return "the quoted datagram carries protocol " + std::to_string(protocol) + ", not ours";
    }
    if (!is_target(probes.target, destination)) return "the quoted datagram went elsewhere";
    return "";
}

// The probe a quoted UDP header or echo request names.
Match read_quoted_probe(const OurProbes& probes, np::ByteReader& in) {
    std::uint16_t name = 0;
    if (probes.method == Method::kUdp) {
        // Ports first: a quote cut after 4 bytes of the UDP header still names the probe.
        const std::uint16_t source_port = in.u16();
        name = in.u16();
        if (source_port != probes.source_port) {
            return NotOurs{"a quoted UDP datagram from port " + std::to_string(source_port) +
                           ", not ours"};
        }
    } else {
        const std::uint8_t request =
            probes.family == AF_INET ? np::icmp::kEchoRequest : np::icmp6::kEchoRequest;
        const std::uint8_t type = in.u8();
        if (type != request) return NotOurs{"the quoted ICMP message is not an echo request"};
        in.skip(1 + 2);  // code, checksum
        const std::uint16_t identifier = in.u16();
        name = in.u16();
        if (identifier != probes.identifier) {
            return NotOurs{"a quoted echo request with identifier " + std::to_string(identifier) +
                           ", not ours"};
        }
    }
    const auto index = probes.naming.index_of(name);
    if (!index) return NotOurs{"a quoted probe numbered " + std::to_string(name) + ", not ours"};
    return Answer{*index, Verdict::kRouter, ""};
}

Verdict verdict_of(int family, std::uint8_t type, std::uint8_t code) {
    if (family == AF_INET) {
        if (type == np::icmp::kTimeExceeded && code == np::icmp::time_exceeded::kInTransit) {
            return Verdict::kRouter;
        }
        if (type == np::icmp::kDestUnreachable && code == np::icmp::unreachable::kPort) {
            return Verdict::kReached;
        }
    } else {
        if (type == np::icmp6::kTimeExceeded && code == np::icmp6::time_exceeded::kHopLimit) {
            return Verdict::kRouter;
        }
        if (type == np::icmp6::kDestUnreachable && code == np::icmp6::unreachable::kPort) {
            return Verdict::kReached;
        }
    }
    return Verdict::kUnreachable;
}

// The ICMP message itself, whatever came before it.
Match match_message(const OurProbes& probes, np::ByteReader icmp) {
    if (icmp.remaining() < kIcmpHeader) {
        return NotOurs{"ICMP message of " + std::to_string(icmp.remaining()) +
                       " bytes is shorter than its 8-byte header"};
    }
    // The kernel verified the ICMPv6 checksum, whose pseudo-header we do not see.
    if (probes.family == AF_INET && np::internet_checksum(icmp.rest()) != 0) {
        return NotOurs{"bad ICMP checksum"};
    }
    const std::uint8_t type = icmp.u8();
    const std::uint8_t code = icmp.u8();
    icmp.skip(2);  // checksum

    const std::uint8_t reply =
        probes.family == AF_INET ? np::icmp::kEchoReply : np::icmp6::kEchoReply;
    if (type == reply) {
        if (probes.method != Method::kIcmp) return NotOurs{"an echo reply; we sent UDP"};
        const std::uint16_t identifier = icmp.u16();
        const std::uint16_t sequence = icmp.u16();
        const auto index = probes.naming.index_of(sequence);
        if (identifier != probes.identifier || !index) {
            return NotOurs{"an echo reply to someone else's request"};
        }
        return Answer{*index, Verdict::kReached, ""};
    }
    if (!is_error(probes.family, type)) {
        return NotOurs{"ICMP type " + std::to_string(type) + " is neither an error nor a reply"};
    }
    const std::uint32_t rest_of_header = icmp.u32();
    if (std::string why = read_quoted_ip(probes, icmp); !why.empty()) return NotOurs{why};
    Match match = read_quoted_probe(probes, icmp);
    if (auto* answer = std::get_if<Answer>(&match)) {
        answer->verdict = verdict_of(probes.family, type, code);
        const std::uint32_t mtu =
            probes.family == AF_INET ? rest_of_header & 0xffff : rest_of_header;  // RFC 1191
        if (answer->verdict == Verdict::kUnreachable) {
            answer->annotation = annotation(probes.family, type, code, mtu);
        }
    }
    return match;
}

}  // namespace

Match match_icmp(const OurProbes& probes, std::span<const std::byte> datagram) {
    try {
        np::ByteReader in(datagram);
        if (probes.family == AF_INET6) return match_message(probes, in);
        const Ipv4Header ip = read_ipv4_header(in);
        if (ip.protocol != kProtocolIcmp) return NotOurs{"not ICMP"};
        if (ip.total_length < ip.header_length || ip.total_length > datagram.size()) {
            return NotOurs{"IP total length " + std::to_string(ip.total_length) +
                           " does not match the " + std::to_string(datagram.size()) +
                           " bytes received"};
        }
        return match_message(probes, in.sub(ip.total_length - ip.header_length));
    } catch (const np::ParseError& e) {
        return NotOurs{std::string("truncated or malformed: ") + e.what()};
    }
}

std::string annotation(int family, std::uint8_t type, std::uint8_t code, std::uint32_t mtu) {
    namespace unreachable = np::icmp::unreachable;
    namespace unreachable6 = np::icmp6::unreachable;
    std::string other = "!<" + std::to_string(type) + "-" + std::to_string(code) + ">";
    std::string unknown_code = "!<" + std::to_string(code) + ">";
    std::string frag = "!F-" + std::to_string(mtu);
    if (family == AF_INET) {
        if (type == np::icmp::kTimeExceeded) {
            return code == np::icmp::time_exceeded::kInTransit ? "" : other;
        }
        if (type != np::icmp::kDestUnreachable) return other;
        switch (code) {
            case unreachable::kNet:
            case unreachable::kNetUnknown:
            case unreachable::kSourceHostIsolated:
            case unreachable::kNetForTos:
                return "!N";
            case unreachable::kHost:
            case unreachable::kHostUnknown:
            case unreachable::kHostForTos:
                return "!H";
            case unreachable::kProtocol:
                return "!P";
            case unreachable::kPort:
                return "";
            case unreachable::kFragNeeded:
                return frag;
            case unreachable::kSourceRouteFailed:
                return "!S";
            case unreachable::kNetProhibited:
            case unreachable::kHostProhibited:
            case unreachable::kAdminProhibited:
                return "!X";
            case unreachable::kHostPrecedenceViolation:
                return "!V";
            case unreachable::kPrecedenceCutoff:
                return "!C";
            default:
                return unknown_code;
        }
    }
    if (type == np::icmp6::kTimeExceeded) {
        return code == np::icmp6::time_exceeded::kHopLimit ? "" : other;
    }
    if (type == np::icmp6::kPacketTooBig) return frag;
    if (type != np::icmp6::kDestUnreachable) return other;
    switch (code) {
        case unreachable6::kNoRoute:
            return "!N";
        case unreachable6::kAdminProhibited:
            return "!X";
        case unreachable6::kBeyondScope:
        case unreachable6::kAddress:
            return "!H";
        case unreachable6::kPort:
            return "";
        default:
            return unknown_code;
    }
}

}  // namespace traceroute
