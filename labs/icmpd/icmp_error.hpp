#pragma once
// Reading an ICMP error about a UDP datagram, as a raw socket delivers it, and the errno
// it stands for. Pure functions over bytes: the heart of np-icmpd, unit-tested.
//
// A router or host that cannot deliver a datagram sends back an ICMP error that quotes it:
//
//   [IPv4 header of the error: raw ICMPv4 sockets only; ICMPv6 ones start at the type]
//   type | code | checksum | 4 bytes: unused, or the next-hop MTU
//   [the quoted IP header of the datagram]   its source (us) and destination addresses
//   [at least 8 bytes of what followed it]   the UDP header: source and destination ports
//
// The quoted source port is what names the application: it is the port its UDP socket is
// bound to. The quoted destination is what the application needs to hear: which of the
// datagrams it sent failed.

#include <cstdint>
#include <span>
#include <string>
#include <variant>

#include "np/address.hpp"

namespace icmpd {

// One ICMP error about a UDP datagram.
struct IcmpError {
    int family = AF_INET;  // AF_INET: ICMPv4 about IPv4; AF_INET6: ICMPv6 about IPv6
    std::uint8_t type = 0;
    std::uint8_t code = 0;
    std::uint32_t mtu = 0;          // only for fragmentation needed / packet too big
    np::SocketAddress source;       // the quoted datagram's source address and port
    np::SocketAddress destination;  // the quoted datagram's destination address and port
};

// Why a datagram from the raw socket is no error we can pass on.
struct Ignored {
    std::string reason;
};

using Parsed = std::variant<IcmpError, Ignored>;

// Reads one datagram from the raw socket of `family` (AF_INET: IPv4 header first; AF_INET6:
// the ICMPv6 message alone). It is an IcmpError when it is an error type (np::icmp's
// kDestUnreachable, kTimeExceeded, kParameterProblem; np::icmp6's also kPacketTooBig) whose
// quote is a UDP datagram (IPv6: possibly behind hop-by-hop, routing, destination-options
// or a first-fragment header) with at least its 4 bytes of ports. The MTU is set for
// ICMPv4 unreachable::kFragNeeded (the low 16 bits of the 4 bytes, RFC 1191) and ICMPv6
// kPacketTooBig (all 32 bits).
// Everything else is Ignored: other types, a quote of another protocol or of a later
// fragment, an IPv4 ICMP checksum that fails, a header length below 20 or past the data,
// anything cut short. Never reads past `datagram`, never throws.
Parsed parse_icmp_error(int family, std::span<const std::byte> datagram);

// The errno for an ICMP error: port unreachable ECONNREFUSED; net unreachable (and unknown
// net, net for TOS) ENETUNREACH; host unreachable (and unknown host, host for TOS, isolated,
// precedence violation and cutoff) EHOSTUNREACH; administratively prohibited (ICMPv4
// kNetProhibited, kHostProhibited, kAdminProhibited; ICMPv6 kAdminProhibited, and
// kSourcePolicyFailed and kRejectRoute) EACCES; protocol
// unreachable ENOPROTOOPT; source route failed EOPNOTSUPP; time exceeded ETIMEDOUT;
// fragmentation needed / packet too big EMSGSIZE; parameter problem EPROTO; any other code
// of destination unreachable EHOSTUNREACH. 0 for a type that is not an error.
int errno_for(int family, std::uint8_t type, std::uint8_t code);

}  // namespace icmpd
