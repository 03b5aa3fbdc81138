#pragma once
// The ICMP sockets np-ping talks through: opening one (raw, else datagram) and setting it
// up for a ping.

#include <cstdint>
#include <exception>
#include <optional>

#include "icmp_echo.hpp"
#include "np/address.hpp"
#include "np/fd.hpp"
#include "options.hpp"
#include "output.hpp"

namespace ping {

struct IcmpSocket {
    np::Fd fd;
    int family = AF_INET;
    // A raw socket (root): we choose the identifier, see every ICMP message the host
    // receives, and on IPv4 read IP headers. Otherwise an ICMP datagram ("ping") socket:
    // the kernel sets the identifier to the socket's port, fills in the checksum and
    // passes us only the replies and errors that belong to this socket.
    bool raw = true;
    std::uint16_t identifier = 0;  // raw: getpid() & 0xffff; datagram: the kernel's
};

// A raw ICMP (ICMPv6) socket, or, when that is not permitted (EPERM, EACCES), an ICMP
// datagram socket, which net.ipv4.ping_group_range may allow. Throws std::system_error,
// or std::runtime_error with advice when neither kind is permitted.
IcmpSocket open_icmp_socket(int family);

// The sockets of the families np-ping may use, opened before the destination is known:
// opening comes first so that a set-uid np-ping can give up root right after.
class IcmpSockets {
public:
    // family: AF_INET, AF_INET6, or AF_UNSPEC for both. A failure to open the only
    // family asked for (or both) throws at once; with AF_UNSPEC one failure waits until
    // that family is taken.
    explicit IcmpSockets(int family);
    // The socket for `family`, moved out; rethrows why it could not be opened.
    IcmpSocket take(int family);

private:
    std::optional<IcmpSocket> v4_, v6_;
    std::exception_ptr v4_error_, v6_error_;
};

// Sets up `socket` for pinging `target` with `options`: TTL or hop limit, kernel receive
// timestamps, the ancillary data that carries the TTL where no IP header does, the ICMP
// filters of raw sockets, the error queue of datagram sockets, and -I (a device name
// binds to the device, an address binds the source). With -I, returns what the header
// shows as the source.
std::optional<Source> configure_socket(const IcmpSocket& socket, const Options& options,
                                       const np::SocketAddress& target);

// What `socket` delivers: with or without an IP header, IPv4 or IPv6.
Framing framing_for(const IcmpSocket& socket);

}  // namespace ping
