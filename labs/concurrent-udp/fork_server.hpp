#pragma once
// The first kind of concurrent UDP server: each request is one datagram and its answer
// one datagram, so the server forks a child per request, the child answers through the
// server's own socket (the client sees the port it wrote to) and exits, and the parent is
// back in recvfrom at once.

#include <string>

#include "np/address.hpp"

namespace concurrent {

// One datagram as it arrived: its sender, and its bytes.
struct Datagram {
    np::SocketAddress from;
    std::string text;
};

// The next datagram on `socket` (given, in receive_datagram.cpp): waits as long as it
// takes, carries on when a signal (SIGCHLD) interrupts the wait, and throws
// std::system_error when recvfrom fails.
Datagram receive_datagram(int socket);

// Serves requests on the bound UDP socket `socket` forever: per datagram, one child that
// waits the delay the request asks for, sends format_udp_reply(its pid, the request) to
// the sender, and exits. Children are reaped (reap_children_on_sigchld) as they exit.
[[noreturn]] void serve_forking(int socket);

}  // namespace concurrent
