// Given: opening the ICMP sockets (raw, else datagram) and setting them up for a ping.

#include "icmp_socket.hpp"

#include <linux/icmp.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <string>
#include <string_view>

#include "np/check.hpp"
#include "np/error.hpp"
#include "np/icmp.hpp"
#include "np/log.hpp"

namespace ping {

namespace {

void set_int_option(int fd, int level, int name, int value, std::string_view what) {
    np::check(setsockopt(fd, level, name, &value, sizeof(value)), what);
}

// The address the kernel would send from to reach `target` through `device`: connect a
// UDP socket (which sends nothing) and ask it.
np::SocketAddress source_address(const np::SocketAddress& target, const std::string& device) {
    np::Fd probe(np::check(socket(target.family(), SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket"));
    np::check(setsockopt(probe.get(), SOL_SOCKET, SO_BINDTODEVICE, device.c_str(),
                         static_cast<socklen_t>(device.size() + 1)),
              "SO_BINDTODEVICE " + device);
    np::SocketAddress to = target;
    to.set_port(1025);  // any port: connect needs one, nothing is sent
    np::check(connect(probe.get(), to.data(), to.size()), "connect");
    np::SocketAddress source;
    np::check(getsockname(probe.get(), source.data(), source.size_ptr()), "getsockname");
    return source;
}

}  // namespace

IcmpSocket open_icmp_socket(int family) {
    IcmpSocket sock;
    sock.family = family;
    const int protocol = family == AF_INET ? int{IPPROTO_ICMP} : int{IPPROTO_ICMPV6};
    int fd = socket(family, SOCK_RAW | SOCK_CLOEXEC, protocol);
    if (fd >= 0) {
        sock.fd.reset(fd);
        sock.identifier = static_cast<std::uint16_t>(getpid() & 0xffff);
        return sock;
    }
    if (errno != EPERM && errno != EACCES) np::throw_errno("socket");

    // No CAP_NET_RAW: a datagram ICMP socket, if our group is in ping_group_range.
    fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, protocol);
    if (fd < 0) {
        if (errno == EPERM || errno == EACCES) {
            throw std::runtime_error(
                "no permission for an ICMP socket: run as root, or allow your group in "
                "net.ipv4.ping_group_range");
        }
        np::throw_errno("socket");
    }
    sock.fd.reset(fd);
    sock.raw = false;
    return sock;
}

IcmpSockets::IcmpSockets(int family) {
    if (family == AF_INET) {
        v4_ = open_icmp_socket(AF_INET);
    } else if (family == AF_INET6) {
        v6_ = open_icmp_socket(AF_INET6);
    } else {
        try {
            v4_ = open_icmp_socket(AF_INET);
        } catch (const std::exception&) {
            v4_error_ = std::current_exception();
        }
        try {
            v6_ = open_icmp_socket(AF_INET6);
        } catch (const std::exception&) {
            v6_error_ = std::current_exception();
        }
        if (!v4_ && !v6_) std::rethrow_exception(v4_error_);
    }
}

IcmpSocket IcmpSockets::take(int family) {
    std::optional<IcmpSocket>& slot = family == AF_INET ? v4_ : v6_;
    std::exception_ptr error = family == AF_INET ? v4_error_ : v6_error_;
    if (error) std::rethrow_exception(error);
    if (!slot) throw std::logic_error("no ICMP socket was opened for this address family");
    IcmpSocket sock = std::move(*slot);
    slot.reset();
    return sock;
}

std::optional<Source> configure_socket(const IcmpSocket& socket, const Options& options,
                                       const np::SocketAddress& target) {
    const int fd = socket.fd.get();
    // Kernel receive times are taken before our process runs: better RTTs under load.
    const int on = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMP, &on, sizeof(on)) == -1) {
        np::debug("no SO_TIMESTAMP; taking receive times ourselves");
    }
    if (socket.family == AF_INET) {
        if (options.ttl) set_int_option(fd, IPPROTO_IP, IP_TTL, *options.ttl, "setsockopt IP_TTL");
        if (socket.raw) {
            // A raw socket gets every ICMP message of the host: keep replies and errors.
            icmp_filter filter{};
            filter.data = ~((1u << np::icmp::kEchoReply) | (1u << np::icmp::kDestUnreachable) |
                            (1u << np::icmp::kTimeExceeded) | (1u << np::icmp::kParameterProblem));
            np::check(setsockopt(fd, SOL_RAW, ICMP_FILTER, &filter, sizeof(filter)),
                      "setsockopt ICMP_FILTER");
        } else {
            // No IP header on a datagram socket: the TTL comes as ancillary data, and
            // ICMP errors only through the error queue.
            set_int_option(fd, IPPROTO_IP, IP_RECVTTL, 1, "setsockopt IP_RECVTTL");
            set_int_option(fd, IPPROTO_IP, IP_RECVERR, 1, "setsockopt IP_RECVERR");
        }
    } else {
        if (options.ttl) {
            set_int_option(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, *options.ttl,
                           "setsockopt IPV6_UNICAST_HOPS");
        }
        // ICMPv6 sockets never see the IPv6 header: the hop limit comes as ancillary data.
        set_int_option(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, "setsockopt IPV6_RECVHOPLIMIT");
        if (socket.raw) {
            icmp6_filter filter;
            ICMP6_FILTER_SETBLOCKALL(&filter);
            for (int type :
                 {np::icmp6::kEchoReply, np::icmp6::kDestUnreachable, np::icmp6::kPacketTooBig,
                  np::icmp6::kTimeExceeded, np::icmp6::kParameterProblem}) {
                ICMP6_FILTER_SETPASS(type, &filter);
            }
            np::check(setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof(filter)),
                      "setsockopt ICMP6_FILTER");
        } else {
            set_int_option(fd, IPPROTO_IPV6, IPV6_RECVERR, 1, "setsockopt IPV6_RECVERR");
        }
    }

    if (options.interface.empty()) return std::nullopt;
    if (auto address = np::SocketAddress::parse_numeric(options.interface)) {
        if (address->family() != target.family()) {
            throw np::UsageError("-I " + options.interface + ": not an address of " +
                                 (target.family() == AF_INET ? "IPv4" : "IPv6"));
        }
        np::check(bind(fd, address->data(), address->size()), "bind " + options.interface);
        return Source{address->host(), ""};
    }
    np::check(setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, options.interface.c_str(),
                         static_cast<socklen_t>(options.interface.size() + 1)),
              "SO_BINDTODEVICE " + options.interface);
    return Source{source_address(target, options.interface).host(), options.interface};
}

Framing framing_for(const IcmpSocket& socket) {
    if (socket.family == AF_INET6) return Framing::kIpv6;
    return socket.raw ? Framing::kIpv4WithHeader : Framing::kIpv4Bare;
}

}  // namespace ping
