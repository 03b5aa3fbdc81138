#include "registry.hpp"

namespace icmpd {

std::vector<ClientId> Registry::recipients([[maybe_unused]] const IcmpError& error) const {
    // TODO(student): the clients whose registered socket (registrations_) has the error's
    // family and the quoted source port, and is bound to the wildcard (is_wildcard) or to
    // the quoted source address. Every such client, not just the first.
    return {};
}

}  // namespace icmpd
