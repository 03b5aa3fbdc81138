#pragma once
// The system calls of this lab's two tools: raw sockets, the route to a destination, and
// sending and receiving with the ancillary data IPv6 raw sockets need.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ip_header.hpp"
#include "np/address.hpp"
#include "np/fd.hpp"

namespace raw {

// What the kernel would use to reach a destination.
struct Route {
    np::SocketAddress source;  // the source address it would choose
    std::size_t mtu = 0;       // the path MTU it knows (the interface's, at first)
};

// The first address of `host` (a name or a numeric address) in `family`. A host that does
// not resolve is a usage error that names it: "nosuch: Name or service not known".
np::SocketAddress resolve_host(const std::string& host, int family);

// Asks by connecting a UDP socket (which sends nothing): getsockname gives the source
// address, IP_MTU / IPV6_MTU the MTU.
Route route_to(const np::SocketAddress& destination);

// socket(family, SOCK_RAW, protocol); needs CAP_NET_RAW. For IPv4 sending, protocol
// IPPROTO_RAW, which implies IP_HDRINCL (set explicitly anyway, to say what we mean).
np::Fd open_raw_socket(int family, int protocol);
void set_header_included(const np::Fd& socket);

// IPv6 raw sockets: where the kernel writes the checksum (IPV6_CHECKSUM), and asking for
// the hop limit and the destination address of each received datagram.
void set_ipv6_checksum_offset(const np::Fd& socket, int offset);
void request_ipv6_ancillary(const np::Fd& socket);

// One sendto / sendmsg; the IPv6 hop limit, when given, goes as IPV6_HOPLIMIT ancillary
// data. Throws std::system_error.
void send_datagram(const np::Fd& socket, std::span<const std::byte> bytes,
                   const np::SocketAddress& destination, std::optional<int> hop_limit = {});

struct Received {
    std::vector<std::byte> bytes;                  // what the socket delivered
    np::SocketAddress source;                      // from recvmsg's address
    std::optional<np::SocketAddress> destination;  // IPv6: from IPV6_PKTINFO
    std::optional<int> hop_limit;                  // IPv6: from IPV6_HOPLIMIT
};

// Blocks for the next datagram (restarting after EINTR); throws std::system_error.
Received receive_datagram(const np::Fd& socket);

// The 4 / 16 address bytes of an AF_INET / AF_INET6 address (network order).
Ipv4Address ipv4_bytes(const np::SocketAddress& address);

}  // namespace raw
