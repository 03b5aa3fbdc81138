#include "report.hpp"

#include <cstdio>

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

std::string hex_dump(std::span<const std::byte> bytes) {
    std::string text;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        char piece[32];
        if (i % 16 == 0) {
            std::snprintf(piece, sizeof(piece), "%s  %04zx: ", i ? "\n" : "", i);
            text += piece;
        }
        std::snprintf(piece, sizeof(piece), " %02x", std::to_integer<unsigned>(bytes[i]));
        text += piece;
    }
    if (!bytes.empty()) text += "\n";
    return text;
}

}  // namespace raw
