// What the daemon does with a client and an error: the registration of a UDP socket,
// and the dispatch of an error to the clients it is for. The sockets and the poll loop
// around them are in icmpd_server_loop.cpp.

#include "icmpd_server.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <stdexcept>
#include <system_error>

#include "error_record.hpp"
#include "icmpd_protocol.hpp"
#include "np/check.hpp"
#include "np/fdpass.hpp"
#include "np/log.hpp"

namespace icmpd {

std::optional<np::SocketAddress> bound_udp_address(int fd, std::string& why) {
    int type = 0;
    int protocol = 0;
    socklen_t size = sizeof type;
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &size) == -1) {
        why = "not a socket: " + np::errno_text(errno);
        return std::nullopt;
    }
    size = sizeof protocol;
    if (getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &size) == -1 || type != SOCK_DGRAM ||
        protocol != IPPROTO_UDP) {
        why = "not a UDP socket";
        return std::nullopt;
    }
    np::SocketAddress local;
    if (getsockname(fd, local.data(), local.size_ptr()) == -1) {
        why = "getsockname: " + np::errno_text(errno);
        return std::nullopt;
    }
    if (local.family() != AF_INET && local.family() != AF_INET6) {
        why = "not an IPv4 or IPv6 socket";
        return std::nullopt;
    }
    if (local.port() == 0) {
        why = "the socket is not bound to a port";
        return std::nullopt;
    }
    return local;
}

bool Server::on_client_message(Connection& connection) {
    const int client = connection.fd.get();
    std::array<std::byte, 64> buffer;
    np::ReceivedFd received;
    try {
        received = np::recv_fd(client, buffer);
    } catch (const std::system_error& e) {
        if (e.code().value() == EAGAIN || e.code().value() == EINTR) return true;
        np::debug("client " + std::to_string(client) + ": " + e.what());
        return false;
    } catch (const std::runtime_error& e) {  // several descriptors at once: garbage
        np::debug("client " + std::to_string(client) + ": " + e.what());
        send_byte(client, kRefused);
        return false;
    }
    if (received.bytes == 0) {
        np::debug("client " + std::to_string(client) + ": hung up");
        return false;
    }
    if (!received.fd) {
        // Before registration, bytes without a descriptor are garbage; after it, ignored.
        if (connection.registered) return true;
        np::debug("client " + std::to_string(client) + ": no descriptor came: refused");
        send_byte(client, kRefused);
        return false;
    }
    std::string why;
    const auto local = bound_udp_address(received.fd.get(), why);
    // Our copy of the client's socket is closed when `received` goes: the port is all we
    // need, and a copy would keep the port bound after the client closed its socket.
    received.fd.reset();
    if (!local) {
        np::debug("client " + std::to_string(client) + ": refused: " + why);
        send_byte(client, kRefused);
        return false;
    }
    registry_.add(client, *local);
    connection.registered = true;
    send_byte(client, kAccepted);
    np::debug("client " + std::to_string(client) + ": registered " + local->to_string());
    return true;
}

void Server::dispatch(const IcmpError& error) {
    ErrorRecord record;
    record.error = errno_for(error.family, error.type, error.code);
    record.type = error.type;
    record.code = error.code;
    record.mtu = error.mtu;
    record.destination = error.destination;
    const auto bytes = encode_record(record);
    for (ClientId client : registry_.recipients(error)) {
        const ssize_t n = send(client, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        // A partial record would throw the client's reading out of step; one that cannot
        // be written at all means a client that is gone or does not read: drop it.
        if (n != static_cast<ssize_t>(bytes.size())) {
            np::debug("client " + std::to_string(client) + ": cannot be written to: dropped");
            drop(client);
        } else {
            np::debug("client " + std::to_string(client) + ": " + error_line(record));
        }
    }
}

}  // namespace icmpd
