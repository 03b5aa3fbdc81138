// np-icmpd's sockets and its poll loop: the raw ICMP sockets, the listening Unix socket,
// accepting clients, reading ICMP errors, dropping clients.

#include <linux/icmp.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include "icmpd_protocol.hpp"
#include "icmpd_server.hpp"
#include "np/check.hpp"
#include "np/icmp.hpp"
#include "np/log.hpp"

namespace icmpd {

namespace {

constexpr std::size_t kMaxClients = 256;  // each holds a descriptor of ours
constexpr int kBacklog = 16;

sockaddr_un unix_address(const std::string& path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof address.sun_path) {
        throw std::runtime_error("socket path too long: " + path);
    }
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    return address;
}

// A raw socket for one ICMP version that lets only the error types through: the kernel
// filters out echo replies and the like before they wake us up.
np::Fd open_raw4() {
    np::Fd fd(np::check(socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP),
                        "socket(AF_INET, SOCK_RAW)"));
    icmp_filter filter{};
    filter.data = ~((1u << np::icmp::kDestUnreachable) | (1u << np::icmp::kTimeExceeded) |
                    (1u << np::icmp::kParameterProblem));  // a set bit blocks the type
    np::check(setsockopt(fd.get(), SOL_RAW, ICMP_FILTER, &filter, sizeof filter),
              "setsockopt(ICMP_FILTER)");
    return fd;
}

np::Fd open_raw6() {
    const int fd = socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMPV6);
    if (fd == -1 && errno == EAFNOSUPPORT) {
        np::warn("no IPv6 on this host: serving IPv4 only");
        return np::Fd();
    }
    np::Fd raw6(np::check(fd, "socket(AF_INET6, SOCK_RAW)"));
    icmp6_filter filter;
    ICMP6_FILTER_SETBLOCKALL(&filter);
    ICMP6_FILTER_SETPASS(np::icmp6::kDestUnreachable, &filter);
    ICMP6_FILTER_SETPASS(np::icmp6::kPacketTooBig, &filter);
    ICMP6_FILTER_SETPASS(np::icmp6::kTimeExceeded, &filter);
    ICMP6_FILTER_SETPASS(np::icmp6::kParameterProblem, &filter);
    np::check(setsockopt(raw6.get(), IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof filter),
              "setsockopt(ICMP6_FILTER)");
    return raw6;
}

// Listens at `path`. A socket file already there is either a running daemon's (refuse to
// start: stealing its clients' path would be rude) or left by one that died (remove it).
// Any other file is not ours to remove: connect() refuses it too, but a root daemon told
// "-s /etc/passwd" must not delete it.
np::Fd listen_at(const std::string& path) {
    const sockaddr_un address = unix_address(path);
    const auto* generic = reinterpret_cast<const sockaddr*>(&address);
    {
        np::Fd probe(np::check(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), "socket"));
        if (connect(probe.get(), generic, sizeof address) == 0) {
            throw std::runtime_error(path + ": another np-icmpd is listening there");
        }
        const int why = errno;
        struct stat existing {};
        if (lstat(path.c_str(), &existing) == 0 && !S_ISSOCK(existing.st_mode)) {
            throw std::runtime_error(path + ": exists and is not a socket");
        }
        if (why == ECONNREFUSED) unlink(path.c_str());
    }
    np::Fd listener(
        np::check(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), "socket"));
    if (bind(listener.get(), generic, sizeof address) == -1) {
        np::throw_errno("bind " + path);
    }
    // Any local user may register: connecting needs write permission on the file.
    chmod(path.c_str(), 0666);
    np::check(listen(listener.get(), kBacklog), "listen");
    return listener;
}

}  // namespace

void send_byte(int fd, char byte) {
    // MSG_DONTWAIT: a client that never reads must not stall the daemon.
    send(fd, &byte, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
}

Server::Server(std::string socket_path)
    : socket_path_(std::move(socket_path)),
      raw4_(open_raw4()),
      raw6_(open_raw6()),
      listener_(listen_at(socket_path_)) {}

Server::~Server() { unlink(socket_path_.c_str()); }

void Server::serve(int signal_fd) {
    for (;;) {
        std::vector<pollfd> fds;
        fds.push_back({signal_fd, POLLIN, 0});
        fds.push_back({listener_.get(), POLLIN, 0});
        fds.push_back({raw4_.get(), POLLIN, 0});
        fds.push_back({raw6_.get(), POLLIN, 0});  // -1 without IPv6: poll skips it
        for (const Connection& c : connections_) fds.push_back({c.fd.get(), POLLIN, 0});

        if (poll(fds.data(), fds.size(), -1) == -1) {
            if (errno == EINTR) continue;
            np::check(-1, "poll");
        }
        if (fds[0].revents != 0) return;  // SIGTERM, SIGINT, SIGHUP: the socket file goes too
        if (fds[2].revents != 0) on_icmp(AF_INET, raw4_.get());
        if (fds[3].revents != 0) on_icmp(AF_INET6, raw6_.get());

        std::vector<ClientId> gone;
        for (std::size_t i = 4; i < fds.size(); ++i) {
            if (fds[i].revents == 0) continue;
            auto it = std::find_if(connections_.begin(), connections_.end(),
                                   [&](const Connection& c) { return c.fd.get() == fds[i].fd; });
            if (it != connections_.end() && !on_client_message(*it)) gone.push_back(fds[i].fd);
        }
        for (ClientId client : gone) drop(client);
        // Accept last: a new client may get the number of a descriptor just closed.
        if (fds[1].revents != 0) accept_client();
    }
}

void Server::accept_client() {
    const int fd = accept4(listener_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd == -1) {
        // The client may have given up already (ECONNABORTED), or descriptors ran out.
        if (errno != EAGAIN && errno != EINTR) np::warn("accept: " + np::errno_text(errno));
        return;
    }
    np::Fd connection(fd);
    if (connections_.size() >= kMaxClients) {
        np::debug("too many clients: refusing one");
        send_byte(fd, kRefused);
        return;
    }
    connections_.push_back({std::move(connection), false});
}

void Server::on_icmp(int family, int raw_socket) {
    std::array<std::byte, 65536> datagram;
    for (;;) {  // drain: several errors may have come together
        const ssize_t n = recv(raw_socket, datagram.data(), datagram.size(), 0);
        if (n == -1) {
            if (errno != EAGAIN && errno != EINTR) {
                np::warn("recv from raw socket: " + np::errno_text(errno));
            }
            return;
        }
        const Parsed parsed =
            parse_icmp_error(family, std::span(datagram).first(static_cast<std::size_t>(n)));
        if (const auto* ignored = std::get_if<Ignored>(&parsed)) {
            np::debug("ignored: " + ignored->reason);
            continue;
        }
        dispatch(std::get<IcmpError>(parsed));
    }
}

void Server::drop(ClientId client) {
    registry_.remove(client);
    std::erase_if(connections_, [&](const Connection& c) { return c.fd.get() == client; });
}

}  // namespace icmpd
