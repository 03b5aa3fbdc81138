#pragma once
// np-udpcli's sending side: one unconnected UDP socket per address family, set up as the
// command line asks, and one datagram per destination.

#include <cstddef>

#include "command_lines.hpp"
#include "np/address.hpp"
#include "np/fd.hpp"

namespace icmpd {

// A UDP socket of `family` (an IPv6 one only for IPv6: IPV6_V6ONLY), bound to the wildcard
// address and options.local_port (0: one the kernel picks; np-icmpd needs a bound port),
// with -t as TTL / hop limit and -D as Don't Fragment. Without -D an IPv4 datagram leaves
// with DF clear (Linux would set it), so routers fragment it instead of answering.
np::Fd open_udp_socket(int family, const ClientOptions& options);

// The destination's address, resolved (the first address getaddrinfo gives) with its port.
np::SocketAddress resolve_destination(const Destination& destination);

// Sends `length` bytes to `to`; returns 0, or the errno of a sendto that failed.
int send_datagram(int fd, const np::SocketAddress& to, std::size_t length);

}  // namespace icmpd
