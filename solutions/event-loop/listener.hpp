#pragma once
// The listening socket both servers start from, and the process limits a server with
// thousands of connections needs.

#include <cstdint>

#include "np/fd.hpp"

namespace eventloop {

// A non-blocking TCP socket listening on `port` of every address, IPv4 and IPv6 (an IPv6
// socket with IPV6_V6ONLY off). reuse_port: SO_REUSEPORT, so that several sockets (one
// per worker) can bind the same port and the kernel spreads connections over them.
np::Fd listen_tcp(std::uint16_t port, bool reuse_port = false);

// The port a socket is bound to (useful after binding port 0).
std::uint16_t local_port(int fd);

// Raises the soft limit on open descriptors to the hard limit: each connection is a
// descriptor, and the usual soft limit (1024) is too few for a busy server.
void raise_descriptor_limit();

// Sets O_NONBLOCK on `fd`.
void set_nonblocking(int fd);

}  // namespace eventloop
