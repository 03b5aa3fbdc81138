#pragma once
// Who is registered with np-icmpd, and which of them an ICMP error is for.

#include <vector>

#include "icmp_error.hpp"
#include "np/address.hpp"

namespace icmpd {

// A client is known by the descriptor of its Unix connection to the daemon.
using ClientId = int;

struct Registration {
    ClientId client = -1;
    np::SocketAddress local;  // getsockname of its UDP socket: family, address, port
};

class Registry {
public:
    // Remembers that a UDP socket of `client` is bound to `local`. A client may register
    // several sockets (one per address family, say).
    void add(ClientId client, const np::SocketAddress& local);
    // Forgets a client and all its sockets (it hung up, or could not be written to).
    void remove(ClientId client);
    bool contains(ClientId client) const;
    std::size_t size() const noexcept { return registrations_.size(); }

    // The clients `error` is about: those whose socket is of the error's family, bound to
    // the quoted source port, and bound to the quoted source address or to the wildcard
    // (0.0.0.0, ::). Two sockets share a port only with SO_REUSEPORT: both hear the error.
    std::vector<ClientId> recipients(const IcmpError& error) const;

private:
    std::vector<Registration> registrations_;
};

// Is `address` the wildcard address of its family (0.0.0.0 or ::)?
bool is_wildcard(const np::SocketAddress& address);

}  // namespace icmpd
