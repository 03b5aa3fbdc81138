#include "registry.hpp"

namespace icmpd {

std::vector<ClientId> Registry::recipients(const IcmpError& error) const {
    std::vector<ClientId> found;
    for (const Registration& r : registrations_) {
        if (r.local.family() != error.family || r.local.port() != error.source.port()) continue;
        if (!is_wildcard(r.local) && r.local.host() != error.source.host()) continue;
        found.push_back(r.client);
    }
    return found;
}

}  // namespace icmpd
