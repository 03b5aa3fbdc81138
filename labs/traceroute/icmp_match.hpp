#pragma once
// Making sense of what the raw ICMP socket delivers: is it about one of our probes, which
// one, and what does it say? The heart of traceroute, as pure functions over bytes.
//
// A router that drops a probe answers with an ICMP error that quotes the probe's start:
//
//   [IP header of the error] ICMP type | code | checksum | 4 bytes (unused, or an MTU)
//                            [quoted IP header of our probe]  <- its destination: our target
//                            [first 8 bytes of the probe]     <- UDP ports / ICMP id + seq
//
// The quoted IP header says where the probe was going and what protocol it carried; the
// 8 bytes after it name the probe (see probe.hpp). An IPv4 raw socket delivers the error
// with its own IP header in front; an IPv6 one delivers the ICMPv6 message alone.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <variant>

#include "np/address.hpp"
#include "probe.hpp"

namespace traceroute {

// What identifies our probes in a quote.
struct OurProbes {
    Method method = Method::kUdp;
    int family = AF_INET;
    np::SocketAddress target;       // where every probe goes (only the address counts)
    std::uint16_t source_port = 0;  // UDP: the local port of our sending socket
    std::uint16_t identifier = 0;   // ICMP: our echo identifier
    ProbeNaming naming;             // destination port (UDP) / sequence (ICMP) <-> probe
};

enum class Verdict {
    kRouter,       // time exceeded in transit: a kRouter on the way; the trace goes on
    kReached,      // the destination answered (port kUnreachable to UDP, echo reply to ICMP)
    kUnreachable,  // any other error: shown with an annotation, and the trace ends here
};

// One of our probes, answered.
struct Answer {
    std::size_t probe = 0;
    Verdict verdict = Verdict::kRouter;
    std::string annotation;  // "!H", "!X", "!F-1400", ...; empty for router and reached
};

// Not about a probe of ours, or not readable; `reason` says why (for -v).
struct NotOurs {
    std::string reason;
};

using Match = std::variant<Answer, NotOurs>;

// Reads one datagram from the raw ICMP socket of probes.family (AF_INET: the IP header
// first; AF_INET6: the ICMPv6 message alone) and matches it to a probe:
//   - an error (IPv4: unreachable 3, time exceeded 11, parameter problem 12; IPv6: 1-4)
//     matches when its quote shows a probe of ours: the right protocol (UDP 17 /
//     ICMP 1 / ICMPv6 58), our target as destination, and our source port and a
//     destination port we used (UDP), or an echo request with our identifier and a
//     sequence we used (ICMP). UDP ports are the first 4 bytes of the quoted header, so
//     a quote cut after them still matches; an echo request needs all 8 bytes;
//   - with Method::kIcmp, an echo reply matches by identifier and sequence: reached.
// Anything else, or anything truncated or malformed (IP header length below 20 bytes or
// past the data, ICMP shorter than its 8-byte header, an IPv4 checksum that does not
// verify), is NotOurs. Never reads past `datagram`.
Match match_icmp(const OurProbes& probes, std::span<const std::byte> datagram);

// Debian traceroute's annotation for an ICMP error that ends a trace, by code number (the
// names are in np::icmp::unreachable and np::icmp6::unreachable). IPv4 unreachable
// codes: 0, 6, 8, 11 "!N"; 1, 7, 12 "!H"; 2 "!P"; 3 "" (the port of the destination: it
// was reached); 4 "!F-<mtu>"; 5 "!S"; 9, 10, 13 "!X"; 14 "!V"; 15 "!C"; others "!<code>".
// IPv6 unreachable: 0 "!N"; 1 "!X"; 2, 3 "!H"; 4 ""; others "!<code>"; packet too big
// "!F-<mtu>". Time exceeded in transit (time_exceeded::kInTransit; IPv6 kHopLimit) is ""
// too. Any other type or code: "!<type-code>".
std::string annotation(int family, std::uint8_t type, std::uint8_t code, std::uint32_t mtu);

}  // namespace traceroute
