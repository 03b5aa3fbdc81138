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

std::optional<np::SocketAddress> bound_udp_address([[maybe_unused]] int fd, std::string& why) {
    // TODO(student): getsockopt SO_TYPE must say SOCK_DGRAM and SO_PROTOCOL IPPROTO_UDP;
    // getsockname gives the local address, which must be AF_INET or AF_INET6 with a
    // nonzero port (the client bound it). Otherwise set `why` and return nullopt.
    why = "bound_udp_address is not written yet";
    return std::nullopt;
}

bool Server::on_client_message([[maybe_unused]] Connection& connection) {
    // TODO(student): the registration (icmpd_protocol.hpp). np::recv_fd the client's message
    // into a small buffer; it throws std::system_error (EAGAIN: nothing to read after all,
    // keep the client) or std::runtime_error (several descriptors: garbage). 0 bytes: the
    // client hung up. No descriptor: garbage before registration (refuse), ignored after.
    // With a descriptor: bound_udp_address tells its local address; close our copy at once
    // (why?); refuse (send_byte kRefused, return false) or add it to registry_, mark the
    // connection registered and send kAccepted. Return false to have the client dropped.
    return false;
}

void Server::dispatch([[maybe_unused]] const IcmpError& error) {
    // TODO(student): make the ErrorRecord (errno_for, type, code, MTU, destination), encode
    // it, and send it to every one of registry_.recipients(error) with MSG_NOSIGNAL and
    // MSG_DONTWAIT (a client that does not read must not block the daemon). A client that
    // cannot take the whole record at once is gone or stuck: drop it.
}

}  // namespace icmpd
