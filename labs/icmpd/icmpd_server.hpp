#pragma once
// np-icmpd's event loop: raw ICMPv4 and ICMPv6 sockets, a listening Unix stream socket and
// the clients' connections, all in one poll().

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "icmp_error.hpp"
#include "np/address.hpp"
#include "np/fd.hpp"
#include "registry.hpp"

namespace icmpd {

// The address a descriptor received from a client is bound to, if it is a UDP socket of
// IPv4 or IPv6 bound to a port; nullopt otherwise (another kind of descriptor, an unbound
// socket), with `why` saying what was wrong.
std::optional<np::SocketAddress> bound_udp_address(int fd, std::string& why);

// Answers a client with one byte (icmpd_protocol.hpp), without waiting: a client that
// never reads must not stall the daemon.
void send_byte(int fd, char byte);

class Server {
public:
    // Opens the raw sockets (needs root) and listens on `socket_path`, replacing a stale
    // socket file but refusing to start if another daemon answers there. Throws
    // std::system_error or std::runtime_error with a message for the user.
    explicit Server(std::string socket_path);
    ~Server();  // removes the socket file
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Serves until one of the signals of `signal_fd` (a SignalFd's descriptor) arrives.
    void serve(int signal_fd);

private:
    struct Connection {
        np::Fd fd;
        bool registered = false;
    };

    void accept_client();
    // Reads what a client sent: a registration, garbage, or its hang-up. Returns false when
    // the client must be dropped.
    bool on_client_message(Connection& connection);
    void on_icmp(int family, int raw_socket);
    void dispatch(const IcmpError& error);
    void drop(ClientId client);

    std::string socket_path_;
    np::Fd raw4_;
    np::Fd raw6_;
    np::Fd listener_;
    std::vector<Connection> connections_;
    Registry registry_;
};

}  // namespace icmpd
