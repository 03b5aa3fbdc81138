#include "raw_socket.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "np/check.hpp"
#include "np/error.hpp"

namespace raw {

np::SocketAddress resolve_host(const std::string& host, int family) {
    try {
        return np::resolve(host, family).front();
    } catch (const np::ResolveError& e) {
        throw np::UsageError(host + ": " + e.what());
    }
}

Route route_to(const np::SocketAddress& destination) {
    np::Fd udp(np::check(::socket(destination.family(), SOCK_DGRAM, 0), "socket"));
    np::SocketAddress peer = destination;
    peer.set_port(9);  // any port: connect needs one, and nothing is sent
    np::check(::connect(udp.get(), peer.data(), peer.size()), "connect");
    Route route;
    np::check(::getsockname(udp.get(), route.source.data(), route.source.size_ptr()),
              "getsockname");
    route.source.set_port(0);
    int mtu = 0;
    socklen_t size = sizeof(mtu);
    const bool v4 = destination.family() == AF_INET;
    np::check(::getsockopt(udp.get(), v4 ? IPPROTO_IP : IPPROTO_IPV6, v4 ? IP_MTU : IPV6_MTU, &mtu,
                           &size),
              v4 ? "getsockopt IP_MTU" : "getsockopt IPV6_MTU");
    route.mtu = static_cast<std::size_t>(mtu);
    return route;
}

np::Fd open_raw_socket(int family, int protocol) {
    return np::Fd(np::check(::socket(family, SOCK_RAW, protocol), "socket"));
}

void set_header_included(const np::Fd& socket) {
    const int on = 1;
    np::check(::setsockopt(socket.get(), IPPROTO_IP, IP_HDRINCL, &on, sizeof(on)),
              "setsockopt IP_HDRINCL");
}

void set_ipv6_checksum_offset(const np::Fd& socket, int offset) {
    np::check(::setsockopt(socket.get(), IPPROTO_IPV6, IPV6_CHECKSUM, &offset, sizeof(offset)),
              "setsockopt IPV6_CHECKSUM");
}

void request_ipv6_ancillary(const np::Fd& socket) {
    const int on = 1;
    np::check(::setsockopt(socket.get(), IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof(on)),
              "setsockopt IPV6_RECVHOPLIMIT");
    np::check(::setsockopt(socket.get(), IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on)),
              "setsockopt IPV6_RECVPKTINFO");
}

void send_datagram(const np::Fd& socket, std::span<const std::byte> bytes,
                   const np::SocketAddress& destination, std::optional<int> hop_limit) {
    msghdr message{};
    np::SocketAddress to = destination;
    message.msg_name = to.data();
    message.msg_namelen = to.size();
    iovec vector{const_cast<std::byte*>(bytes.data()), bytes.size()};
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    if (hop_limit) {
        message.msg_control = control;
        message.msg_controllen = sizeof(control);
        cmsghdr* header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = IPPROTO_IPV6;
        header->cmsg_type = IPV6_HOPLIMIT;
        header->cmsg_len = CMSG_LEN(sizeof(int));
        const int value = *hop_limit;
        std::memcpy(CMSG_DATA(header), &value, sizeof(value));
    }
    np::check(::sendmsg(socket.get(), &message, 0), "sendmsg");
}

Received receive_datagram(const np::Fd& socket) {
    Received received;
    received.bytes.resize(65536);
    alignas(cmsghdr) char control[256];
    ssize_t n;
    msghdr message{};
    do {
        message = msghdr{};
        message.msg_name = received.source.data();
        message.msg_namelen = *received.source.size_ptr();
        iovec vector{received.bytes.data(), received.bytes.size()};
        message.msg_iov = &vector;
        message.msg_iovlen = 1;
        message.msg_control = control;
        message.msg_controllen = sizeof(control);
        n = ::recvmsg(socket.get(), &message, 0);
    } while (n < 0 && errno == EINTR);
    np::check(n, "recvmsg");
    received.bytes.resize(static_cast<std::size_t>(n));
    received.source = np::SocketAddress(received.source.data(), message.msg_namelen);
    for (cmsghdr* c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c)) {
        if (c->cmsg_level != IPPROTO_IPV6) continue;
        if (c->cmsg_type == IPV6_HOPLIMIT) {
            int value = 0;
            std::memcpy(&value, CMSG_DATA(c), sizeof(value));
            received.hop_limit = value;
        } else if (c->cmsg_type == IPV6_PKTINFO) {
            in6_pktinfo info{};
            std::memcpy(&info, CMSG_DATA(c), sizeof(info));
            sockaddr_in6 sin6{};
            sin6.sin6_family = AF_INET6;
            sin6.sin6_addr = info.ipi6_addr;
            received.destination =
                np::SocketAddress(reinterpret_cast<const sockaddr*>(&sin6), sizeof(sin6));
        }
    }
    return received;
}

Ipv4Address ipv4_bytes(const np::SocketAddress& address) {
    if (address.family() != AF_INET) throw std::invalid_argument("not an IPv4 address");
    Ipv4Address bytes;
    const auto* sin = reinterpret_cast<const sockaddr_in*>(address.data());
    std::memcpy(bytes.data(), &sin->sin_addr, bytes.size());
    return bytes;
}

}  // namespace raw
