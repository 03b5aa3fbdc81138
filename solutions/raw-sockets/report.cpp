#include "report.hpp"

#include "ip_header.hpp"

namespace raw {

std::string describe_ipv4(std::span<const std::byte> datagram) {
    const Ipv4Header ip = decode_ipv4_header(datagram);
    return to_string(ip.source) + " > " + to_string(ip.destination) + ": proto " +
           std::to_string(ip.protocol) + ", ttl " + std::to_string(ip.ttl) + ", id " +
           std::to_string(ip.identification) + ", length " + std::to_string(ip.total_length);
}

std::string describe_ipv6(const std::string& source, const std::string& destination,
                          std::uint8_t next_header, std::optional<int> hop_limit,
                          std::size_t length) {
    return source + " > " + destination + ": proto " + std::to_string(next_header) + ", hlim " +
           (hop_limit ? std::to_string(*hop_limit) : std::string("?")) + ", length " +
           std::to_string(length);
}

}  // namespace raw
