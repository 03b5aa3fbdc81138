#include "udp_socket.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <vector>

#include "np/check.hpp"

namespace icmpd {

namespace {

void set_int(int fd, int level, int name, int value, const char* what) {
    np::check(setsockopt(fd, level, name, &value, sizeof value), what);
}

}  // namespace

np::Fd open_udp_socket(int family, const ClientOptions& options) {
    np::Fd fd(np::check(socket(family, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP), "socket"));
    np::SocketAddress local;
    if (family == AF_INET) {
        sockaddr_in sin{};
        sin.sin_family = AF_INET;
        local = np::SocketAddress(reinterpret_cast<const sockaddr*>(&sin), sizeof sin);
        if (options.ttl) set_int(fd.get(), IPPROTO_IP, IP_TTL, *options.ttl, "setsockopt(IP_TTL)");
        set_int(fd.get(), IPPROTO_IP, IP_MTU_DISCOVER,
                options.dont_fragment ? IP_PMTUDISC_DO : IP_PMTUDISC_DONT,
                "setsockopt(IP_MTU_DISCOVER)");
    } else {
        sockaddr_in6 sin6{};
        sin6.sin6_family = AF_INET6;
        local = np::SocketAddress(reinterpret_cast<const sockaddr*>(&sin6), sizeof sin6);
        set_int(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, 1, "setsockopt(IPV6_V6ONLY)");
        if (options.ttl) {
            set_int(fd.get(), IPPROTO_IPV6, IPV6_UNICAST_HOPS, *options.ttl,
                    "setsockopt(IPV6_UNICAST_HOPS)");
        }
        if (options.dont_fragment) {
            set_int(fd.get(), IPPROTO_IPV6, IPV6_MTU_DISCOVER, IPV6_PMTUDISC_DO,
                    "setsockopt(IPV6_MTU_DISCOVER)");
            set_int(fd.get(), IPPROTO_IPV6, IPV6_DONTFRAG, 1, "setsockopt(IPV6_DONTFRAG)");
        }
    }
    local.set_port(options.local_port);
    np::check(bind(fd.get(), local.data(), local.size()),
              "bind to port " + std::to_string(options.local_port));
    return fd;
}

np::SocketAddress resolve_destination(const Destination& destination) {
    np::SocketAddress address = np::resolve(destination.host, AF_UNSPEC, SOCK_DGRAM).front();
    address.set_port(destination.port);
    return address;
}

int send_datagram(int fd, const np::SocketAddress& to, std::size_t length) {
    const std::vector<char> payload(length, 'x');
    const ssize_t n = sendto(fd, payload.data(), payload.size(), 0, to.data(), to.size());
    return n == -1 ? errno : 0;
}

}  // namespace icmpd
