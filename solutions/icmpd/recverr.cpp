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

void enable_recverr(int fd, int family) {
    const int on = 1;
    if (family == AF_INET) {
        np::check(setsockopt(fd, IPPROTO_IP, IP_RECVERR, &on, sizeof on), "setsockopt(IP_RECVERR)");
    } else {
        np::check(setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &on, sizeof on),
                  "setsockopt(IPV6_RECVERR)");
    }
}

std::optional<ErrorRecord> read_queued_error(int fd) {
    std::array<std::byte, 2048> payload;  // the failed datagram: we only want its address
    union {
        cmsghdr align;
        char bytes[512];
    } control{};
    ErrorRecord record;
    iovec iov{payload.data(), payload.size()};
    msghdr message{};
    message.msg_name = record.destination.data();
    message.msg_namelen = *record.destination.size_ptr();
    message.msg_iov = &iov;
    message.msg_iovlen = 1;
    message.msg_control = control.bytes;
    message.msg_controllen = sizeof control.bytes;
    if (recvmsg(fd, &message, MSG_ERRQUEUE | MSG_DONTWAIT) == -1) {
        if (errno == EAGAIN) return std::nullopt;
        np::check(-1, "recvmsg(MSG_ERRQUEUE)");
    }
    record.destination = np::SocketAddress(record.destination.data(), message.msg_namelen);

    for (cmsghdr* c = CMSG_FIRSTHDR(&message); c != nullptr; c = CMSG_NXTHDR(&message, c)) {
        const bool v4 = c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR;
        const bool v6 = c->cmsg_level == SOL_IPV6 && c->cmsg_type == IPV6_RECVERR;
        if (!v4 && !v6) continue;
        sock_extended_err error;  // copied out: CMSG_DATA need not be aligned for it
        std::memcpy(&error, CMSG_DATA(c), sizeof error);
        record.error = static_cast<int>(error.ee_errno);
        if (error.ee_origin == SO_EE_ORIGIN_ICMP || error.ee_origin == SO_EE_ORIGIN_ICMP6) {
            record.type = error.ee_type;
            record.code = error.ee_code;
        }
        if (carries_mtu(error)) record.mtu = error.ee_info;
    }
    return record;
}

}  // namespace icmpd
