#include "recverr.hpp"

#include <linux/errqueue.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "extended_error.hpp"
#include "np/check.hpp"

namespace icmpd {

void enable_recverr([[maybe_unused]] int fd, [[maybe_unused]] int family) {
    // TODO(student): setsockopt IP_RECVERR (level IPPROTO_IP) on an IPv4 socket,
    // IPV6_RECVERR (level IPPROTO_IPV6) on an IPv6 one, to 1; np::check the result.
}

std::optional<ErrorRecord> read_queued_error([[maybe_unused]] int fd) {
    // TODO(student): recvmsg(fd, &message, MSG_ERRQUEUE | MSG_DONTWAIT) with msg_name
    // pointing at a SocketAddress (the failed datagram's destination) and a control buffer;
    // EAGAIN: the queue is empty (nullopt). Find the control message (SOL_IP, IP_RECVERR)
    // or (SOL_IPV6, IPV6_RECVERR), memcpy its sock_extended_err out of CMSG_DATA, and fill
    // the record: ee_errno; ee_type and ee_code for origins SO_EE_ORIGIN_ICMP and
    // SO_EE_ORIGIN_ICMP6; ee_info as the MTU where carries_mtu (extended_error.hpp) says so.
    return std::nullopt;
}

}  // namespace icmpd
