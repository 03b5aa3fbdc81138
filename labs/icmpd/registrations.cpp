// The registry's bookkeeping: which client registered which socket, added, removed and
// looked up; and whether an address is its family's wildcard.

#include <netinet/in.h>

#include <algorithm>

#include "registry.hpp"

namespace icmpd {

bool is_wildcard(const np::SocketAddress& address) {
    if (address.family() == AF_INET) {
        return reinterpret_cast<const sockaddr_in*>(address.data())->sin_addr.s_addr ==
               htonl(INADDR_ANY);
    }
    if (address.family() == AF_INET6) {
        return IN6_IS_ADDR_UNSPECIFIED(
            &reinterpret_cast<const sockaddr_in6*>(address.data())->sin6_addr);
    }
    return false;
}

void Registry::add(ClientId client, const np::SocketAddress& local) {
    registrations_.push_back({client, local});
}

void Registry::remove(ClientId client) {
    std::erase_if(registrations_, [&](const Registration& r) { return r.client == client; });
}

bool Registry::contains(ClientId client) const {
    return std::any_of(registrations_.begin(), registrations_.end(),
                       [&](const Registration& r) { return r.client == client; });
}

}  // namespace icmpd
