#include "listener.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "np/check.hpp"

namespace eventloop {

np::Fd listen_tcp(std::uint16_t port, bool reuse_port) {
    np::Fd fd(np::check(socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), "socket"));
    const int on = 1, off = 0;
    // Restarting the server must not wait for the last run's connections in TIME_WAIT.
    np::check(setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on), "SO_REUSEADDR");
    if (reuse_port) {
        np::check(setsockopt(fd.get(), SOL_SOCKET, SO_REUSEPORT, &on, sizeof on), "SO_REUSEPORT");
    }
    np::check(setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off), "IPV6_V6ONLY");
    sockaddr_in6 address{};
    address.sin6_family = AF_INET6;
    address.sin6_addr = in6addr_any;
    address.sin6_port = htons(port);
    np::check(bind(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address), "bind");
    // A long queue: a burst of connections must wait for accept, not be refused.
    np::check(listen(fd.get(), 4096), "listen");
    return fd;
}

std::uint16_t local_port(int fd) {
    sockaddr_in6 address{};
    socklen_t length = sizeof address;
    np::check(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), "getsockname");
    return ntohs(address.sin6_port);
}

void raise_descriptor_limit() {
    rlimit limit{};
    np::check(getrlimit(RLIMIT_NOFILE, &limit), "getrlimit");
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        np::check(setrlimit(RLIMIT_NOFILE, &limit), "setrlimit(RLIMIT_NOFILE)");
    }
}

void set_nonblocking(int fd) {
    const int flags = np::check(fcntl(fd, F_GETFL), "fcntl(F_GETFL)");
    np::check(fcntl(fd, F_SETFL, flags | O_NONBLOCK), "fcntl(F_SETFL)");
}

}  // namespace eventloop
