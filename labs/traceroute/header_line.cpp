#include <string>

#include "hop_table.hpp"

// The trace's header line and how an address shows in a hop line, given.

namespace traceroute {

std::string show_address(const np::SocketAddress& address, bool numeric) {
    if (numeric) return address.host();
    return np::reverse_name(address) + " (" + address.host() + ")";
}

std::string header_line(std::string_view host, const np::SocketAddress& target, int max_ttl,
                        std::size_t packet_length) {
    return "traceroute to " + std::string(host) + " (" + target.host() + "), " +
           std::to_string(max_ttl) + " hops max, " + std::to_string(packet_length) +
           " byte packets";
}

}  // namespace traceroute
