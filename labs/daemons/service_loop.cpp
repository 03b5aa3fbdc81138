// np-daemond's service: its socket, and the loop that answers datagrams and hands the
// signals to handle_signal (service.cpp).

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <string>

#include "np/address.hpp"
#include "np/check.hpp"
#include "service.hpp"

namespace daemons {

np::Fd open_udp_socket(std::uint16_t port) {
    np::Fd fd(np::check(socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), "socket"));
    const int off = 0;
    np::check(setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off), "IPV6_V6ONLY");
    sockaddr_in6 address{};
    address.sin6_family = AF_INET6;
    address.sin6_addr = in6addr_any;
    address.sin6_port = htons(port);
    np::check(bind(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address),
              "bind port " + std::to_string(port));
    return fd;
}

Service::Service(std::string config_path, Config config, SyslogClient& log)
    : config_path_(std::move(config_path)),
      config_(std::move(config)),
      log_(log),
      socket_(open_udp_socket(config_.port)) {}

int Service::run(np::SignalFd& signals) {
    for (;;) {
        pollfd watched[] = {{signals.fd(), POLLIN, 0}, {socket_.get(), POLLIN, 0}};
        if (poll(watched, 2, -1) == -1) {
            if (errno == EINTR) continue;
            np::throw_errno("poll");
        }
        if (watched[0].revents & POLLIN) {
            while (const auto sig = signals.read()) {
                if (handle_signal(*sig)) return *sig;
            }
        }
        if (watched[1].revents & POLLIN) answer();
    }
}

void Service::answer() {
    char buffer[2048];
    np::SocketAddress sender;
    const ssize_t n =
        recvfrom(socket_.get(), buffer, sizeof buffer, 0, sender.data(), sender.size_ptr());
    if (n == -1) return;  // EAGAIN, or an error the next datagram does not care about
    const std::string reply = config_.reply + "\n";
    // A reply that cannot go out (the sender vanished, a full buffer) is not worth more.
    [[maybe_unused]] ssize_t sent =
        sendto(socket_.get(), reply.data(), reply.size(), 0, sender.data(), sender.size());
}

}  // namespace daemons
